import type { AnalysisVariable } from '@sonde/db'
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely'
import { describe, expect, it } from 'vitest'
import { dimensionFor } from '../dimensions/dimensions'
import type { IndicatorDefinition } from '../indicators/types'
import { groupsQuery } from './queries'

// The SQL that computes every published figure, as PostgreSQL receives it: a change to the query
// builder shows up here, in review, as a diff of the query rather than only as moved numbers in
// the integration tests. Compiled without a database (Kysely's DummyDriver: compile, never run).
const compiler = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

const WAVE = '00000000-0000-4000-8000-00000000000a'

// Positions as the database would list them for a small wave (`analysis_variables`).
const variables: AnalysisVariable[] = [
  { name: 'familles', kind: 'strings', store: 'txt', position: 1 },
  { name: 'region', kind: 'string', store: 'txt', position: 2 },
  { name: 'forme_juridique', kind: 'string', store: 'txt', position: 3 },
  { name: 'budget_annuel', kind: 'number', store: 'num', position: 1 },
  { name: 'salaries_etp', kind: 'number', store: 'num', position: 2 },
  { name: 'ca_femmes', kind: 'number', store: 'num', position: 3 },
  { name: 'ca_membres', kind: 'number', store: 'num', position: 4 },
  { name: 'gouvernance_democratique', kind: 'boolean', store: 'num', position: 5 },
]

const base = { labelFr: '', labelEn: '', unit: '', families: null }
// One definition of each shape the builder writes differently.
const definitions: IndicatorDefinition[] = [
  { ...base, id: 'salaries_etp_total', aggregation: 'sum', question: 'salaries_etp' },
  { ...base, id: 'budget_annuel_median', aggregation: 'median', question: 'budget_annuel' },
  { ...base, id: 'gouvernance_democratique_part', aggregation: 'share', question: 'gouvernance_democratique', when: { equals: true } },
  { ...base, id: 'ca_femmes_part', aggregation: 'pooled_ratio', numerator: ['ca_femmes'], denominator: ['ca_membres'] },
  {
    ...base,
    id: 'forme_juridique_repartition',
    aggregation: 'distribution',
    question: 'forme_juridique',
    categories: ['association', 'scop'],
    multiple: false,
  },
]

/**
 * A long line broken at the commas of its outermost list (those of least bracket depth, outside
 * quotes), one item per line: an aggregate added or changed is then a one-line diff in review.
 */
function itemPerLine(line: string): string[] {
  if (line.length <= 100) return [line]
  const commas: { at: number; depth: number }[] = []
  let depth = 0
  let quote: string | null = null
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (quote) quote = char === quote ? null : quote
    else if (char === "'" || char === '"') quote = char
    else if (char === '(' || char === '[') depth++
    else if (char === ')' || char === ']') depth--
    // A comma leading the line (`, string_agg(…)`) belongs to its first item.
    else if (char === ',' && line[i + 1] === ' ' && line.slice(0, i).trim() !== '') commas.push({ at: i, depth })
  }
  const outermost = Math.min(...commas.map((c) => c.depth))
  const indent = ' '.repeat(line.length - line.trimStart().length + 2)
  const pieces: string[] = []
  let from = 0
  for (const { at } of commas.filter((c) => c.depth === outermost)) {
    pieces.push(line.slice(from, at + 1))
    from = at + 2
  }
  pieces.push(line.slice(from))
  return pieces.map((piece, i) => (i === 0 ? piece : indent + piece))
}

/**
 * The compiled query and its parameters, laid out for review: trailing blanks and the empty
 * lines of the template's unused branches dropped, long lists one item per line. Only white
 * space differs from the text PostgreSQL receives.
 */
function compiled(query: ReturnType<typeof groupsQuery>['query']): { sql: string; parameters: readonly unknown[] } {
  const { sql, parameters } = query.compile(compiler)
  const lines = sql
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .flatMap(itemPerLine)
  return { sql: `\n${lines.join('\n')}\n`, parameters }
}

