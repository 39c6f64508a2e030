import { createHash } from 'node:crypto'
import { FAMILIES_QUESTION } from '@sonde/contracts/rules'
import type { AnalysisVariable } from '@sonde/db'
import { sql, type RawBuilder } from 'kysely'
import type { Dimension } from '../dimensions/dimensions'
import { normaliseTerm } from '../indicators/meta'
import type {
  DerivedSumIndicator,
  DistributionIndicator,
  IndicatorDefinition,
  MedianIndicator,
  RatioIndicator,
  RatioTerm,
  ShareIndicator,
  SumIndicator,
} from '../indicators/types'

// The query reads `response_values`, the typed projection the database keeps of every submitted
// response (migration 20261128221000): one row per response, numbers in a float8[] and short
// texts in a text[], at positions listed in `analysis_variables`. No jsonb is read.
//
// Every value from a definition — question names never reach the SQL, share targets and
// categories — is a bound parameter; the text of the query is shaped by the definitions (one
// expression per indicator, term or category) and the only literals generated are array
// positions read from `analysis_variables` and slot numbers counted by this code.
//
// Cost model: one scan of the wave's rows. Each row computes every indicator's values once, then
// rows aggregate by (family set, dimension value) — a few hundred groups whatever the number of
// responses — with plain decomposable aggregates (counts, sums, maxima); the caller adds the
// groups up into family cells and margins. Values of medians travel per group as packed float8
// (`float8send`, 8 bytes each) for the caller to sort: a median is not decomposable, and one
// sort per cell in the caller beats one per family and margin in the database.

export { FAMILIES_QUESTION }

/** Unit and record separators of the projection's text encoding (see the migration). */
const LIST_MARK = '\u001f'
const LONG_MARK = '\u001e'
/** Longest string stored as it is in the projection; longer ones are stored as md5. */
const SHORT_TEXT = 100

type NumericIndicator = SumIndicator | MedianIndicator | RatioIndicator | DerivedSumIndicator

/**
 * A string as the projection stores it: itself up to 100 characters (code points, as PostgreSQL
 * counts), else U+001E followed by the md5 of its UTF-8 bytes, so equality still holds.
 */
export function projectedText(value: string): string {
  return [...value].length <= SHORT_TEXT ? value : LONG_MARK + createHash('md5').update(value, 'utf8').digest('hex')
}

/**
 * Typed access to the answers of one row of `response_values`, by question name: each access
 * registers the extraction once (`nullif(v.num[p], 'NaN')`, `v.txt[p]`, a list's length) as a
 * column of the innermost layer, and returns a reference to that column, so that every question
 * is read once per row however many indicators use it.
 */
class Projection {
  private readonly positions = new Map<string, number>()
  private readonly extracted = new Map<string, { alias: string; expression: RawBuilder<unknown> }>()

  constructor(variables: readonly AnalysisVariable[]) {
    for (const v of variables) this.positions.set(`${v.kind}\u0000${v.name}`, v.position)
  }

  private extract(key: string, build: () => RawBuilder<unknown> | null, nullType: 'float8' | 'text'): RawBuilder<unknown> {
    let column = this.extracted.get(key)
    if (!column) {
      const expression = build() ?? sql`cast(null as ${sql.raw(nullType)})`
      column = { alias: `q${this.extracted.size}`, expression }
      this.extracted.set(key, column)
    }
    return sql.ref(`e.${column.alias}`)
  }

  private position(kind: AnalysisVariable['kind'], name: string): number | undefined {
    return this.positions.get(`${kind}\u0000${name}`)
  }

  /** The JSON number answered, as float8; NULL when absent or of another type. */
  number(name: string): RawBuilder<unknown> {
    const p = this.position('number', name)
    return this.extract(`number:${name}`, () => (p === undefined ? null : sql`nullif(v.num[${sql.lit(p)}], 'NaN'::float8)`), 'float8')
  }

  /** A JSON boolean as 1 or 0; NULL when absent or of another type. */
  boolean(name: string): RawBuilder<unknown> {
    const p = this.position('boolean', name)
    return this.extract(`boolean:${name}`, () => (p === undefined ? null : sql`nullif(v.num[${sql.lit(p)}], 'NaN'::float8)`), 'float8')
  }

  /** A JSON string (`projectedText`); NULL when absent or of another type. */
  text(name: string): RawBuilder<unknown> {
    const p = this.position('string', name)
    return this.extract(`string:${name}`, () => (p === undefined ? null : sql`v.txt[${sql.lit(p)}]`), 'text')
  }

