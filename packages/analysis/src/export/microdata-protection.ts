import { randomInt } from 'node:crypto'
import { dimensionFor, NOT_STATED, sizeClassOf } from '../dimensions/dimensions'
import { csvField, type CsvDialect } from './csv'
import { forEachJsonMember, jsonValue } from './json-members'
import type { ResponseRecord } from './responses-csv'
import type { ExportVariable, VariableValue } from './variables'

// ---------------------------------------------------------------------------------------------
// The quasi-identifiers and their hierarchies
// ---------------------------------------------------------------------------------------------

export type QuasiIdentifierKey = 'families' | 'region' | 'legal_form' | 'size_class' | 'year_founded'

/** The level a quasi-identifier is published at, for the whole file: its finest classes, the coarser ones, or blank. */
export type QuasiIdentifierLevel = 'finest' | 'coarser' | 'blank'

/**
 * A quasi-identifier: a question whose answer an attacker can know from elsewhere (the registry,
 * the organisation's website) and use to find its row. `finest` is the most detailed class the
 * microdata may publish — never the exact answer for a number — and `coarser` the class one level
 * up; above it, the value is blank.
 */
export interface QuasiIdentifier {
  key: QuasiIdentifierKey
  question: string
  labelFr: string
  labelEn: string
  /** The finest class of an answer, given the question's choices; null when unanswered or without a class. */
  finest(answer: unknown, choices: readonly string[]): string | null
  /** The coarser class of a finest class. */
  coarser(code: string): string
  /** The classes of a level, with their labels, given the question's choices (labelled). */
  classes(level: 'finest' | 'coarser', choices: readonly VariableValue[]): VariableValue[]
  /** How the coarser level groups the finest classes, in plain words. */
  coarserFr: string
  coarserEn: string
}

/** The coarser class of organisations that ticked more than one family. */
export const SEVERAL_FAMILIES = 'plusieurs'

const value = (code: string, labelFr: string, labelEn = labelFr): VariableValue => ({ value: code, labelFr, labelEn })

// Metropolitan regions in five zones (Île-de-France alone, as INSEE's ZEAT keep it), overseas
// regions together, `national` alone: zones of at least two regions outside Île-de-France.
const ZONES: readonly { zone: VariableValue; regions: readonly string[] }[] = [
  { zone: value('ile_de_france', 'Île-de-France'), regions: ['ile_de_france'] },
  {
    zone: value(
      'nord_est',
      'Nord-Est (Grand Est, Hauts-de-France, Bourgogne-Franche-Comté)',
      'North-East (Grand Est, Hauts-de-France, Bourgogne-Franche-Comté)',
    ),
    regions: ['grand_est', 'hauts_de_france', 'bourgogne_franche_comte'],
  },
  {
    zone: value(
      'nord_ouest',
      'Nord-Ouest (Normandie, Bretagne, Pays de la Loire, Centre-Val de Loire)',
      'North-West (Normandy, Brittany, Pays de la Loire, Centre-Val de Loire)',
    ),
    regions: ['normandie', 'bretagne', 'pays_de_la_loire', 'centre_val_de_loire'],
  },
  {
    zone: value(
      'sud_est',
      "Sud-Est (Auvergne-Rhône-Alpes, Provence-Alpes-Côte d'Azur, Corse)",
      "South-East (Auvergne-Rhône-Alpes, Provence-Alpes-Côte d'Azur, Corsica)",
    ),
    regions: ['auvergne_rhone_alpes', 'provence_alpes_cote_d_azur', 'corse'],
  },
  {
    zone: value('sud_ouest', 'Sud-Ouest (Nouvelle-Aquitaine, Occitanie)', 'South-West (Nouvelle-Aquitaine, Occitanie)'),
    regions: ['nouvelle_aquitaine', 'occitanie'],
  },
  {
    zone: value(
      'outre_mer',
      'Outre-mer (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte)',
      'Overseas (Guadeloupe, Martinique, French Guiana, Réunion, Mayotte)',
    ),
    regions: ['guadeloupe', 'martinique', 'guyane', 'la_reunion', 'mayotte'],
  },
  { zone: value('national', 'National (plusieurs régions ou toute la France)', 'National (several regions or the whole of France)'), regions: ['national'] },
]
const ZONE_OF = new Map(ZONES.flatMap(({ zone, regions }) => regions.map((region) => [region, zone.value] as const)))

const LEGAL_FORM_GROUPS: readonly { group: VariableValue; forms: readonly string[] }[] = [
  { group: value('association', 'Association', 'Non-profit association'), forms: ['association'] },
  {
    group: value('cooperative', 'Coopérative (SCOP, SCIC, CAE, autre coopérative)', 'Cooperative (SCOP, SCIC, CAE, other cooperative)'),
    forms: ['scop', 'scic', 'cae', 'cooperative_autre'],
  },
  {
    group: value(
      'autre_forme',
      "Autre forme (société commerciale de l'ESS, fondation, mutuelle, autre)",
      'Other form (commercial company of the ESS, foundation, mutual, other)',
    ),
    forms: ['sas_ess', 'fondation', 'mutuelle', 'autre'],
  },
]
const LEGAL_FORM_GROUP_OF = new Map(LEGAL_FORM_GROUPS.flatMap(({ group, forms }) => forms.map((form) => [form, group.value] as const)))

const SIZE_CLASSES = dimensionFor('size_class', [])
  .values.filter((v) => v.key !== NOT_STATED)
  .map((v) => value(v.key, v.labelFr, v.labelEn))
const SIZE_GROUPS = [value('etp_0_9', 'Moins de 10 ETP (0 compris)', 'Under 10 FTE (0 included)'), value('etp_10_plus', '10 ETP ou plus', '10 FTE or more')]

