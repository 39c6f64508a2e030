import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// A member file is written in slices of short transactions (issue 13, point 3): respondents' saves
// pass between them instead of waiting for the whole import — on the embedded database, whose one
// session serves every connection in turn, one transaction for 20 000 lines held saves back for
// 20 s. And it stays all or nothing: a slice that fails undoes the slices already written.

let ctx: TestContext
let cookie: string

beforeAll(async () => {
  ctx = await startTestApp()
  cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => {
  await ctx?.close()
})

const memberFile = (count: number, name = (i: number) => `Structure ${i}`, mail = 'contact') =>
  ['nom;courriel;familles;siren;région', ...Array.from({ length: count }, (_, i) => `${name(i)};${mail}${i}@exemple.org;insertion;;bretagne`)].join('\n')

const importFile = (waveId: string, csv: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/organisations/import`, headers: { cookie, 'content-type': 'text/csv' }, payload: csv })

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!

describe('a large member file', () => {
  it('lets respondents save while 20 000 lines are written', async () => {
    const wave = await waveFactory(ctx.database)
    const links = await Promise.all(Array.from({ length: 10 }, () => inviteFactory(ctx.database, wave.id)))
    const target = await waveFactory(ctx.database)

    let importing = true
    const latencies: number[] = []
    const savers = links.map(async ({ token }) => {
      let revision = 0
      while (importing) {
        const started = performance.now()
        const res = await ctx.app.inject({
          method: 'PATCH',
          url: `/api/r/${token}/answers`,
          payload: { baseRevision: revision, answers: { salaries_nombre: latencies.length } },
        })
        latencies.push(performance.now() - started)
        expect(res.statusCode).toBe(200)
        revision = res.json<{ revision: number }>().revision
      }
    })
    const started = performance.now()
    const imported = await importFile(target.id, memberFile(20_000))
    const importTime = performance.now() - started
    importing = false
    await Promise.all(savers)

    expect(imported.statusCode).toBe(200)
    expect(imported.json()).toMatchObject({ written: true, created: 20_000, updated: 0, errors: [] })
    const p50 = percentile(latencies, 50)
    const p99 = percentile(latencies, 99)
    console.info(
      `import of 20 000 lines: ${(importTime / 1000).toFixed(1)} s; ${latencies.length} saves meanwhile, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${ctx.database.engine})`,
    )
    // Saves went on during the import, and none waited for all of it (a generous bound: the
    // target, 200 ms p99, is measured by pnpm bench:autosave, not asserted on a shared machine).
    expect(latencies.length).toBeGreaterThan(50)
    expect(p99).toBeLessThan(Math.max(3_000, importTime / 4))
  }, 600_000)

  it('is all or nothing: a slice that fails undoes those written before it', async () => {
    const wave = await waveFactory(ctx.database)
    // An organisation already known, updated by the file (matched by e-mail).
    expect(
      (
        await importFile(
          wave.id,
          memberFile(1, () => 'Ancien nom', 'undo'),
        )
      ).json(),
    ).toMatchObject({ written: true, created: 1 })
    const before = await ctx.database.db
      .selectFrom('organisations')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const invitationsBefore = await ctx.database.db
      .selectFrom('invitations')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()

    // The database refuses the 700th line when it is written, as a fault would (a disk, a
    // constraint): by then two slices are committed.
    await sql`create function sonde_test_refuse() returns trigger language plpgsql as $$
      begin if new.name = 'Refusée' then raise exception 'refused for the test'; end if; return new; end $$`.execute(ctx.database.db)
    await sql`create trigger sonde_test_refuse before insert on organisations for each row execute function sonde_test_refuse()`.execute(ctx.database.db)
    try {
      const failed = await importFile(
        wave.id,
        memberFile(1_000, (i) => (i === 0 ? 'Nouveau nom' : i === 700 ? 'Refusée' : `Structure ${i}`), 'undo'),
      )
      expect(failed.statusCode).toBe(500)
    } finally {
      await sql`drop trigger sonde_test_refuse on organisations`.execute(ctx.database.db)
      await sql`drop function sonde_test_refuse()`.execute(ctx.database.db)
    }

    const after = await ctx.database.db
      .selectFrom('organisations')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const invitationsAfter = await ctx.database.db
      .selectFrom('invitations')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    expect(Number(invitationsAfter.n)).toBe(Number(invitationsBefore.n))
    const known = await ctx.database.db.selectFrom('organisations').select('name').where('email', '=', 'undo0@exemple.org').execute()
    expect(known.map((o) => o.name)).toEqual(['Ancien nom'])
  })
})
