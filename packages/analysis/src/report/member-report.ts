import type { IndicatorCell, ReportItem } from '@sonde/contracts'
import { ALL } from '../dimensions/dimensions'
import { publicCell } from '../disclosure/public-view'
import { indicatorMeta, normaliseTerm } from '../indicators/meta'
import type { IndicatorDefinition, RatioTerm, ShareIndicator } from '../indicators/types'

type Answers = Readonly<Record<string, unknown>>

const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

function termValue(term: RatioTerm, answers: Answers): number | null {
  const t = normaliseTerm(term)
  const raw = answers[t.question]
  let value = t.count ? (Array.isArray(raw) ? raw.filter((v) => typeof v === 'string').length : null) : numberOf(raw)
  if (value !== null && t.times) {
    const times = numberOf(answers[t.times])
    value = times === null ? null : value * times
  }
  if (value !== null) value *= t.coefficient
  return value ?? t.default
}

// Σ of the terms that have a number; null when none has (as the SQL of `computeIndicators`).
function side(terms: readonly RatioTerm[], answers: Answers): number | null {
  const values = terms.map((t) => termValue(t, answers)).filter((v): v is number => v !== null)
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0)
}

function meets(definition: ShareIndicator, answer: unknown): boolean | null {
  const when = definition.when
  if ('atMost' in when || 'atLeast' in when) {
    const value = numberOf(answer)
    if (value === null) return null
    return 'atMost' in when ? value <= when.atMost : value >= when.atLeast
  }
  if (answer === null || answer === undefined || typeof answer !== typeof when.equals) return null
  return answer === when.equals
}

/**
 * An organisation's own value for an indicator that has one per organisation, from its answers,
 * by the rules `computeIndicators` applies to every organisation: a median's answer (a JSON
 * number); a median of ratios' numerator over its denominator (terms as in `RatioTerm`; none
 * when the denominator is missing or 0); for a share, 1 when the answer meets the condition and
 * 0 when it is of the condition's type but does not. Null when the organisation has no valid
 * answer, and for aggregations without a per-organisation value (sums, pooled ratios,
 * distributions).
 */
export function ownValue(definition: IndicatorDefinition, answers: Answers): number | null {
  switch (definition.aggregation) {
    case 'median':
      return numberOf(answers[definition.question])
    case 'median_ratio': {
      const y = side(definition.numerator, answers)
      const x = side(definition.denominator, answers)
      return y === null || x === null || x === 0 ? null : y / x
    }
    case 'share': {
      const met = meets(definition, answers[definition.question])
      return met === null ? null : met ? 1 : 0
    }
    default:
      return null
  }
}

/**
 * The items of an organisation's own report: for every median, median of ratios and share that
 * applies to one of its families, its own value beside the family's figures — and beside the
 * overall margin's, where the indicator has one. The family's figures are those of the public
 * view of the cell (`publicCell`, whatever view `cells` is in): a suppressed cell gives the item
 * `suppressed: true` with n, figures and reason null — its own value still shown, never the
 * family's, nor why or on how many organisations it is hidden — and a published cell never
 * carries a reason (quartiles or interval withheld by the p % rule are simply null).
 */
export function memberReportItems(
  definitions: readonly IndicatorDefinition[],
  cells: readonly IndicatorCell[],
  answers: Answers,
  families: readonly string[],
): ReportItem[] {
  const byKey = new Map(cells.filter((c) => c.dimensionValue === null && c.category === null).map((c) => [`${c.indicator}\u0000${c.family}`, publicCell(c)]))
  const items: ReportItem[] = []
  for (const definition of definitions) {
    if (definition.aggregation !== 'median' && definition.aggregation !== 'median_ratio' && definition.aggregation !== 'share') continue
    const own = ownValue(definition, answers)
    const mine = families.filter((f) => definition.families === null || definition.families.includes(f))
    for (const family of [...mine, ...(mine.length > 0 ? [ALL] : [])]) {
      const cell = byKey.get(`${definition.id}\u0000${family}`)
      if (!cell) continue
      items.push({
        indicator: indicatorMeta(definition),
        family,
        own,
        n: cell.n,
        value: cell.value,
        q1: cell.q1,
        q3: cell.q3,
        ciLow: cell.ciLow,
        ciHigh: cell.ciHigh,
        suppressed: cell.suppressed,
        reason: null,
      })
    }
  }
  return items
}