const YEAR_BANDS: readonly { band: VariableValue; from: number }[] = [
  { band: value('2020_plus', '2020 ou après', '2020 or later'), from: 2020 },
  { band: value('2015_2019', '2015 à 2019', '2015 to 2019'), from: 2015 },
  { band: value('2010_2014', '2010 à 2014', '2010 to 2014'), from: 2010 },
  { band: value('2000_2009', '2000 à 2009', '2000 to 2009'), from: 2000 },
  { band: value('1980_1999', '1980 à 1999', '1980 to 1999'), from: 1980 },
  { band: value('avant_1980', 'Avant 1980', 'Before 1980'), from: -Infinity },
]
const YEAR_GROUPS = [
  value('avant_2000', 'Avant 2000', 'Before 2000'),
  value('2000_2014', '2000 à 2014', '2000 to 2014'),
  value('2015_plus', '2015 ou après', '2015 or later'),
]
const YEAR_GROUP_OF: Record<string, string> = {
  avant_1980: 'avant_2000',
  '1980_1999': 'avant_2000',
  '2000_2009': '2000_2014',
  '2010_2014': '2000_2014',
  '2015_2019': '2015_plus',
  '2020_plus': '2015_plus',
}

const chosen = (answer: unknown, choices: readonly string[]): string | null =>
  typeof answer === 'string' && (choices.length === 0 || choices.includes(answer)) ? answer : null

/**
 * The quasi-identifiers of Sonde's microdata, finest level first, each applied when the
 * questionnaire exports its question: the families ticked (the set; coarser: the one family, or
 * "plusieurs"), the region (coarser: a zone — Île-de-France, Nord-Est, Nord-Ouest, Sud-Est,
 * Sud-Ouest, Outre-mer, national), the legal form (coarser: association, coopérative — SCOP, SCIC,
 * CAE, other cooperatives —, other), the size class from FTE employees (`sizeClassOf`: 0, under
 * 10, 10–49, 50+; coarser: under 10, 10+) and the year founded in bands (before 1980, 1980–1999,
 * 2000–2009, 2010–2014, 2015–2019, 2020+; coarser: before 2000, 2000–2014, 2015+). The registry
 * holds the first two (docs/security.md, "Pseudonymised microdata"); the others are on every organisation's website.
 */
export const QUASI_IDENTIFIERS: readonly QuasiIdentifier[] = [
  {
    key: 'families',
    question: 'familles',
    labelFr: 'familles',
    labelEn: 'families',
    finest: (answer, choices) => {
      const ticked = new Set(Array.isArray(answer) ? answer : typeof answer === 'string' ? [answer] : [])
      const set = choices.filter((choice) => ticked.has(choice))
      return set.length > 0 ? set.join(';') : null
    },
    coarser: (code) => (code.includes(';') ? SEVERAL_FAMILIES : code),
    classes: (level, choices) => (level === 'finest' ? [...choices] : [...choices, value(SEVERAL_FAMILIES, 'Plusieurs familles', 'Several families')]),
    coarserFr: 'la famille quand il y en a une seule, « plusieurs » sinon',
    coarserEn: 'the family when there is only one, "plusieurs" (several) otherwise',
  },
  {
    key: 'region',
    question: 'region',
    labelFr: 'région',
    labelEn: 'region',
    finest: chosen,
    // A region the table does not know keeps its own class: merging it blindly could mislead.
    coarser: (code) => ZONE_OF.get(code) ?? code,
    classes: (level, choices) => {
      if (level === 'finest') return [...choices]
      const unknown = choices.filter((choice) => !ZONE_OF.has(choice.value))
      return [...ZONES.map((z) => z.zone).filter((zone) => choices.some((choice) => ZONE_OF.get(choice.value) === zone.value)), ...unknown]
    },
    coarserFr: 'zones : Île-de-France, Nord-Est, Nord-Ouest, Sud-Est, Sud-Ouest, Outre-mer, national',
    coarserEn: 'zones: Île-de-France, North-East, North-West, South-East, South-West, Overseas, national',
  },
  {
    key: 'legal_form',
    question: 'forme_juridique',
    labelFr: 'forme juridique',
    labelEn: 'legal form',
    finest: chosen,
    coarser: (code) => LEGAL_FORM_GROUP_OF.get(code) ?? 'autre_forme',
    classes: (level, choices) => (level === 'finest' ? [...choices] : LEGAL_FORM_GROUPS.map((g) => g.group)),
    coarserFr: 'association, coopérative (SCOP, SCIC, CAE, autre coopérative), autre forme',
    coarserEn: 'association, cooperative (SCOP, SCIC, CAE, other cooperative), other form',
  },
  {
    key: 'size_class',
    question: 'salaries_etp',
    labelFr: 'taille (salariés en ETP)',
    labelEn: 'size (FTE employees)',
    finest: (answer) => {
      const size = typeof answer === 'number' ? sizeClassOf(answer) : NOT_STATED
      return size === NOT_STATED ? null : size
    },
    coarser: (code) => (code === 'etp_0' || code === 'etp_1_9' ? 'etp_0_9' : 'etp_10_plus'),
    classes: (level) => (level === 'finest' ? SIZE_CLASSES : SIZE_GROUPS),
    coarserFr: 'moins de 10 ETP, 10 ETP ou plus',
    coarserEn: 'under 10 FTE, 10 FTE or more',
  },
  {
    key: 'year_founded',
    question: 'annee_creation',
    labelFr: 'année de création',
    labelEn: 'year founded',
    finest: (answer) => (typeof answer === 'number' && Number.isFinite(answer) ? YEAR_BANDS.find((b) => answer >= b.from)!.band.value : null),
    coarser: (code) => YEAR_GROUP_OF[code] ?? code,
    classes: (level) => (level === 'finest' ? YEAR_BANDS.map((b) => b.band).reverse() : YEAR_GROUPS),
    coarserFr: 'avant 2000, 2000 à 2014, 2015 ou après',
    coarserEn: 'before 2000, 2000 to 2014, 2015 or later',
  },
]

