import { sql, type RawBuilder } from 'kysely'
import type {
  DerivedSumIndicator,
  DistributionIndicator,
  MedianIndicator,
  RatioIndicator,
  ShareIndicator,
  SumIndicator,
} from '../indicators/types'

// Every name below — wave id, family keys, question names, share targets, categories — reaches
// PostgreSQL as a bound parameter (`answers -> $n`); nothing from a definition is spliced into
// the SQL text. The text itself is shaped by the definitions (one expression per indicator,
// term or category), and the only literals generated are array subscripts counted by this code.
//
// Cost model, for the 100k-response benchmark: the responses are read once per query; each
// `answers` value is detoasted once (`answers || '{}'`, in a subquery the planner cannot pull up)
// instead of once per `->` — a compressed jsonb is otherwise decompressed at every access; each
// response computes every question's value, then every indicator's values, once, into arrays
// (a layer per step, kept apart by `offset 0`); only then is it repeated for each of its
// families, and the rows aggregate by family (a handful of groups, hashed) with plain aggregates.
// Medians go through a second, narrow query (one row per response × family × median indicator).

/** The question listing the families a response belongs to (a checkbox: array of keys). */
export const FAMILIES_QUESTION = 'familles'

export type NumericIndicator = SumIndicator | MedianIndicator | RatioIndicator | DerivedSumIndicator

const index = (i: number) => sql.lit(i + 1)

function floatArray(items: readonly RawBuilder<unknown>[]): RawBuilder<(number | null)[]> {
  return sql`cast(array[${sql.join(items)}] as float8[])`
}

function intArray(items: readonly RawBuilder<unknown>[]): RawBuilder<number[]> {
  return sql`cast(array[${sql.join(items)}] as integer[])`
}

function boolArray(items: readonly RawBuilder<unknown>[]): RawBuilder<boolean[]> {
  return sql`cast(array[${sql.join(items)}] as boolean[])`
}

/**
 * The distinct questions a query reads, split by use. The first layer of the query extracts each
 * once per response: into `q` the float8 value of a question read as a number (NULL unless a JSON
 * number), into `j` the raw jsonb answer of a question compared as JSON; later layers read them
 * by subscript.
 */
class QuestionColumns {
  readonly numbers: string[] = []
  readonly raws: string[] = []

  private static position(list: string[], question: string): RawBuilder<unknown> {
    let position = list.indexOf(question)
    if (position < 0) position = list.push(question) - 1
    return index(position)
  }

  /** The raw jsonb answer (NULL when absent). */
  raw(question: string): RawBuilder<unknown> {
    return sql`e.j[${QuestionColumns.position(this.raws, question)}]`
  }

  /** The answer as float8 when it is a JSON number, NULL otherwise. */
  number(question: string): RawBuilder<unknown> {
    return sql`e.q[${QuestionColumns.position(this.numbers, question)}]`
  }
}

type ValueOf = (question: string) => RawBuilder<unknown>

// Σ coefficient × value over the questions that have a number; NULL when none has.
function linearSum(terms: readonly { question: string; coefficient: number }[], valueOf: ValueOf): RawBuilder<unknown> {
  const values = terms.map((t) => valueOf(t.question))
  const products = terms.map((t, i) => sql`coalesce(cast(${t.coefficient} as float8) * ${values[i]}, 0)`)
  return sql`(case when num_nonnulls(${sql.join(values)}) > 0 then ${sql.join(products, sql` + `)} end)`
}

/**
 * Per organisation, the numerator y and denominator x of a numeric indicator before validity:
 * the answer for a sum or median; Σ of each side of a ratio; Σ factor × answer of a derived sum,
 * times the multiplier's number or its default. `valueOf` gives the float8 value of a question
 * (NULL when it is not a number); a side is NULL when none of its questions has a number.
 */