  /** A JSON array's string elements, U+001F before and after each; NULL when not an array. */
  list(name: string): RawBuilder<unknown> {
    const p = this.position('strings', name)
    return this.extract(`strings:${name}`, () => (p === undefined ? null : sql`v.txt[${sql.lit(p)}]`), 'text')
  }

  /** How many strings a JSON array holds (ticked choices); NULL when not an array. */
  listCount(name: string): RawBuilder<unknown> {
    const p = this.position('strings', name)
    return this.extract(
      `count:${name}`,
      () => (p === undefined ? null : sql`cast(length(v.txt[${sql.lit(p)}]) - length(replace(v.txt[${sql.lit(p)}], chr(31), '')) - 1 as float8)`),
      'float8',
    )
  }

  /** The extraction columns registered so far, for the innermost layer. */
  columns(): RawBuilder<unknown>[] {
    return [...this.extracted.values()].map((c) => sql`${c.expression} as ${sql.raw(c.alias)}`)
  }
}

function termValue(term: RatioTerm, p: Projection): RawBuilder<unknown> {
  const t = normaliseTerm(term)
  let value = t.count ? p.listCount(t.question) : p.number(t.question)
  if (t.times) value = sql`(${value} * ${p.number(t.times)})`
  if (t.coefficient !== 1) value = sql`(cast(${t.coefficient} as float8) * ${value})`
  if (t.default !== null) value = sql`coalesce(${value}, cast(${t.default} as float8))`
  return value
}

// Σ of the terms that have a number; NULL when none has.
function linearSum(values: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  if (values.length === 1) return values[0]!
  return sql`(case when num_nonnulls(${sql.join(values)}) > 0 then ${sql.join(
    values.map((v) => sql`coalesce(${v}, 0)`),
    sql` + `,
  )} end)`
}

/**
 * Per organisation, the numerator y and denominator x of a numeric indicator before validity:
 * the answer for a sum or median; Σ of each side's terms for a ratio; Σ factor × answer of a
 * derived sum, times the multiplier's number or its default. A side is NULL when none of its
 * terms has a number.
 */
function numericSides(definition: NumericIndicator, p: Projection): { y: RawBuilder<unknown>; x: RawBuilder<unknown> } {
  switch (definition.aggregation) {
    case 'sum':
    case 'median':
      return { y: p.number(definition.question), x: sql`null` }
    case 'derived_sum': {
      const y = linearSum(definition.terms.map((t) => sql`(cast(${t.factor.value} as float8) * ${p.number(t.question)})`))
      const multiplier = definition.multiplier
      if (!multiplier) return { y, x: sql`null` }
      return { y: sql`(${y} * coalesce(${p.number(multiplier.question)}, cast(${multiplier.default} as float8)))`, x: sql`null` }
    }
    case 'pooled_ratio':
    case 'median_ratio':
      return {
        y: linearSum(definition.numerator.map((t) => termValue(t, p))),
        x: linearSum(definition.denominator.map((t) => termValue(t, p))),
      }
  }
}

/**
 * Whether an organisation has a valid answer for a numeric indicator: y for a sum, median or
 * derived sum; y and x for a pooled ratio; y and a non-zero x for a median of ratios.
 */
function isValid(definition: NumericIndicator, y: RawBuilder<unknown>, x: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (definition.aggregation) {
    case 'pooled_ratio':
      return sql`(${y} is not null and ${x} is not null)`
    case 'median_ratio':
      return sql`(${y} is not null and ${x} <> 0)`
    default:
      return sql`(${y} is not null)`
  }
}

/** The share's answer, whether it is valid (of the condition's type) and whether it meets it. */
function shareFlags(definition: ShareIndicator, p: Projection): { valid: RawBuilder<unknown>; met: RawBuilder<unknown> } {
  const when = definition.when
  if ('atMost' in when || 'atLeast' in when) {
    const value = p.number(definition.question)
    const met = 'atMost' in when ? sql`${value} <= cast(${when.atMost} as float8)` : sql`${value} >= cast(${when.atLeast} as float8)`
    return { valid: sql`${value} is not null`, met: sql`coalesce(${met}, false)` }
  }
  const target = when.equals
  if (typeof target === 'boolean') {
    const value = p.boolean(definition.question)
    return { valid: sql`${value} is not null`, met: sql`coalesce(${value} = ${target ? 1 : 0}, false)` }
  }
  if (typeof target === 'number') {
    const value = p.number(definition.question)
    return { valid: sql`${value} is not null`, met: sql`coalesce(${value} = cast(${target} as float8), false)` }
  }
  const value = p.text(definition.question)
  return { valid: sql`${value} is not null`, met: sql`coalesce(${value} = ${projectedText(target)}, false)` }
}

