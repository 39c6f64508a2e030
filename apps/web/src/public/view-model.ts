import type { DimensionValue, IndicatorCell, IndicatorMeta, IndicatorThemeFilter, PublicLicence, PublicResponseCount, PublicResults } from '@sonde/contracts'
import { THEME_KEYS, THEME_OTHER } from '@sonde/contracts/rules'

/**
 * What the public page shows, computed from `GET /api/public/{slug}` (`PublicResults`) without
 * React: the families to choose from, the lines of each family's tables and the geometry of
 * their bars, the key figures, the region table, the download links. The page only lays these
 * out; the tests read them on fixture objects.
 */

/** Every family the indicator applies to, each organisation once. */
export const ALL = '_all'

/** A family a reader can pick: `_all` first when the release has it (named in the reader's language), then the wave's families in their order. */
export interface FamilyOption {
  key: string
  labelFr: string
  labelEn: string
}

export function familyOptions(results: PublicResults, allLabel: string): FamilyOption[] {
  const withCells = new Set(results.cells.map((cell) => cell.family))
  const options: FamilyOption[] = withCells.has(ALL) ? [{ key: ALL, labelFr: allLabel, labelEn: allLabel }] : []
  return [...options, ...results.families]
}

/** The family asked for in the address when the release has it, else the first one. */
export function pickFamily(options: readonly FamilyOption[], asked: string | null): string | null {
  if (asked && options.some((option) => option.key === asked)) return asked
  return options[0]?.key ?? null
}

/** Where a value stands on its bar's scale: the bar from `start` to `start + width`, the interval from `ciStart` (percent of the track). */
export interface BarGeometry {
  start: number
  width: number
  ci: { start: number; width: number } | null
}

/** A line of a family's table: an indicator with one figure, or one category of a distribution. */
export interface FigureLine {
  indicator: IndicatorMeta
  /** The distribution's category, with its labels; null for an indicator with one figure. */
  category: { key: string; labelFr: string; labelEn: string } | null
  /** The released cell; undefined when the release has none for this line (nobody answered). */
  cell: IndicatorCell | undefined
  /** Only for a published figure: where its bar goes. */
  bar: BarGeometry | null
}

/** One indicator of a family: its lines (one, or one per category of a distribution). */
export interface IndicatorBlock {
  indicator: IndicatorMeta
  lines: FigureLine[]
}

/** What a line shows: a figure, the one mark of a hidden cell, or that nobody answered. */
export type LineState = 'published' | 'hidden' | 'empty'

export function lineState(cell: IndicatorCell | undefined): LineState {
  if (cell?.suppressed) return 'hidden'
  if (!cell || cell.n === 0 || cell.value === null) return 'empty'
  return 'published'
}

const numbers = (...values: (number | null)[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))

/**
 * The scale of an indicator's bars: 0 to 100 % for a share (proportion, or a unit of `%`), else
 * from 0 (or the lowest negative figure) to the highest published figure — value, interval and
 * quartiles — of its lines, so that every bar and interval of the indicator fits its track.
 */
export function scaleOf(indicator: IndicatorMeta, cells: readonly (IndicatorCell | undefined)[]): [number, number] {
  if (indicator.unit === 'proportion') return [0, 1]
  if (indicator.unit === '%') return [0, 100]
  const figures = cells.filter((cell) => lineState(cell) === 'published').flatMap((cell) => numbers(cell!.value, cell!.ciLow, cell!.ciHigh))
  const low = Math.min(0, ...figures)
  const high = Math.max(0, ...figures)
  return high > low ? [low, high] : [0, 1]
}

const clampPercent = (value: number) => Math.min(100, Math.max(0, value))

/** Where a published cell's bar and interval go on the scale, in percent of the track (rounded to 0.1). */
export function barGeometry(cell: IndicatorCell, [low, high]: [number, number]): BarGeometry | null {
  if (lineState(cell) !== 'published') return null
  const at = (value: number) => clampPercent(((value - low) / (high - low)) * 100)
  const round = (value: number) => Math.round(value * 10) / 10
  const zero = at(0)
  const end = at(cell.value!)
  const ci = cell.ciLow !== null && cell.ciHigh !== null ? { start: round(at(cell.ciLow)), width: round(at(cell.ciHigh) - at(cell.ciLow)) } : null
  return { start: round(Math.min(zero, end)), width: round(Math.abs(end - zero)), ci }
}

/** Whether an indicator is computed for a family: every indicator is in `_all`; a family needs to be in its list (null: all). */
const appliesTo = (indicator: IndicatorMeta, family: string) => family === ALL || indicator.families === null || indicator.families.includes(family)

/**
 * The indicators of one family, in the catalogue's order, with their released cells (by family,
 * no dimension): a distribution gets a line per category (its categories' order, then any
 * category the cells have that the labels lack); an indicator the family has no cell for and
 * that does not apply to it is left out.
 */