function numericSides(definition: NumericIndicator, valueOf: ValueOf): { y: RawBuilder<unknown>; x: RawBuilder<unknown> } {
  switch (definition.aggregation) {
    case 'sum':
    case 'median':
      return { y: valueOf(definition.question), x: sql`null` }
    case 'derived_sum': {
      const y = linearSum(
        definition.terms.map((t) => ({ question: t.question, coefficient: t.factor.value })),
        valueOf,
      )
      const multiplier = definition.multiplier
      if (!multiplier) return { y, x: sql`null` }
      return {
        y: sql`(${y} * coalesce(${valueOf(multiplier.question)}, cast(${multiplier.default} as float8)))`,
        x: sql`null`,
      }
    }
    case 'pooled_ratio':
    case 'median_ratio':
      return {
        y: linearSum(definition.numerator.map((question) => ({ question, coefficient: 1 })), valueOf),
        x: linearSum(definition.denominator.map((question) => ({ question, coefficient: 1 })), valueOf),
      }
  }
}

/**
 * Whether an organisation has a valid answer for a numeric indicator, from its sides: y for a
 * sum, median or derived sum; y and x for a pooled ratio; y and a non-zero x for a median of
 * ratios (whose value y/x is otherwise undefined).
 */
function isValid(definition: NumericIndicator, y: RawBuilder<unknown>, x: RawBuilder<unknown>): RawBuilder<boolean> {
  switch (definition.aggregation) {
    case 'pooled_ratio':
      return sql`(${y} is not null and ${x} is not null)`
    case 'median_ratio':
      return sql`(${y} is not null and ${x} <> 0)`
    default:
      return sql`(${y} is not null)`
  }
}

/**
 * The wave's submitted responses, one row each, with `families` = the wave families listed in
 * their `familles` answer (anything but an array lists none), `q` = the float8 values of the
 * questions read as numbers (NULL unless a JSON number, so a string never makes a cast fail) and
 * `j` = the raw answers of the questions compared as JSON. `answers || '{}'` detoasts each value
 * once, in a subquery the planner cannot pull up; every later access reads the arrays.
 */
function perResponse(waveId: string, families: readonly string[], questions: QuestionColumns): RawBuilder<unknown> {
  const answer = (name: string) => sql`(d.a -> cast(${name} as text))`
  const numbers = questions.numbers.map(
    (name) => sql`case when jsonb_typeof(${answer(name)}) = 'number' then cast(${answer(name)} as float8) end`,
  )
  return sql`(
    select
      array(
        select wave_family.key
        from unnest(cast(${families} as text[])) as wave_family(key)
        where jsonb_typeof(d.a -> cast(${FAMILIES_QUESTION} as text)) = 'array'
          and d.a -> cast(${FAMILIES_QUESTION} as text) ? wave_family.key
      ) as families,
      ${floatArray(numbers)} as q,
      cast(array[${sql.join(questions.raws.map(answer))}] as jsonb[]) as j
    from responses r
    cross join lateral (select r.answers || '{}'::jsonb as a offset 0) as d
    where r.wave_id = ${waveId} and r.status = 'submitted'
    offset 0
  ) as e`
}

export interface AggregateRow {
  family: string
  /** Per numeric indicator, in the order given: organisations with a valid answer. */
  n: number[]
  sum_y: (number | null)[]
  max_abs_y: (number | null)[]
  sum_abs_y: (number | null)[]
  sum_x: (number | null)[]
  max_abs_x: (number | null)[]
  sum_abs_x: (number | null)[]
  sum_yy: (number | null)[]
  sum_xx: (number | null)[]
  sum_xy: (number | null)[]
  /** Per share indicator: organisations whose answer has the condition's JSON type, and those meeting it. */
  share_n: number[]
  share_x: number[]
  /** Per distribution indicator: organisations that chose at least one listed category. */
  distribution_n: number[]
  /** Per (distribution indicator, category), flattened in order: organisations that chose it. */
  category_count: number[]
}

export interface AggregateDefinitions {
  numeric: readonly NumericIndicator[]
  shares: readonly ShareIndicator[]
  distributions: readonly DistributionIndicator[]
}

/**
 * One row per family with at least one member, and per indicator the counts and sums the
 * statistics need: for numeric indicators n, Σy, max|y|, Σ|y| (NK rule), the same for x, and
 * Σy², Σx², Σxy (ratio variance); for shares n and x (jsonb equality with the condition's
 * value); for distributions n and the count of each category.
 */