/** Per category whether the organisation chose it, and whether it chose any listed category. */
function distributionFlags(definition: DistributionIndicator, p: Projection): { chosen: RawBuilder<unknown>[]; any: RawBuilder<unknown> } {
  if (definition.multiple) {
    const list = p.list(definition.question)
    const chosen = definition.categories.map((category) => sql`coalesce(strpos(${list}, ${LIST_MARK + category + LIST_MARK}) > 0, false)`)
    return { chosen, any: chosen.length > 0 ? sql`(${sql.join(chosen, sql` or `)})` : sql`false` }
  }
  const text = p.text(definition.question)
  const encoded = definition.categories.map(projectedText)
  return {
    chosen: encoded.map((category) => sql`coalesce(${text} = ${category}, false)`),
    any: sql`coalesce(${text} = any(cast(${encoded} as text[])), false)`,
  }
}

/**
 * Where a definition's figures are in a group row: `offset` into `agg` and, for a median or a
 * median of ratios, `median`, the index of its packed-values column.
 *  - sum, derived_sum: n, Σy, max|y|, Σ|y|, second largest |y|
 *  - pooled_ratio: n, Σy, max|y|, Σ|y|, Σx, max|x|, Σ|x|, Σy², Σx², Σxy, second largest |y|,
 *    second largest |x|
 *  - share: n (answers of the condition's type), x (meeting it)
 *  - distribution: n (organisations choosing a listed category), then one count per category
 */
export interface Slot {
  offset: number
  median: number | null
}

/** One group of responses: a family set (as projected) and a dimension value, with its figures. */
export interface GroupRow {
  families: string | null
  dimension: string | null
  /** With a dimension: a group of the family set alone, every value of the dimension together. */
  margin: boolean
  agg: (number | null)[]
  [median: `m${number}`]: Buffer | null
}

/**
 * The aggregate query of `computeIndicators`: one row per group of the wave's submitted responses
 * sharing a family set and a dimension value (or none), with the figures of every definition at
 * the `Slot` returned for it; with a dimension, also one row per family set alone (`margin`), whose
 * figures are those of the query without a dimension to the last bit — the same rows added up in
 * the same order — so that the margins of a crossed table read exactly as the table by family.
 * Size classes are cut in SQL by `sizeClassOf`'s bands. With `split`,
 * only the responses of one part of `parts` (by the last byte of their random id): the parts'
 * groups add up to the whole. After the definitions' slots, `agg` holds one count per question of
 * `answered` — the organisations that answered it, at `answered.get(name)`: the n of a filter
 * question, read in the same pass. With `responseIds`, only those responses count.
 */
