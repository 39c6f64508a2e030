// Generated waves on the 2025 questionnaire for the microdata tests, and a CSV reader written
// apart from the writer, so that the tests do not trust the code they test.
import { defaultQuestionnaire, listQuestions, type QuestionnaireJson } from '@sonde/survey'
import type { ResponseRecord } from './responses-csv'
import { exportVariables } from './variables'
import { seededRandom } from '../testing/random'
export { parseCsv, table } from '../testing/csv-reader'

const QUESTIONNAIRE = defaultQuestionnaire as QuestionnaireJson
export const { variables: VARIABLES, excluded: EXCLUDED } = exportVariables(listQuestions(QUESTIONNAIRE), QUESTIONNAIRE, { freeText: false })

export interface Organisation {
  id: string
  answers: Record<string, unknown>
}

export const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure'] as const
export const REGIONS = [
  'auvergne_rhone_alpes',
  'bourgogne_franche_comte',
  'bretagne',
  'centre_val_de_loire',
  'corse',
  'grand_est',
  'hauts_de_france',
  'ile_de_france',
  'normandie',
  'nouvelle_aquitaine',
  'occitanie',
  'pays_de_la_loire',
  'provence_alpes_cote_d_azur',
  'guadeloupe',
  'martinique',
  'guyane',
  'la_reunion',
  'mayotte',
  'national',
] as const
export const LEGAL_FORMS = ['association', 'scop', 'scic', 'cae', 'sas_ess', 'fondation', 'mutuelle', 'cooperative_autre', 'autre'] as const

/** One question per family page, answered by the organisations of that family. */
export const FAMILY_PAGE_QUESTION: Record<(typeof FAMILIES)[number], string> = {
  insertion: 'ins_personnes_formees',
  reemploi: 'ree_smartphones',
  inclusion: 'inc_personnes_accompagnees',
  communs: 'com_contributeurs_actifs',
  plateformes: 'pla_membres_societaires',
  mesure: 'mes_outils_diffuses',
}

export interface WaveShape {
  /** Families of 1–6 organisations: `plateformes` and `mesure` get only a handful, others the rest. */
  tinyFamilies?: boolean
  /** Exactly one organisation in Corsica, one in Mayotte. */
  loneRegions?: boolean
  /** One organisation with a budget and head count a thousand times the others'. */
  giant?: boolean
}

/**
 * `n` organisations with plausible answers: skewed families (some in two), regions, legal forms,
 * FTE with decimals and zeros, years founded from 1950, log-normal budgets, item non-response,
 * family pages answered by members only, and the shapes an attacker likes (`WaveShape`).
 */
export function generateWave(seed: number, n: number, shape: WaveShape = {}): Organisation[] {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[], weights?: readonly number[]): T => {
    const w = weights ?? items.map(() => 1)
    let u = random() * w.reduce((a, b) => a + b, 0)
    for (let i = 0; i < items.length; i++) if ((u -= w[i]!) < 0) return items[i]!
    return items[items.length - 1]!
  }
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const logNormal = (median: number, sigma: number) => Math.round(median * Math.exp(sigma * normal()))
  const tiny = { plateformes: 1 + Math.floor(random() * 6), mesure: 1 + Math.floor(random() * 6) }
  const organisations: Organisation[] = []
  for (let i = 0; i < n; i++) {
    const hex = (seed * 1_000_003 + i).toString(16).padStart(12, '0')
    const id = `${hex.slice(0, 8)}-0000-4000-8000-${hex.padStart(12, '0')}`
    const families = new Set<string>()
    if (shape.tinyFamilies && i < tiny.plateformes) families.add('plateformes')
    else if (shape.tinyFamilies && i < tiny.plateformes + tiny.mesure) families.add('mesure')
    else families.add(pick(shape.tinyFamilies ? FAMILIES.slice(0, 4) : FAMILIES, shape.tinyFamilies ? [3, 2, 3, 1] : [3, 2, 3, 1.5, 1, 1]))
    if (random() < 0.15) families.add(pick(FAMILIES.slice(0, 4)))
    const region =
      shape.loneRegions && i === n - 1
        ? 'corse'
        : shape.loneRegions && i === n - 2
          ? 'mayotte'
          : pick(REGIONS.filter((r) => !shape.loneRegions || (r !== 'corse' && r !== 'mayotte')))
    const giant = shape.giant && i === Math.floor(n / 2)
    const employees = random() < 0.2 ? 0 : Math.max(1, logNormal(6, 1.2))
    const answers: Record<string, unknown> = {
      nom_organisation: `Organisation ${i}`,
      familles: [...families],
      forme_juridique: pick(LEGAL_FORMS, [12, 2, 2, 1, 2, 1, 0.5, 0.5, 0.5]),
      budget_annuel: giant ? 900_000_000 : logNormal(180_000, 1.2),
      salaries_nombre: giant ? 25_000 : employees,
      part_financement_public: Math.min(100, Math.max(0, Math.round(45 + 30 * normal()))),
      gouvernance_democratique: random() < 0.8,
    }
    if (random() < 0.97 || region === 'corse' || region === 'mayotte') answers.region = region
    if (random() < 0.9) answers.annee_creation = 1950 + Math.floor(random() * 76)
    if (random() < 0.9) answers.salaries_etp = giant ? 21_000.5 : Math.round(employees * (0.5 + 0.5 * random()) * 10) / 10
    for (const family of families) {
      const question = FAMILY_PAGE_QUESTION[family as (typeof FAMILIES)[number]]
      if (random() < 0.9) answers[question] = giant ? 1_000_000 : logNormal(60, 1)
    }
    organisations.push({ id, answers })
  }
  return organisations
}

/** The responses as the database gives them (answers as JSON text), in pages of `size`. */
export function pagesOf(organisations: readonly Organisation[], size = 7): ResponseRecord[][] {
  const pages: ResponseRecord[][] = []
  for (let i = 0; i < organisations.length; i += size) {
    pages.push(organisations.slice(i, i + size).map((o) => ({ id: o.id, answers: JSON.stringify(o.answers) })))
  }
  return pages
}

/** A stream read to its end as text. */
export async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = ''
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8')
  return out
}
