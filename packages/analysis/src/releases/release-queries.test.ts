import {
  findReleaseTable,
  listAnalysisVariables,
  listReleasedResponses,
  lockWaveReleases,
  releasedAnswers,
  submittedAnswersByIds,
  submittedSnapshot,
  type Database,
} from '@sonde/db'
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely'
import { describe, expect, it } from 'vitest'

// The SQL a release and its microdata read and write through @sonde/db, as PostgreSQL receives
// it: which responses a release is computed from (the latest submission of each, a lateral
// join), which answers its microdata are written from (the recorded submission's, else the
// response's), in what order. A change to these queries shows here, in review, as a diff of the
// SQL. Nothing runs: Kysely's DummyDriver compiles each query and answers no rows, and the
// queries are read from Kysely's log.
const sent: CompiledQuery[] = []
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  log: (event) => {
    if (event.level === 'query') sent.push(event.query)
  },
})

/** The SQL and parameters of every query `run` sends. */
async function queriesOf(run: () => Promise<unknown>): Promise<{ sql: string; parameters: readonly unknown[] }[]> {
  sent.length = 0
  await run()
  return sent.map(({ sql, parameters }) => ({ sql, parameters }))
}

const WAVE = '00000000-0000-4000-8000-00000000000a'
const RELEASE = '00000000-0000-4000-8000-00000000000b'
const RESPONSES = ['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001']

describe('the queries of releases and microdata', () => {
  it('the analysis variables of a wave, by store and position', async () => {
    expect(await queriesOf(() => listAnalysisVariables(db, WAVE))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            "00000000-0000-4000-8000-00000000000a",
          ],
          "sql": "select "name", "kind", "store", "position" from "analysis_variables" where "wave_id" = $1 order by "store", "position"",
        },
      ]
    `)
  })

  it('a new release: the lock of the wave, then the submitted responses with the latest submission of each', async () => {
    expect(await queriesOf(() => db.transaction().execute((trx) => lockWaveReleases(trx, WAVE)))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            "sonde.release:00000000-0000-4000-8000-00000000000a",
          ],
          "sql": "select pg_advisory_xact_lock(hashtextextended($1, 0))",
        },
      ]
    `)
    expect(await queriesOf(() => submittedSnapshot(db, WAVE))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            1,
            "00000000-0000-4000-8000-00000000000a",
            "submitted",
          ],
          "sql": "select "r"."id" as "responseId", "s"."id" as "submissionId", "r"."revision", "r"."submitted_at" as "submittedAt" from "responses" as "r" left join lateral (select "s"."id" from "submissions" as "s" where "s"."response_id" = "r"."id" order by "s"."submitted_at" desc limit $1) as "s" on true where "r"."wave_id" = $2 and "r"."status" = $3 order by "r"."id"",
        },
      ]
    `)
  })

  it("a release's tables and responses", async () => {
    expect(await queriesOf(() => findReleaseTable(db, RELEASE, null))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            "00000000-0000-4000-8000-00000000000b",
            "",
          ],
          "sql": "select "dimension_values", "cells" from "release_cells" where "release_id" = $1 and "dimension" = $2",
        },
      ]
    `)
    expect(await queriesOf(() => listReleasedResponses(db, RELEASE))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            "00000000-0000-4000-8000-00000000000b",
          ],
          "sql": "select "response_id", "submission_id", "revision", "submitted_at" from "release_responses" where "release_id" = $1 order by "response_id"",
        },
      ]
    `)
  })

  it('the answers the microdata are written from: of a release, and live for staff', async () => {
    expect(await queriesOf(() => releasedAnswers(db, RELEASE, RESPONSES))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            "00000000-0000-4000-8000-00000000000b",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000001",
          ],
          "sql": "select "r"."id", coalesce(s.answers, r.answers)::text as "answers" from "release_responses" as "rr" inner join "responses" as "r" on "r"."id" = "rr"."response_id" left join "submissions" as "s" on "s"."id" = "rr"."submission_id" where "rr"."release_id" = $1 and "rr"."response_id" in ($2, $3)",
        },
      ]
    `)
    expect(await queriesOf(() => submittedAnswersByIds(db, WAVE, RESPONSES))).toMatchInlineSnapshot(`
      [
        {
          "parameters": [
            "00000000-0000-4000-8000-00000000000a",
            "submitted",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000001",
          ],
          "sql": "select "id", answers::text as "answers" from "responses" where "wave_id" = $1 and "status" = $2 and "id" in ($3, $4)",
        },
      ]
    `)
  })
})