export function groupsQuery(
  waveId: string,
  variables: readonly AnalysisVariable[],
  definitions: readonly IndicatorDefinition[],
  dimension: Dimension | null,
  split: { part: number; parts: number } | null = null,
  options: { answered?: readonly string[]; responseIds?: readonly string[] } = {},
): { query: RawBuilder<GroupRow>; slots: Slot[]; answered: Map<string, number> } {
  const p = new Projection(variables)
  const computed: RawBuilder<unknown>[] = []
  const aggregates: RawBuilder<unknown>[] = []
  const medianColumns: RawBuilder<unknown>[] = []
  const slots: Slot[] = []
  // A value used by several aggregates is computed once per row, in the middle layer.
  const column = (expression: RawBuilder<unknown>) => {
    const name = `c${computed.length}`
    computed.push(sql`${expression} as ${sql.raw(name)}`)
    return sql.ref(`e.${name}`)
  }
  const f8 = (expression: RawBuilder<unknown>) => sql`cast(${expression} as float8)`

  for (const definition of definitions) {
    const offset = aggregates.length
    switch (definition.aggregation) {
      case 'sum':
      case 'derived_sum':
      case 'pooled_ratio': {
        const sides = numericSides(definition, p)
        // A sum's value is the extracted answer itself, NULL when not valid.
        const y = definition.aggregation === 'sum' ? sides.y : column(sql`case when ${isValid(definition, sides.y, sides.x)} then ${sides.y} end`)
        aggregates.push(f8(sql`count(${y})`), sql`sum(${y})`, sql`max(abs(${y}))`, sql`sum(abs(${y}))`)
        if (definition.aggregation === 'pooled_ratio') {
          const x = column(sql`case when ${isValid(definition, sides.y, sides.x)} then ${sides.x} end`)
          aggregates.push(
            sql`sum(${x})`,
            sql`max(abs(${x}))`,
            sql`sum(abs(${x}))`,
            sql`sum(${y} * ${y})`,
            sql`sum(${x} * ${x})`,
            sql`sum(${x} * ${y})`,
            sql`sonde_second_largest(abs(${y}))`,
            sql`sonde_second_largest(abs(${x}))`,
          )
        } else {
          aggregates.push(sql`sonde_second_largest(abs(${y}))`)
        }
        slots.push({ offset, median: null })
        break
      }
      case 'median':
      case 'median_ratio': {
        const sides = numericSides(definition, p)
        const m =
          definition.aggregation === 'median' ? sides.y : column(sql`case when ${isValid(definition, sides.y, sides.x)} then ${sides.y} / ${sides.x} end`)
        slots.push({ offset, median: medianColumns.length })
        medianColumns.push(sql`string_agg(float8send(${m}), ''::bytea) as ${sql.raw(`m${medianColumns.length}`)}`)
        break
      }
      case 'share': {
        const flags = shareFlags(definition, p)
        aggregates.push(f8(sql`count(*) filter (where ${flags.valid})`), f8(sql`count(*) filter (where ${flags.met})`))
        slots.push({ offset, median: null })
        break
      }
      case 'distribution': {
        const flags = distributionFlags(definition, p)
        aggregates.push(f8(sql`count(*) filter (where ${flags.any})`))
        for (const chosen of flags.chosen) aggregates.push(f8(sql`count(*) filter (where ${chosen})`))
        slots.push({ offset, median: null })
        break
      }
    }
  }

  const answered = new Map<string, number>()
  for (const name of options.answered ?? []) {
    if (answered.has(name)) continue
    answered.set(name, aggregates.length)
    const kinds = [p.number(name), p.boolean(name), p.text(name), p.list(name)]
    aggregates.push(f8(sql`count(*) filter (where num_nonnulls(${sql.join(kinds)}) > 0)`))
  }

  let dimensionValue: RawBuilder<unknown> = sql`cast(null as text)`
  if (dimension?.classes) {
    const fte = p.number(dimension.question)
    dimensionValue = sql`case when ${fte} is null or ${fte} < 0 then null when ${fte} = 0 then 'etp_0'
      when ${fte} < 10 then 'etp_1_9' when ${fte} < 50 then 'etp_10_49' else 'etp_50_plus' end`
  } else if (dimension) {
    dimensionValue = p.text(dimension.question)
  }
  const families = p.list(FAMILIES_QUESTION)

  // Three layers, kept apart by `offset 0` so that the planner does not fold them back into one
  // expression per aggregate: every question read once per row, then every indicator's value
  // computed once per row, then the aggregates by group (hashed: a few hundred groups).
  const query = sql<GroupRow>`
    select e.families, e.dimension, ${dimension ? sql`grouping(e.dimension) = 1` : sql`false`} as margin,
      cast(array[${sql.join(aggregates.length > 0 ? aggregates : [sql`null`])}] as float8[]) as agg
      ${medianColumns.length > 0 ? sql`, ${sql.join(medianColumns)}` : sql``}
    from (
      select e.*, ${families} as families, ${dimensionValue} as dimension
        ${computed.length > 0 ? sql`, ${sql.join(computed)}` : sql``}
      from (
        select ${sql.join([sql`1 as one`, ...p.columns()])}
        from response_values v
        where v.wave_id = ${waveId}
          ${split ? sql`and get_byte(uuid_send(v.response_id), 15) % ${sql.lit(split.parts)} = ${sql.lit(split.part)}` : sql``}
          ${options.responseIds ? sql`and v.response_id = any(cast(${[...options.responseIds]} as uuid[]))` : sql``}
        offset 0
      ) as e
      offset 0
    ) as e
    ${dimension ? sql`group by grouping sets ((e.families, e.dimension), (e.families))` : sql`group by e.families, e.dimension`}`
  return { query, slots, answered }
}

/** The float8 values packed by `float8send` (big-endian), in order. */
export function unpackFloat8(buffer: Buffer | null): Float64Array {
  if (!buffer) return new Float64Array(0)
  const values = new Float64Array(buffer.length / 8)
  for (let i = 0; i < values.length; i++) values[i] = buffer.readDoubleBE(i * 8)
  return values
}