describe('groupsQuery', () => {
  it('reads each question once, computes each value once, and groups by family set', () => {
    const { query, slots } = groupsQuery(WAVE, variables, definitions, null)
    expect(slots).toEqual([
      { offset: 0, median: null },
      { offset: 5, median: 0 },
      { offset: 5, median: null },
      { offset: 7, median: null },
      { offset: 19, median: null },
    ])
    expect(compiled(query)).toMatchInlineSnapshot(`
      {
        "parameters": [
          1,
          [
            "association",
            "scop",
          ],
          "association",
          "scop",
          "00000000-0000-4000-8000-00000000000a",
        ],
        "sql": "
          select e.families, e.dimension, false as margin,
            cast(array[cast(count("e"."q0") as float8),
              sum("e"."q0"),
              max(abs("e"."q0")),
              sum(abs("e"."q0")),
              sonde_second_largest(abs("e"."q0")),
              cast(count(*) filter (where "e"."q2" is not null) as float8),
              cast(count(*) filter (where coalesce("e"."q2" = $1, false)) as float8),
              cast(count("e"."c0") as float8),
              sum("e"."c0"),
              max(abs("e"."c0")),
              sum(abs("e"."c0")),
              sum("e"."c1"),
              max(abs("e"."c1")),
              sum(abs("e"."c1")),
              sum("e"."c0" * "e"."c0"),
              sum("e"."c1" * "e"."c1"),
              sum("e"."c1" * "e"."c0"),
              sonde_second_largest(abs("e"."c0")),
              sonde_second_largest(abs("e"."c1")),
              cast(count(*) filter (where coalesce("e"."q5" = any(cast($2 as text[])), false)) as float8),
              cast(count(*) filter (where coalesce("e"."q5" = $3, false)) as float8),
              cast(count(*) filter (where coalesce("e"."q5" = $4, false)) as float8)] as float8[]) as agg
            , string_agg(float8send("e"."q1"), ''::bytea) as m0
          from (
            select e.*, "e"."q6" as families, cast(null as text) as dimension
              , case when ("e"."q3" is not null and "e"."q4" is not null) then "e"."q3" end as c0,
                case when ("e"."q3" is not null and "e"."q4" is not null) then "e"."q4" end as c1
            from (
              select 1 as one,
                nullif(v.num[2], 'NaN'::float8) as q0,
                nullif(v.num[1], 'NaN'::float8) as q1,
                nullif(v.num[5], 'NaN'::float8) as q2,
                nullif(v.num[3], 'NaN'::float8) as q3,
                nullif(v.num[4], 'NaN'::float8) as q4,
                v.txt[3] as q5,
                v.txt[1] as q6
              from response_values v
              where v.wave_id = $5
              offset 0
            ) as e
            offset 0
          ) as e
          group by e.families, e.dimension
      ",
      }
    `)
  })

  it('with a dimension, adds the dimension to the groups and the family sets alone as margins', () => {
    const region = dimensionFor('region', [{ name: 'region', choices: [{ value: 'bretagne' }, { value: 'corse' }] }])
    const { query } = groupsQuery(WAVE, variables, definitions.slice(0, 2), region)
    expect(compiled(query)).toMatchInlineSnapshot(`
      {
        "parameters": [
          "00000000-0000-4000-8000-00000000000a",
        ],
        "sql": "
          select e.families, e.dimension, grouping(e.dimension) = 1 as margin,
            cast(array[cast(count("e"."q0") as float8),
              sum("e"."q0"),
              max(abs("e"."q0")),
              sum(abs("e"."q0")),
              sonde_second_largest(abs("e"."q0"))] as float8[]) as agg
            , string_agg(float8send("e"."q1"), ''::bytea) as m0
          from (
            select e.*, "e"."q3" as families, "e"."q2" as dimension
            from (
              select 1 as one,
                nullif(v.num[2], 'NaN'::float8) as q0,
                nullif(v.num[1], 'NaN'::float8) as q1,
                v.txt[2] as q2,
                v.txt[1] as q3
              from response_values v
              where v.wave_id = $1
              offset 0
            ) as e
            offset 0
          ) as e
          group by grouping sets ((e.families, e.dimension), (e.families))
      ",
      }
    `)
  })

  it('cuts size classes in SQL, and reads only the part of a split and the listed responses', () => {
    const { query, answered } = groupsQuery(
      WAVE,
      variables,
      definitions.slice(0, 1),
      dimensionFor('size_class', []),
      { part: 1, parts: 2 },
      {
        answered: ['ca_membres'],
        responseIds: ['00000000-0000-4000-8000-000000000001'],
      },
    )
    expect(answered).toEqual(new Map([['ca_membres', 5]]))
    expect(compiled(query)).toMatchInlineSnapshot(`
      {
        "parameters": [
          "00000000-0000-4000-8000-00000000000a",
          [
            "00000000-0000-4000-8000-000000000001",
          ],
        ],
        "sql": "
          select e.families, e.dimension, grouping(e.dimension) = 1 as margin,
            cast(array[cast(count("e"."q0") as float8),
              sum("e"."q0"),
              max(abs("e"."q0")),
              sum(abs("e"."q0")),
              sonde_second_largest(abs("e"."q0")),
              cast(count(*) filter (where num_nonnulls("e"."q1", "e"."q2", "e"."q3", "e"."q4") > 0) as float8)] as float8[]) as agg
          from (
            select e.*,
              "e"."q5" as families,
              case when "e"."q0" is null or "e"."q0" < 0 then null when "e"."q0" = 0 then 'etp_0'
            when "e"."q0" < 10 then 'etp_1_9' when "e"."q0" < 50 then 'etp_10_49' else 'etp_50_plus' end as dimension
            from (
              select 1 as one,
                nullif(v.num[2], 'NaN'::float8) as q0,
                nullif(v.num[4], 'NaN'::float8) as q1,
                cast(null as float8) as q2,
                cast(null as text) as q3,
                cast(null as text) as q4,
                v.txt[1] as q5
              from response_values v
              where v.wave_id = $1
                and get_byte(uuid_send(v.response_id), 15) % 2 = 1
                and v.response_id = any(cast($2 as uuid[]))
              offset 0
            ) as e
            offset 0
          ) as e
          group by grouping sets ((e.families, e.dimension), (e.families))
      ",
      }
    `)
  })
})