const FAMILIES = QUASI_IDENTIFIERS[0]!

/** Blanking order when several quasi-identifiers could go: families, the study's axis, last. */
const BLANKING_PREFERENCE: readonly QuasiIdentifierKey[] = ['year_founded', 'size_class', 'legal_form', 'region', 'families']

// The families a condition requires: `{familles} contains 'x'`, alone or in a conjunction
// (a disjunction or a negation requires nothing for sure).
function requiredFamilies(conditions: readonly string[], question: string): Set<string> {
  const families = new Set<string>()
  const pattern = new RegExp(`^\\{${question}\\}\\s+contains\\s+(['"])([^'"]+)\\1$`, 'i')
  for (const condition of conditions) {
    if (/\bor\b|\bnot\b|!|\(/i.test(condition)) continue
    for (const conjunct of condition.split(/\band\b/i)) {
      const match = pattern.exec(conjunct.trim())
      if (match) families.add(match[2]!)
    }
  }
  return families
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

/** A quasi-identifier as this file publishes it. */
export interface PlannedQuasiIdentifier {
  key: QuasiIdentifierKey
  question: string
  level: QuasiIdentifierLevel
  /** The classes the column may hold at that level, with their labels (none when blank). */
  classes: VariableValue[]
  /** Values blanked in this file to reach k (unanswered questions are blank anyway and not counted). */
  blanked: number
}

/** A variable top-coded in this file. */
export interface TopCode {
  variable: string
  /** The value written for every value above it: the file's 95th percentile (`topCodeThreshold`). */
  threshold: number
  /** How many values were above it. */
  above: number
  /** How many values the column holds. */
  values: number
}

/**
 * What the protected microdata file publishes, decided in one reading of the responses
 * (`planMicrodata`) and applied by `responsesCsv` when it writes them, in any order.
 */
export interface MicrodataPlan {
  k: number
  rows: number
  quasiIdentifiers: PlannedQuasiIdentifier[]
  /** Answers of family pages left blank because the row's families are not published (they would give them away). */
  hiddenFamilyAnswers: number
  /** Per question of a family page, the families its answer gives away. */
  familyPages: ReadonlyMap<string, readonly string[]>
  topCodes: TopCode[]
  /** The published quasi-identifier values (one per `quasiIdentifiers`, null = blank) of each distinct pattern. */
  patterns: readonly (readonly (string | null)[])[]
  /** Per response id, the index of its pattern. */
  patternOf: ReadonlyMap<string, number>
}

/** The share of the rows at or below the top-code. */
export const TOP_CODE_PERCENTILE = 0.95

/**
 * The top-code of a column from its values sorted ascending: the file's 95th percentile, read as
 * the largest value at or below the linear-interpolation percentile (Hyndman & Fan 1996 type 7,
 * `quantile`): x₍⌊0.95·(n−1)⌋₎ on 0-based indices — NumPy's `percentile(method='lower')`. It is
 * always a value of the file, so no new number is made up, and since ⌊0.95·(n−1)⌋ ≤ n − 2 the
 * largest value is never written above the second largest, however few the values: a single
 * giant contributor is never written as it is.
 */
export function topCodeThreshold(sortedValues: ArrayLike<number>): number | null {
  const n = sortedValues.length
  return n === 0 ? null : (sortedValues[Math.floor((n - 1) * TOP_CODE_PERCENTILE)] as number)
}

/** The numbers of a column with the rows they come from, in typed arrays: 100 000 rows × dozens of columns stay small. */
class ColumnValues {
  values = new Float64Array(64)
  rows = new Uint32Array(64)
  length = 0
  push(value: number, row: number): void {
    if (this.length === this.values.length) {
      const values = new Float64Array(this.length * 2)
      const rows = new Uint32Array(this.length * 2)
      values.set(this.values)
      rows.set(this.rows)
      this.values = values
      this.rows = rows
    }
    this.values[this.length] = value
    this.rows[this.length++] = row
  }
}

/** Rows that share their finest quasi-identifier classes: what k-anonymity works on. */
interface Group {
  codes: (string | null)[]
  rows: number[]
  /** Answers of family pages its rows hold, all rows together. */
  familyAnswers: number
}

/** A published pattern and its rows, by group. */
interface Cell {
  /** The pattern as a number: each quasi-identifier's class id (0 = blank) in mixed radix. */
  key: number
  codes: Int32Array
  /** Bit i set when quasi-identifier i is not blank. */
  open: number
  members: Map<number, number>
  size: number
}

/** The outcome of local suppression: each published pattern (null = blank) and its rows by group; the values lost. */
interface Protection {
  cells: { codes: (string | null)[]; members: ReadonlyMap<number, number> }[]
  loss: number
}

/**
 * Local suppression on top of global levels, on distinct patterns (never row × row). Every
 * published pattern — a blank counted as a value of its own — must be shared by at least k rows:
 * then an attacker who knows an organisation's true quasi-identifiers finds at least k rows
 * consistent with them, and one holding a row finds at least k organisations it may be (a
 * pattern of fewer than k rows, even with a blank, singles them out: "the only row whose region
 * is blank"). In rounds, each pattern under k, smallest first, blanks one quasi-identifier: one
 * that reaches k with the rows already there and the other patterns under k that differ only in
 * it (they come along, one blank each), else the one that gathers the most rows, to go on next
 * round. Rows of patterns over k never move: blanking them would cost values that were safe (on
 * generated waves this lost a fifth more than letting small patterns gather). Families, the
 * study's axis, are blanked only when nothing else is left; ties go to blanking the year founded,
 * the size, the legal form, the region, in that order. What ends all blank and still under k
 * takes rows from the patterns with the most to spare, then whole patterns, the smallest first.
 */
function protect(
  groups: readonly Group[],
  classOf: readonly ((code: string) => string | null)[],
  k: number,
  preference: readonly number[],
  familiesIndex: number,
): Protection {
  const q = classOf.length
  // Class ids per quasi-identifier, given in the (sorted) order of the groups: the same data give the same ids.
  const names = classOf.map(() => [''])
  const ids = classOf.map(() => new Map<string, number>())
  const codesOf = groups.map((group) =>
    Int32Array.from(group.codes, (code, i) => {
      const name = code === null ? null : classOf[i]!(code)
      if (name === null) return 0
      let id = ids[i]!.get(name)
      if (id === undefined) {
        id = names[i]!.length
        ids[i]!.set(name, id)
        names[i]!.push(name)
      }
      return id
    }),
  )
  const weights: number[] = []
  let weight = 1
  for (let i = 0; i < q; i++) {
    weights.push(weight)
    weight *= names[i]!.length + 1
  }
  // Classes are those seen in the file, so this takes hundreds of thousands of classes per column.
  if (weight > Number.MAX_SAFE_INTEGER) throw new RangeError('too many distinct quasi-identifier classes to number their combinations exactly')
  const keyOf = (codes: Int32Array) => {
    let key = 0
    for (let i = 0; i < q; i++) key += codes[i]! * weights[i]!
    return key
  }
  // Keys are linear in the ids: blanking i takes its term away; one id past the last class
  // stands for "any value" in the keys of `siblings`.
  const blankedKey = (cell: Cell, i: number) => cell.key - cell.codes[i]! * weights[i]!
  const siblingKey = (key: number, codes: Int32Array, i: number) => key + (names[i]!.length - codes[i]!) * weights[i]!
  const blanked = (codes: Int32Array, i: number) => codes.map((code, j) => (j === i ? 0 : code))

  const cells = new Map<number, Cell>()
  // Per quasi-identifier, the patterns that agree everywhere else and are not blank there.
  const siblings = classOf.map(() => new Map<number, Set<Cell>>())
  // Only patterns under k ever join another: only they are indexed (those made while blanking, from the start).
  let indexing = false
  const index = (cell: Cell) => {
    for (let i = 0; i < q; i++) {
      if (cell.codes[i] === 0) continue
      const shared = siblingKey(cell.key, cell.codes, i)
      const set = siblings[i]!.get(shared)
      if (set) set.add(cell)
      else siblings[i]!.set(shared, new Set([cell]))
    }
  }
  const cellOf = (codes: Int32Array): Cell => {
    const key = keyOf(codes)
    let cell = cells.get(key)
    if (!cell) {
      let open = 0
      for (let i = 0; i < q; i++) if (codes[i] !== 0) open |= 1 << i
      cell = { key, codes, open, members: new Map(), size: 0 }
      cells.set(key, cell)
      if (indexing) index(cell)
    }
    return cell
  }
  const add = (cell: Cell, group: number, count: number) => {
    cell.members.set(group, (cell.members.get(group) ?? 0) + count)
    cell.size += count
  }
  // Rows leave a pattern from its last group first: a fixed order, so the same data give the same file.
  const move = (from: Cell, to: Cell, count: number) => {
    if (count === from.size) {
      for (const [group, rows] of from.members) add(to, group, rows)
      from.members.clear()
      from.size = 0
      return
    }
    for (const group of [...from.members.keys()].sort((a, b) => b - a)) {
      if (count === 0) break
      const have = from.members.get(group)!
      const take = Math.min(have, count)
      if (take === have) from.members.delete(group)
      else from.members.set(group, have - take)
      from.size -= take
      add(to, group, take)
      count -= take
    }
  }
  codesOf.forEach((codes, g) => add(cellOf(codes), g, groups[g]!.rows.length))
  for (const cell of cells.values()) if (cell.size < k) index(cell)
  indexing = true

  const bySize = (a: Cell, b: Cell) => a.size - b.size || a.key - b.key
  for (;;) {
    const small = [...cells.values()].filter((cell) => cell.size > 0 && cell.size < k && cell.open !== 0).sort(bySize)
    if (small.length === 0) break
    for (const cell of small) {
      if (cell.size === 0 || cell.size >= k) continue
      const open = preference.filter((i) => (cell.open >> i) & 1)
      const candidates = open.length > 1 ? open.filter((i) => i !== familiesIndex) : open
      let best: { i: number; reach: number; joining: Cell[] } | undefined
      for (const i of candidates) {
        let reach = cell.size + (cells.get(blankedKey(cell, i))?.size ?? 0)
        const joining: Cell[] = []
        for (const other of siblings[i]!.get(siblingKey(cell.key, cell.codes, i)) ?? []) {
          if (other === cell || other.size === 0 || other.size >= k) continue
          joining.push(other)
          reach += other.size
        }
        if (reach >= k) {
          best = { i, reach, joining }
          break
        }
        if (!best || reach > best.reach) best = { i, reach, joining: [] }
      }
      const target = cellOf(blanked(cell.codes, best!.i))
      move(cell, target, cell.size)
      for (const other of best!.joining) move(other, target, other.size)
    }
  }

  const allBlank = cells.get(0)
  if (allBlank && allBlank.size > 0 && allBlank.size < k) {
    const openCount = (cell: Cell) => classOf.filter((_, i) => (cell.open >> i) & 1).length
    const donors = [...cells.values()]
      .filter((cell) => cell !== allBlank && cell.size > 0)
      .sort((a, b) => openCount(a) - openCount(b) || b.size - a.size || a.key - b.key)
    for (const donor of donors) if (allBlank.size < k && donor.size > k) move(donor, allBlank, Math.min(donor.size - k, k - allBlank.size))
    // Not enough to spare: whole patterns join, the smallest first.
    for (const donor of donors.sort(bySize)) if (allBlank.size < k) move(donor, allBlank, donor.size)
  }

  const published = [...cells.values()]
    .filter((cell) => cell.size > 0)
    .map((cell) => ({ codes: Array.from(cell.codes, (id, i) => (id === 0 ? null : names[i]![id]!)), members: cell.members }))
  return { cells: published, loss: lossOf(published, groups, familiesIndex) }
}

/**
 * A value moved to a coarser class that holds other classes counts as this share of a value
 * lost. A blank loses the whole value, and blanks fall on the rare combinations — missing not at
 * random, which biases analyses — while a coarser class keeps part of the value for every row
 * alike: recoding is preferred (Hundepool et al. 2012, §3.4.4: recode first to reduce the
 * suppressions), unless it touches ten times more values than the blanks it saves.
 */
const COARSER_LOSS = 0.1

/**
 * Values lost: a blank counts a whole value, a value moved to a coarser class holding other
 * classes `COARSER_LOSS`; an answer of a family page blanked with its family a whole value.
 */
function lossOf(cells: Protection['cells'], groups: readonly Group[], familiesIndex: number): number {
  let loss = 0
  for (const cell of cells) {
    for (const [g, count] of cell.members) {
      const group = groups[g]!
      group.codes.forEach((code, i) => {
        if (code === null) return
        const published = cell.codes[i]
        if (published === null) loss += count
        else if (published !== code) loss += count * COARSER_LOSS
      })
      if (familiesIndex >= 0 && familyPagesHidden(cell.codes[familiesIndex] ?? null)) loss += (group.familyAnswers * count) / group.rows.length
    }
  }
  return loss
}

const familyPagesHidden = (published: string | null) => published === null || published === SEVERAL_FAMILIES

/** The families a published families value shows (their pages' answers are written). */
const shownFamilies = (published: string | null): ReadonlySet<string> =>
  new Set(published === null || published === SEVERAL_FAMILIES ? [] : published.split(';'))

/**
 * The protection plan of a microdata file (`responses.csv`, the data package's microdata), from
 * one reading of its responses: the answers' JSON text is walked as `responsesCsv` does, decoding
 * only the quasi-identifiers (`QUASI_IDENTIFIERS`), the numbers to top-code and whether a family
 * page was answered.
 *
 * k-anonymity (Samarati & Sweeney 1998; local suppression as in Hundepool et al., *Statistical
 * Disclosure Control*, 2012, §3.4): every published combination of quasi-identifiers is shared by
 * at least k rows (k = the wave's minimum cell size), so an attacker who knows an organisation's
 * true quasi-identifiers finds at least k rows consistent with them (a blank matches anything).
 * First a global recoding, greedy: from the finest levels, each step moves the quasi-identifier
 * to the higher level (coarser, or blank for the whole column) that loses the fewest values once
 * the rest is suppressed locally (`protect`; a blank counts a whole value, a value merged into a
 * coarser class `COARSER_LOSS`), families only when no other step beats the best levels so far;
 * the path goes on to the end and its best levels win. Then local suppression at those levels. The answers of a family
 * page give the family away: they are blank in every row whose families are blank or "plusieurs".
 * Fewer than k rows: every quasi-identifier is blank. `salaries_etp` and `annee_creation` are
 * written as their class, never exactly.
 *
 * Top-coding: every other number column without a fixed upper bound (`ExportVariable.max`) is
 * top-coded at the 95th percentile of the values the file writes (`topCodeThreshold`).
 *
 * The plan depends on the data only, not on their order: rows are chosen by response id wherever
 * the rule leaves a choice, so two downloads give the same protected rows (only their order and
 * pseudonyms differ), and combining them teaches nothing more than one.
 */
export async function planMicrodata(
  pages: AsyncIterable<readonly ResponseRecord[]> | Iterable<readonly ResponseRecord[]>,
  variables: readonly ExportVariable[],
  options: { k: number },
): Promise<MicrodataPlan> {
  const { k } = options
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`)

  const questions = new Set(variables.map((v) => v.question))
  const present = QUASI_IDENTIFIERS.filter((qi) => questions.has(qi.question))
  const choicesOf = (qi: QuasiIdentifier): VariableValue[] =>
    variables.find((v) => v.question === qi.question && v.values && !v.kind.endsWith('/choice'))?.values ?? []
  const choiceCodes = present.map((qi) => choicesOf(qi).map((c) => c.value))
  const familiesIndex = present.indexOf(FAMILIES)
  const qiQuestions = new Set(present.map((qi) => qi.question))

  const familyPages = new Map<string, string[]>()
  if (familiesIndex >= 0) {
    for (const v of variables) {
      const families = requiredFamilies(v.visibleIf, FAMILIES.question)
      if (families.size > 0 && !qiQuestions.has(v.question)) familyPages.set(v.question, [...families])
    }
  }
  const topCoded = variables.filter((v) => v.type === 'number' && v.max === null && !qiQuestions.has(v.question))

  // What each member of the answers needs: a quasi-identifier's class, a family page, numbers.
  interface Handler {
    qi: number
    familyPage: boolean
    numbers: { variable: ExportVariable; values: ColumnValues }[]
  }
  const handlers = new Map<string, Handler>()
  const handler = (question: string) => {
    let h = handlers.get(question)
    if (!h) handlers.set(question, (h = { qi: -1, familyPage: false, numbers: [] }))
    return h
  }
  present.forEach((qi, i) => (handler(qi.question).qi = i))
  for (const question of familyPages.keys()) handler(question).familyPage = true
  const columns = topCoded.map((variable) => ({ variable, values: new ColumnValues() }))
  for (const column of columns) handler(column.variable.question).numbers.push(column)

  const ids: string[] = []
  // Per row, answers of family pages: all of them, and those of a family the row did not tick.
  const familyAnswers: number[] = []
  const strayAnswers: number[] = []
  const pageAnswers: string[] = []
  const byKey = new Map<string, Group>()
  const groupOfRow: Group[] = []
  let codes: (string | null)[] = []
  let row = 0
  let text = ''
  const member = (key: string, start: number, end: number) => {
    const h = handlers.get(key)
    if (!h) return
    if (h.familyPage) pageAnswers.push(key)
    if (h.qi < 0 && h.numbers.length === 0) return
    const answer = jsonValue(text, start, end)
    if (h.qi >= 0) codes[h.qi] = present[h.qi]!.finest(answer, choiceCodes[h.qi]!)
    for (const column of h.numbers) {
      const cell = column.variable.value(answer)
      if (typeof cell === 'number') column.values.push(cell, row)
    }
  }
  for await (const page of pages) {
    for (const response of page) {
      codes = present.map(() => null)
      pageAnswers.length = 0
      text = response.answers
      forEachJsonMember(text, member)
      const key = codes.map((c) => c ?? '').join('\u001f')
      let group = byKey.get(key)
      if (!group) byKey.set(key, (group = { codes, rows: [], familyAnswers: 0 }))
      group.rows.push(row)
      group.familyAnswers += pageAnswers.length
      groupOfRow.push(group)
      ids.push(response.id)
      familyAnswers.push(pageAnswers.length)
      const ticked = new Set(familiesIndex >= 0 ? (codes[familiesIndex] ?? '').split(';') : [])
      strayAnswers.push(pageAnswers.filter((question) => !familyPages.get(question)!.every((f) => ticked.has(f))).length)
      row++
    }
  }
  const n = ids.length

  // Groups and their rows in an order set by the data alone.
  const groups = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group)
  for (const group of groups) group.rows.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0))

  const preference = BLANKING_PREFERENCE.map((key) => present.findIndex((qi) => qi.key === key)).filter((i) => i >= 0)
  const mappingFor = (levels: readonly QuasiIdentifierLevel[]) =>
    present.map((qi, i) => (code: string) => (levels[i] === 'finest' ? code : levels[i] === 'coarser' ? qi.coarser(code) : null))

  // The greedy path: from the finest levels, each step moves the quasi-identifier to the higher level
  // (coarser, or straight to blank) that loses least, families only when nothing else beats the
  // best so far; the best levels on the path win.
  // Going on past a step that loses more finds what one step cannot see: coarsening one
  // quasi-identifier alone rarely pays, coarsening several together often does.
  let levels: QuasiIdentifierLevel[] = present.map(() => (n < k ? 'blank' : 'finest'))
  let best = protect(groups, mappingFor(levels), k, preference, familiesIndex)
  const next: Record<QuasiIdentifierLevel, QuasiIdentifierLevel | null> = { finest: 'coarser', coarser: 'blank', blank: null }
  // Levels lose at least their blank columns and their coarsened values, a bound that only grows
  // along the path: levels whose bound reaches the best so far need no trial, nor what follows them.
  const answered = present.map((_, i) => groups.reduce((sum, g) => sum + (g.codes[i] === null ? 0 : g.rows.length), 0))
  const merged = present.map((qi, i) =>
    groups.reduce((sum, g) => {
      const code = g.codes[i] ?? null
      return sum + (code === null || qi.coarser(code) === code ? 0 : g.rows.length)
    }, 0),
  )
  const lowerBound = (tried: readonly QuasiIdentifierLevel[]) =>
    tried.reduce((sum, level, i) => sum + (level === 'blank' ? answered[i]! : level === 'coarser' ? merged[i]! * COARSER_LOSS : 0), 0)
  let path = levels
  while (n >= k && best.loss > 0) {
    let step: { levels: QuasiIdentifierLevel[]; result: Protection } | undefined
    for (const familiesToo of [false, true]) {
      for (let i = 0; i < present.length; i++) {
        if ((i === familiesIndex) !== familiesToo) continue
        for (let level = next[path[i]!]; level !== null; level = next[level]) {
          const tried = path.map((l, j) => (j === i ? level! : l))
          if (lowerBound(tried) >= best.loss) continue
          const result = protect(groups, mappingFor(tried), k, preference, familiesIndex)
          if (!step || result.loss < step.result.loss) step = { levels: tried, result }
        }
      }
      // Families, the study's axis, move last: only when no other step does better than the best so far.
      if (step && step.result.loss < best.loss) break
    }
    if (!step) break
    path = step.levels
    if (step.result.loss < best.loss) {
      levels = step.levels
      best = step.result
    }
  }

  // Rows take the patterns of their group in id order.
  const patterns: (string | null)[][] = []
  const patternOfRow = new Int32Array(n)
  const assigned = new Map<Group, number>()
  for (const cell of best.cells) {
    const index = patterns.length
    patterns.push(cell.codes)
    for (const [g, count] of cell.members) {
      const group = groups[g]!
      const from = assigned.get(group) ?? 0
      for (let r = from; r < from + count; r++) patternOfRow[group.rows[r]!] = index
      assigned.set(group, from + count)
    }
  }

  const blanked = present.map(() => 0)
  let hiddenFamilyAnswers = 0
  const shown = patterns.map((p) => (familiesIndex >= 0 ? shownFamilies(p[familiesIndex] ?? null) : null))
  for (let r = 0; r < n; r++) {
    const pattern = patterns[patternOfRow[r]!]!
    const truth = groupOfRow[r]!.codes
    for (let i = 0; i < present.length; i++) if (truth[i] !== null && pattern[i] === null) blanked[i]!++
  }

  const isShown = (question: string, r: number) => {
    const families = familyPages.get(question)
    const visible = shown[patternOfRow[r]!]
    return !families || !visible || families.every((f) => visible.has(f))
  }
  // A row shows its families exactly, or none of them ("plusieurs", blank).
  for (let r = 0; r < n; r++) hiddenFamilyAnswers += shown[patternOfRow[r]!]?.size === 0 ? familyAnswers[r]! : strayAnswers[r]!

  const topCodes: TopCode[] = []
  for (const column of columns) {
    const kept: number[] = []
    const { values, rows, length } = column.values
    for (let j = 0; j < length; j++) if (isShown(column.variable.question, rows[j]!)) kept.push(values[j]!)
    const sorted = Float64Array.from(kept).sort()
    const threshold = topCodeThreshold(sorted)
    if (threshold === null) continue
    let above = 0
    for (const x of sorted) if (x > threshold) above++
    topCodes.push({ variable: column.variable.name, threshold, above, values: sorted.length })
  }

  const patternOf = new Map<string, number>()
  ids.forEach((id, r) => patternOf.set(id, patternOfRow[r]!))

  return {
    k,
    rows: n,
    quasiIdentifiers: present.map((qi, i) => ({
      key: qi.key,
      question: qi.question,
      level: levels[i]!,
      classes: levels[i] === 'blank' ? [] : qi.classes(levels[i] as 'finest' | 'coarser', choicesOf(qi)),
      blanked: blanked[i]!,
    })),
    hiddenFamilyAnswers,
    familyPages,
    topCodes,
    patterns,
    patternOf,
  }
}

// ---------------------------------------------------------------------------------------------
// Applying the plan: the writer, the codebook, the data package
// ---------------------------------------------------------------------------------------------

/**
 * A random order of `items` (Fisher–Yates, each swap drawn with `crypto.randomInt`, a CSPRNG):
 * the caller reads the responses of a microdata file in this order, new at every download, so
 * that the row order says nothing (not the order of submission, nor of ids) and two files cannot
 * be lined up row by row.
 */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    const swap = out[i]!
    out[i] = out[j]!
    out[j] = swap
  }
  return out
}

/** A row as the plan has it written: the fields it fixes (column index, text) and the questions it leaves blank. */
export interface PlannedRow {
  fields: readonly (readonly [number, string])[]
  hidden: ReadonlySet<string>
}

/**
 * How `responsesCsv` applies a plan to `variables` (column i + 1 is `variables[i]`): the
 * quasi-identifier columns written from each row's pattern (a family's 0/1 columns blank when
 * the families are "plusieurs" or blank; the joined families in choice order, so that the order
 * of ticking is no fingerprint), family-page questions a row's pattern does not show left blank,
 * and the top-code of each top-coded column.
 */
export function plannedColumns(
  plan: MicrodataPlan,
  variables: readonly ExportVariable[],
  dialect: CsvDialect,
): { fixed: ReadonlySet<string>; caps: ReadonlyMap<string, number>; row(responseId: string): PlannedRow } {
  const qiOf = new Map(plan.quasiIdentifiers.map((qi, i) => [qi.question, i]))
  const rows = plan.patterns.map((pattern): PlannedRow => {
    const fields: [number, string][] = []
    variables.forEach((variable, v) => {
      const i = qiOf.get(variable.question)
      if (i === undefined) return
      const published = pattern[i] ?? null
      let cell: string | number | null = published
      if (plan.quasiIdentifiers[i]!.key === 'families' && published !== null) {
        const ticks = variable.kind.endsWith('/choice')
        if (published === SEVERAL_FAMILIES) cell = ticks ? null : SEVERAL_FAMILIES
        else {
          // The column's own rule (0/1 tick, joined list) applied to the published set.
          const multiple = ticks || variable.kind.endsWith('/joined')
          const value = variable.value(multiple ? published.split(';') : published)
          cell = typeof value === 'string' || typeof value === 'number' ? value : null
        }
      }
      fields.push([v + 1, csvField(cell, dialect)])
    })
    const families = plan.quasiIdentifiers.findIndex((qi) => qi.key === 'families')
    const shown = families >= 0 ? shownFamilies(pattern[families] ?? null) : null
    const hidden = new Set<string>()
    if (shown) for (const [question, required] of plan.familyPages) if (!required.every((f) => shown.has(f))) hidden.add(question)
    return { fields, hidden }
  })
  return {
    fixed: new Set(qiOf.keys()),
    caps: new Map(plan.topCodes.map((t) => [t.variable, t.threshold])),
    row(responseId) {
      const index = plan.patternOf.get(responseId)
      if (index === undefined) throw new Error(`response ${responseId} is not in the microdata plan: plan and file must read the same responses`)
      return rows[index]!
    },
  }
}

/**
 * The variables as a protected file holds them, for its codebook and its Table Schema: the
 * quasi-identifiers' classes at the level published (their codes and labels); `salaries_etp` and
 * `annee_creation` as text (`string`) classes, never numbers.
 */
export function protectedVariables(variables: readonly ExportVariable[], plan: MicrodataPlan): ExportVariable[] {
  const planned = new Map(plan.quasiIdentifiers.map((qi) => [qi.question, qi]))
  return variables.map((variable) => {
    const qi = planned.get(variable.question)
    if (!qi || variable.kind.endsWith('/choice')) return variable
    const classes = qi.level === 'blank' ? null : qi.classes
    if (qi.key === 'size_class' || qi.key === 'year_founded') {
      return {
        ...variable,
        type: 'string',
        kind: `${variable.kind}/class`,
        labelFr: `${variable.labelFr} (classe)`,
        labelEn: `${variable.labelEn} (class)`,
        max: null,
        values: classes,
      }
    }
    return { ...variable, type: 'string', values: classes }
  })
}

const frenchNumber = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 })
const englishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 })
// French keeps the singular for 0 and 1.
const plural = (count: number, one: string, many: string) => (count < 2 ? one : many)

/** A note in French and English. */
export interface ProtectionNote {
  fr: string
  en: string
}

/** What the protection did to one quasi-identifier, in plain words. */
function quasiIdentifierNote(qi: PlannedQuasiIdentifier, plan: MicrodataPlan): ProtectionNote {
  const declared = QUASI_IDENTIFIERS.find((d) => d.key === qi.key)!
  const classed = qi.key === 'size_class' || qi.key === 'year_founded'
  const level: ProtectionNote =
    qi.level === 'blank'
      ? { fr: 'entièrement vide dans ce fichier', en: 'entirely blank in this file' }
      : qi.level === 'coarser'
        ? { fr: `recodé en classes plus larges (${declared.coarserFr})`, en: `recoded to coarser classes (${declared.coarserEn})` }
        : classed
          ? { fr: 'publié en classes (texte), jamais la valeur exacte', en: 'published as classes (text), never the exact value' }
          : { fr: 'publié tel quel', en: 'published as answered' }
  const count = qi.blanked
  return {
    fr: `Quasi-identifiant (${declared.labelFr}) : ${level.fr} ; ${count} ${plural(count, 'valeur masquée', 'valeurs masquées')} dans ce fichier pour que chaque combinaison publiée de quasi-identifiants soit partagée par au moins ${plan.k} lignes.`,
    en: `Quasi-identifier (${declared.labelEn}): ${level.en}; ${count} ${count === 1 ? 'value' : 'values'} blanked in this file so that every published combination of quasi-identifiers is shared by at least ${plan.k} rows.`,
  }
}

/**
 * The note of a column of a protected file (null when the protection leaves it as it is):
 * which quasi-identifier it is and what was recoded and blanked, that a family page is blank when
 * its family is not published, the top-code and how many values it replaced.
 */
export function protectionNote(variable: ExportVariable, plan: MicrodataPlan): ProtectionNote | null {
  const qi = plan.quasiIdentifiers.find((q) => q.question === variable.question)
  if (qi) {
    const note = quasiIdentifierNote(qi, plan)
    if (qi.key !== 'families' || !variable.kind.endsWith('/choice')) return note
    return {
      fr: `${note.fr} Vide quand les familles de la ligne sont « plusieurs » ou masquées.`,
      en: `${note.en} Blank when the row's families are "plusieurs" (several) or blanked.`,
    }
  }
  const notes: ProtectionNote[] = []
  if (plan.familyPages.has(variable.question)) {
    notes.push({
      fr: "Question d'une page de famille : vide quand les familles de la ligne ne sont pas publiées (la réponse les dévoilerait).",
      en: "Question of a family page: blank when the row's families are not published (the answer would give them away).",
    })
  }
  const top = plan.topCodes.find((t) => t.variable === variable.name)
  if (top) {
    const fr = frenchNumber.format(top.threshold)
    const en = englishNumber.format(top.threshold)
    notes.push({
      fr: `Plafonnée au 95e centile de ce fichier (${fr}) : ${top.above} ${plural(top.above, 'valeur supérieure écrite', 'valeurs supérieures écrites')} ${fr}.`,
      en: `Top-coded at this file's 95th percentile (${en}): ${top.above} ${top.above === 1 ? 'value' : 'values'} above it written as ${en}.`,
    })
  }
  return notes.length === 0 ? null : { fr: notes.map((n) => n.fr).join(' '), en: notes.map((n) => n.en).join(' ') }
}