export function aggregatesQuery(
  waveId: string,
  families: readonly string[],
  definitions: AggregateDefinitions,
): RawBuilder<AggregateRow> {
  const questions = new QuestionColumns()
  const sides = definitions.numeric.map((d) => numericSides(d, (q) => questions.number(q)))
  const shareTargets = definitions.shares.map((d) => sql`cast(${JSON.stringify(d.when.equals)} as jsonb)`)
  const shareValid = definitions.shares.map(
    (d, i) => sql`coalesce(jsonb_typeof(${questions.raw(d.question)}) = jsonb_typeof(${shareTargets[i]}), false)`,
  )
  const shareMet = definitions.shares.map(
    (d, i) => sql`coalesce(${questions.raw(d.question)} = ${shareTargets[i]}, false)`,
  )
  const chosen = definitions.distributions.flatMap((d) =>
    d.categories.map((category) => {
      const value = questions.raw(d.question)
      return d.multiple
        ? sql`coalesce(jsonb_typeof(${value}) = 'array' and ${value} @> jsonb_build_array(cast(${category} as text)), false)`
        : sql`coalesce(jsonb_typeof(${value}) = 'string' and ${value} = to_jsonb(cast(${category} as text)), false)`
    }),
  )
  const chosenAny = definitions.distributions.map((d) => {
    const value = questions.raw(d.question)
    return d.multiple
      ? sql`coalesce(jsonb_typeof(${value}) = 'array' and ${value} ?| cast(${d.categories} as text[]), false)`
      : sql`coalesce(jsonb_typeof(${value}) = 'string' and (${value} #>> '{}') = any(cast(${d.categories} as text[])), false)`
  })
  const perNumeric = (aggregate: (i: RawBuilder<unknown>) => RawBuilder<unknown>) =>
    definitions.numeric.map((_, i) => aggregate(index(i)))
  const countTrue = (column: string, items: readonly unknown[]) =>
    items.map((_, i) => sql`count(*) filter (where ${sql.ref(column)}[${index(i)}])`)

  // Per organisation: first the sides and the flags (built before `perResponse` is called, since
  // building them registers the questions it extracts), then y and x kept only where valid.
  const flagged = sql`(
      select e.families,
        ${floatArray(sides.map((v) => v.y))} as y,
        ${floatArray(sides.map((v) => v.x))} as x,
        ${boolArray(shareValid)} as share_valid,
        ${boolArray(shareMet)} as share_met,
        ${boolArray(chosenAny)} as chosen_any,
        ${boolArray(chosen)} as chosen
      from ${perResponse(waveId, families, questions)}
      offset 0
    ) as s`
  const valid = definitions.numeric.map((d, i) => isValid(d, sql`s.y[${index(i)}]`, sql`s.x[${index(i)}]`))

  return sql<AggregateRow>`
    select f.family,
      ${intArray(perNumeric((i) => sql`count(o.y[${i}])`))} as n,
      ${floatArray(perNumeric((i) => sql`sum(o.y[${i}])`))} as sum_y,
      ${floatArray(perNumeric((i) => sql`max(abs(o.y[${i}]))`))} as max_abs_y,
      ${floatArray(perNumeric((i) => sql`sum(abs(o.y[${i}]))`))} as sum_abs_y,
      ${floatArray(perNumeric((i) => sql`sum(o.x[${i}])`))} as sum_x,
      ${floatArray(perNumeric((i) => sql`max(abs(o.x[${i}]))`))} as max_abs_x,
      ${floatArray(perNumeric((i) => sql`sum(abs(o.x[${i}]))`))} as sum_abs_x,
      ${floatArray(perNumeric((i) => sql`sum(o.y[${i}] * o.y[${i}])`))} as sum_yy,
      ${floatArray(perNumeric((i) => sql`sum(o.x[${i}] * o.x[${i}])`))} as sum_xx,
      ${floatArray(perNumeric((i) => sql`sum(o.x[${i}] * o.y[${i}])`))} as sum_xy,
      ${intArray(countTrue('o.share_valid', shareValid))} as share_n,
      ${intArray(countTrue('o.share_met', shareMet))} as share_x,
      ${intArray(countTrue('o.chosen_any', chosenAny))} as distribution_n,
      ${intArray(countTrue('o.chosen', chosen))} as category_count
    from (
      select s.families,
        ${floatArray(valid.map((v, i) => sql`case when ${v} then s.y[${index(i)}] end`))} as y,
        ${floatArray(valid.map((v, i) => sql`case when ${v} then s.x[${index(i)}] end`))} as x,
        s.share_valid, s.share_met, s.chosen_any, s.chosen
      from ${flagged}
      offset 0
    ) as o
    cross join lateral unnest(o.families) as f(family)
    group by f.family`
}