export function familyBlocks(results: PublicResults, family: string): IndicatorBlock[] {
  const byIndicator = new Map<string, IndicatorCell[]>()
  for (const cell of results.cells) {
    if (cell.family !== family || cell.dimensionValue !== null) continue
    const list = byIndicator.get(cell.indicator) ?? []
    list.push(cell)
    byIndicator.set(cell.indicator, list)
  }
  const blocks: IndicatorBlock[] = []
  for (const indicator of results.indicators) {
    const cells = byIndicator.get(indicator.id) ?? []
    if (cells.length === 0 && !appliesTo(indicator, family)) continue
    if (indicator.aggregation === 'distribution') {
      const labelled = indicator.categories ?? []
      const known = new Set(labelled.map((category) => category.key))
      const extra = cells
        .map((cell) => cell.category)
        .filter((key): key is string => key !== null && !known.has(key))
        .map((key) => ({ key, labelFr: key, labelEn: key }))
      const categories = [...labelled, ...extra]
      if (categories.length === 0) continue
      const lineCells = categories.map((category) => cells.find((cell) => cell.category === category.key))
      const scale = scaleOf(indicator, lineCells)
      blocks.push({
        indicator,
        lines: categories.map((category, index) => {
          const cell = lineCells[index]
          return { indicator, category, cell, bar: cell ? barGeometry(cell, scale) : null }
        }),
      })
    } else {
      const cell = cells.find((c) => c.category === null)
      const scale = scaleOf(indicator, [cell])
      blocks.push({ indicator, lines: [{ indicator, category: null, cell, bar: cell ? barGeometry(cell, scale) : null }] })
    }
  }
  return blocks
}

/** A theme of a family's indicators, as the portal's themes read them (« Autres » for an indicator without one). */
export interface ThemeGroup {
  theme: IndicatorThemeFilter
  blocks: IndicatorBlock[]
}

/** A family's blocks by theme, in the portal's order (« Autres » last), each in the catalogue's order; empty themes left out. */
export function themeGroups(blocks: readonly IndicatorBlock[]): ThemeGroup[] {
  const order: readonly IndicatorThemeFilter[] = [...THEME_KEYS, THEME_OTHER]
  return order
    .map((theme) => ({ theme, blocks: blocks.filter((block) => (block.indicator.theme ?? THEME_OTHER) === theme) }))
    .filter((group) => group.blocks.length > 0)
}

/** The theme asked for in the address when the family has it, else its first one. */
export function pickTheme(groups: readonly ThemeGroup[], asked: string | null): IndicatorThemeFilter | null {
  return groups.find((group) => group.theme === asked)?.theme ?? groups[0]?.theme ?? null
}

/**
 * The blocks cut into tables of at most `maxLines` lines, never cutting an indicator (one
 * larger than that gets a table of its own): small enough for a table to fit on one printed A4
 * page, which the print stylesheet never cuts.
 */
export function chunkBlocks(blocks: readonly IndicatorBlock[], maxLines: number): IndicatorBlock[][] {
  const chunks: IndicatorBlock[][] = []
  let current: IndicatorBlock[] = []
  let lines = 0
  for (const block of blocks) {
    const size = block.lines.length + (block.indicator.aggregation === 'distribution' ? 1 : 0)
    if (current.length > 0 && lines + size > maxLines) {
      chunks.push(current)
      current = []
      lines = 0
    }
    current.push(block)
    lines += size
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/** The key figures of a family: its responses (null: fewer than the minimum), its response rate, and how many of its figures are published or hidden. */
export interface KeyFigures {
  responses: PublicResponseCount | undefined
  published: number
  hidden: number
}

export function keyFigures(results: PublicResults, family: string): KeyFigures {
  const lines = familyBlocks(results, family).flatMap((block) => block.lines)
  return {
    responses: results.methodology.responseCounts.find((count) => count.family === family),
    published: lines.filter((line) => lineState(line.cell) === 'published').length,
    hidden: lines.filter((line) => lineState(line.cell) === 'hidden').length,
  }
}

/** An indicator the region table can show for a family: one figure per region (not a distribution), with at least one region cell. */
export function regionIndicators(results: PublicResults, family: string): IndicatorMeta[] {
  const withCells = new Set(
    results.regions.cells.filter((cell) => cell.family === family && cell.category === null && cell.dimensionValue !== ALL).map((cell) => cell.indicator),
  )
  return results.indicators.filter((indicator) => indicator.aggregation !== 'distribution' && withCells.has(indicator.id))
}

/** A line of the region table: a region (not its margin `_all`) and the released cell of the indicator there. */
export interface RegionLine {
  region: DimensionValue
  cell: IndicatorCell | undefined
}

export function regionLines(results: PublicResults, family: string, indicator: string): RegionLine[] {
  const cells = results.regions.cells.filter((cell) => cell.family === family && cell.indicator === indicator && cell.category === null)
  return results.regions.values
    .filter((region) => region.key !== ALL)
    .map((region) => ({ region, cell: cells.find((cell) => cell.dimensionValue === region.key) }))
}

/** The three files of a public page, relative to the server. */
export function downloadLinks(slug: string): { csv: string; excel: string; dataPackage: string } {
  const base = `/api/public/${encodeURIComponent(slug)}`
  return { csv: `${base}/indicators.csv`, excel: `${base}/indicators.csv?dialect=excel-fr`, dataPackage: `${base}/datapackage.zip` }
}

/** The licence's official text, in the reader's language where it has one. */
export function licenceUrl(licence: PublicLicence, lang: 'fr' | 'en'): string {
  if (licence === 'etalab-2.0') {
    return lang === 'en' ? 'https://www.etalab.gouv.fr/wp-content/uploads/2018/11/open-licence.pdf' : 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/'
  }
  return `https://creativecommons.org/licenses/by/4.0/deed.${lang}`
}

/** The slug of a public page's address: `/resultats/<slug>` or anything under it. */
export function slugFromPath(pathname: string): string | null {
  const match = /^\/resultats\/([^/?#]+)/.exec(pathname)
  if (!match) return null
  try {
    return decodeURIComponent(match[1]!)
  } catch {
    return null
  }
}

/** The confidence level as a person reads it: 0.95 → 95. */
export const confidencePercent = (confidence: number): number => Math.round(confidence * 1000) / 10