/** The protection of a whole file in a few sentences (French and English), for the codebook's `id` row and the data package. */
export function protectionSummary(plan: MicrodataPlan): ProtectionNote {
  const names = (lang: 'fr' | 'en') =>
    plan.quasiIdentifiers.map((qi) => QUASI_IDENTIFIERS.find((d) => d.key === qi.key)![lang === 'fr' ? 'labelFr' : 'labelEn']).join(', ')
  const qiFr =
    plan.quasiIdentifiers.length > 0
      ? ` Quasi-identifiants (${names('fr')}) : chaque combinaison publiée est partagée par au moins ${plan.k} lignes (k-anonymat), après recodage et masquage.`
      : ''
  const qiEn =
    plan.quasiIdentifiers.length > 0
      ? ` Quasi-identifiers (${names('en')}): every published combination is shared by at least ${plan.k} rows (k-anonymity), after recoding and blanking.`
      : ''
  const topFr = plan.topCodes.length > 0 ? ' Montants et effectifs sans borne plafonnés au 95e centile du fichier.' : ''
  const topEn = plan.topCodes.length > 0 ? " Unbounded amounts and counts top-coded at the file's 95th percentile." : ''
  return {
    fr: `Pseudonyme aléatoire propre à ce fichier ; lignes dans un ordre aléatoire, nouveau à chaque téléchargement.${qiFr}${topFr}`,
    en: `Random pseudonym valid in this file only; rows in a random order, new at every download.${qiEn}${topEn}`,
  }
}