/** A median cell to read: its indicator (index in the list given), family, and interval ranks. */
export interface MedianRequest {
  index: number
  family: string
  /** 1-based ranks of the interval bounds, or null when no interval is to be published. */
  lower: number | null
  upper: number | null
  n: number
}

export interface MedianRow {
  index: number
  family: string
  /** [q1, median, q3] by percentile_cont. */
  quartiles: number[]
  /** [x₍L₎, x₍U₎] by percentile_disc, or dummies when no interval was requested. */
  bounds: number[]
}

/**
 * For the requested median cells: quartiles by `percentile_cont` and the order statistics
 * x₍L₎, x₍U₎ by `percentile_disc` at (rank − ½)/n, which PostgreSQL reads as row ⌈rank − ½⌉ =
 * rank of the sorted values. Runs in the same snapshot as `aggregatesQuery`, which gave the n
 * the ranks come from. The value of a median of ratios is y/x per organisation.
 */
export function mediansQuery(
  waveId: string,
  families: readonly string[],
  definitions: readonly (MedianIndicator | RatioIndicator)[],
  requests: readonly MedianRequest[],
): RawBuilder<MedianRow> {
  const questions = new QuestionColumns()
  const sides = definitions.map((d) => numericSides(d, (q) => questions.number(q)))
  const values = definitions.map((d, i) => {
    const [y, x] = [sql`s.y[${index(i)}]`, sql`s.x[${index(i)}]`]
    const value = d.aggregation === 'median_ratio' ? sql`${y} / ${x}` : y
    return sql`case when ${isValid(d, y, x)} then ${value} end`
  })
  const fraction = (rank: number | null, n: number) => (rank === null ? 0.5 : (rank - 0.5) / n)
  const flagged = sql`(
      select e.families, ${floatArray(sides.map((v) => v.y))} as y, ${floatArray(sides.map((v) => v.x))} as x
      from ${perResponse(waveId, families, questions)}
      offset 0
    ) as s`
  return sql<MedianRow>`
    with wanted as (
      select * from unnest(
        cast(${requests.map((r) => r.index + 1)} as integer[]),
        cast(${requests.map((r) => r.family)} as text[]),
        cast(${requests.map((r) => fraction(r.lower, r.n))} as float8[]),
        cast(${requests.map((r) => fraction(r.upper, r.n))} as float8[])
      ) as w(index, family, lower_fraction, upper_fraction)
    ),
    observations as materialized (
      select f.family, u.index, u.value
      from (
        select s.families, ${floatArray(values)} as v
        from ${flagged}
        offset 0
      ) as o
      cross join lateral unnest(o.families) as f(family)
      cross join lateral unnest(o.v) with ordinality as u(value, index)
      where u.value is not null
    )
    select cast(w.index - 1 as integer) as index, w.family,
      percentile_cont(cast(array[0.25, 0.5, 0.75] as float8[])) within group (order by ob.value) as quartiles,
      percentile_disc(array[w.lower_fraction, w.upper_fraction]) within group (order by ob.value) as bounds
    from observations ob
    join wanted w on w.index = ob.index and w.family = ob.family
    group by w.index, w.family, w.lower_fraction, w.upper_fraction`
}
