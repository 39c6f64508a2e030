import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PATTERN_LENGTH, MAX_REPEAT, MAX_TEXT_LENGTH, QUESTIONNAIRE_LIMITS } from '@sonde/survey'
import { bodyLimit } from '../src/app'
import { errorTable } from '../src/errors'
import { maxImportLines } from '../src/organisations/import-csv'
import { questionnaireBodyLimit } from '../src/questionnaires/body-limit'
import { maxAnswerDepth, maxAnswerLength } from '../src/routes/respondent/answer-text'
import { inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// Property-based bad input over every route of /api/openapi.json: whatever arrives in the path,
// the query, the headers or the body, Sonde answers below 500, and a refused request stores
// nothing. The seed is fixed (SONDE_BAD_INPUT_SEED replays another), and fast-check prints the
// seed and the path of the first failing request.
const SEED = Number(process.env.SONDE_BAD_INPUT_SEED ?? 20261203)
const RUNS_PER_ROUTE = Number(process.env.SONDE_BAD_INPUT_RUNS ?? 24)

let ctx: TestContext
let adminCookie: string
const known: Record<string, string[]> = {}

interface Operation {
  method: string
  path: string
  query: string[]
  headers: string[]
  body: JsonSchema | null
}

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  additionalProperties?: JsonSchema | boolean
}

let operations: Operation[] = []

beforeAll(async () => {
  ctx = await startTestApp({
    rateLimits: {
      loginPerAccountAddress: 1_000_000,
      loginPerAddress: 1_000_000,
      linkGuessesPerAddress: 1_000_000,
      resetRequestsPerAddress: 1_000_000,
      joinsPerAddress: 1_000_000,
      openLinkSendsPerTarget: 1_000_000,
    },
  })
  adminCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'admin'))
  const open = await waveFactory(ctx.database, { status: 'open', slug: 'ouverte' })
  await ctx.database.db
    .updateTable('waves')
    .set({ settings: { minCellSize: 3, openLink: true } })
    .where('id', '=', open.id)
    .execute()
  const draft = await waveFactory(ctx.database, { status: 'draft', slug: 'brouillon' })
  const closed = await waveFactory(ctx.database, { status: 'closed', slug: 'fermee' })
  const { token, organisationId } = await inviteFactory(ctx.database, open.id, { familyKeys: ['insertion'] })
  const researcher = await userFactory(ctx.database, 'researcher')
  const researcherId = (await ctx.database.db.selectFrom('users').select('id').where('email', '=', researcher.email).executeTakeFirstOrThrow()).id
  const apiToken = await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: adminCookie }, payload: { name: 'script' } })
  Object.assign(known, {
    wave: [open.id, draft.id, closed.id],
    user: [researcherId],
    apiToken: [String(apiToken.json().id ?? '')],
    organisation: [organisationId],
    token: [token],
    slug: ['ouverte', 'brouillon'],
  })

  const spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>
  }
  operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      headers: (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name),
      body: op.requestBody?.content['application/json']?.schema ?? null,
    })),
  )
})
afterAll(async () => ctx?.close())

// ---------------------------------------------------------------------------------------------
// What an attacker sends.

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code))
const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '__proto__',
    'constructor',
    'prototype',
    '9'.repeat(400),
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    'true',
    '../../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '=HYPERLINK("http://evil")',
    '👋🏽‮مرحبا',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(5_000),
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), loneSurrogate, fc.constant('\u0000')), { maxLength: 8 }).map((parts) => parts.join('')),
)
const nastyNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 0.1, -0),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value

// Questions of the 2025 questionnaire, of every kind: text, number, choice, choices, yes/no, confirmation.
const QUESTION_NAMES = [
  'nom_organisation',
  'budget_annuel',
  'forme_juridique',
  'familles',
  'gouvernance_democratique',
  'region',
  'salaries_etp__confirme',
  'attentes',
]

/** A value shaped by the route's schema where it can be, nasty where it cannot. */
function shaped(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return nastyValue
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => shaped(s, depth + 1)), nastyValue)
  if (schema.enum?.length) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: nastyValue })
  if ('const' in schema) return fc.oneof({ weight: 3, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: nastyValue })
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object': {
      if (!schema.properties && schema.additionalProperties) {
        // A record, such as the answers: keys the questionnaire knows, and others.
        const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...QUESTION_NAMES) }, { weight: 1, arbitrary: nastyString })
        const value = typeof schema.additionalProperties === 'object' ? shaped(schema.additionalProperties, depth + 1) : nastyValue
        return fc.dictionary(key, fc.oneof(value, nastyValue), { maxKeys: 4 })
      }
      const properties = Object.entries(schema.properties ?? {})
      const fields = Object.fromEntries(properties.map(([key, inner]) => [key, fc.option(shaped(inner, depth + 1), { nil: undefined, freq: 4 })]))
      return fc.tuple(fc.record(fields), fc.dictionary(nastyString, nastyValue, { maxKeys: 2 }), fc.boolean()).map(([object, extra, withExtra]) => {
        const clean = Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined))
        return withExtra ? { ...clean, ...extra } : clean
      })
    }
    case 'array':
      return fc.array(shaped(schema.items, depth + 1), { maxLength: 5 })
    case 'string':
      return fc.oneof(
        nastyString,
        fc.emailAddress(),
        fc.uuid(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      )
    case 'number':
    case 'integer':
      return nastyNumber
    case 'boolean':
      return fc.oneof(fc.boolean(), nastyValue)
    default:
      return nastyValue
  }
}

/** JSON texts no JSON.stringify of an object would give. */
const rawBodies = fc.constantFrom(
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
  '{"answers":{"nom_organisation":"a\\u0000b"},"baseRevision":0}',
  '{"answers":{"nom_organisation":"\\ud800"},"baseRevision":0}',
  `{"answers":{"nom_organisation":${'['.repeat(50_000)}${']'.repeat(50_000)}},"baseRevision":0}`,
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"name":"x","email":"a@b.fr","__proto__":null}',
  '1e999999',
  '-0',
  '"\\u0000"',
  '{',
  '',
  'null',
  '[]',
  '{"revision":1e400}',
  '{"baseRevision":99999999999999999999999999,"answers":{}}',
)

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 })

/** Percent-encodes like encodeURIComponent, and a lone surrogate as the bytes it would have in WTF-8. */
function encode(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(char)
  }
  return out
}

const rawPathPiece = fc.constantFrom('%00', '%FF', '%', '%E0%A4%A', '%2e%2e%2f', '..', '%C0%AE')

function knownFor(path: string, param: string): string[] {
  if (param === 'id') return path.startsWith('/api/users') ? known.user! : path.startsWith('/api/tokens') ? known.apiToken! : known.wave!
  if (param === 'organisationId') return known.organisation!
  if (param === 'token') return known.token!
  if (param === 'slug') return known.slug!
  if (param === 'tokenId') return known.apiToken!
  return []
}

interface Attempt {
  url: string
  headers: Record<string, string>
  payload?: string
}

function attempts(op: Operation): fc.Arbitrary<Attempt> {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  const paramArbs = params.map((param) => {
    const valid = knownFor(op.path, param)
    return fc.oneof(
      ...(valid.length ? [{ weight: 4, arbitrary: fc.constantFrom(...valid).map(encode) }] : []),
      { weight: 2, arbitrary: nastyString.map(encode) },
      { weight: 1, arbitrary: rawPathPiece },
    )
  })
  const queryArb = fc.tuple(
    fc.tuple(
      ...op.query.map((name) =>
        fc.option(
          fc.oneof(
            nastyString.map((v) => `${name}=${encode(v)}`),
            fc
              .constantFrom(
                'latest',
                'live',
                'excel-fr',
                'rfc4180',
                'family',
                'region',
                'true',
                '1',
                '200',
                '9'.repeat(40),
                `${known.wave![0]},${known.wave![1]}`,
              )
              .map((v) => `${name}=${v}`),
            rawPathPiece.map((v) => `${name}=${v}`),
            fc.constant(`${name}[]=x&${name}=y`),
          ),
          { nil: undefined },
        ),
      ),
    ),
    fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: nastyString.map((v) => `${encode(v)}=${encode(v)}`) }),
  )
  const headerArb = fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: fc.constant(adminCookie) }, { weight: 1, arbitrary: printable.map((v) => `sonde_session=${v}`) }),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'application/json; charset=utf-8',
            'text/plain',
            'text/csv',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded',
          ),
        },
      ),
      fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: printable }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        {
          weight: 1,
          arbitrary: fc.record(
            { authorization: printable.map((v) => `Bearer ${v}`), 'accept-language': printable, 'x-forwarded-for': printable },
            { requiredKeys: [] },
          ),
        },
      ),
    )
    .map(([cookie, contentType, key, extra]) => ({ cookie, 'content-type': contentType, 'idempotency-key': key, ...extra }) as Record<string, string>)
  const bodyArb: fc.Arbitrary<string | undefined> =
    op.method === 'GET' || op.method === 'DELETE'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 5, arbitrary: shaped(op.body ?? undefined).map((value) => JSON.stringify(value) ?? 'null') },
          { weight: 2, arbitrary: rawBodies },
          { weight: 1, arbitrary: nastyValue.map((value) => JSON.stringify(value) ?? 'null') },
          { weight: 1, arbitrary: printable },
        )
  return fc.tuple(fc.tuple(...paramArbs), queryArb, headerArb, bodyArb).map(([values, [query, extra], headers, payload]) => {
    let path = op.path
    params.forEach((param, i) => (path = path.replace(`{${param}}`, values[i]!)))
    const search = [...query, extra].filter((part) => part !== undefined).join('&')
    // Logging out would end the session every later request needs.
    if (op.path === '/api/auth/logout') headers = { ...headers, cookie: 'sonde_session=x' }
    const withBody = payload !== undefined && !headers['content-type'] ? { ...headers, 'content-type': 'application/json' } : headers
    return { url: search ? `${path}?${search}` : path, headers: withBody, ...(payload === undefined ? {} : { payload }) }
  })
}

// ---------------------------------------------------------------------------------------------
// What must hold.

// Tables that change on refused requests by design: sessions record when they were last used.
const VOLATILE = new Set(['sessions', 'kysely_migration', 'kysely_migration_lock'])

/** A fingerprint of every stored row, table by table. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = (await ctx.database.db.introspection.getTables()).map((t) => t.name).filter((name) => !VOLATILE.has(name))
  const parts = tables.map((name) => sql`(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${sql.table(name)} t) as ${sql.ref(name)}`)
  const { rows } = await sql<Record<string, string>>`select ${sql.join(parts)}`.execute(ctx.database.db)
  return rows[0]!
}

describe('bad input on every route of /api/openapi.json', () => {
  it('lists the routes to attack', () => {
    expect(operations.length).toBeGreaterThan(40)
    expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining(['PATCH /api/r/{token}/answers', 'PUT /api/waves/{id}/questionnaire', 'GET /api/audit', 'POST /api/w/{slug}/join']),
    )
  })

  it('never answers 5xx, and stores nothing when it refuses', async () => {
    const started = Date.now()
    let requests = 0
    for (const op of operations) {
      const stateChanging = op.method !== 'GET'
      await fc.assert(
        fc.asyncProperty(attempts(op), async (attempt) => {
          const before = stateChanging ? await fingerprint() : null
          const res = await ctx.app.inject({
            method: op.method as 'GET',
            url: attempt.url,
            headers: attempt.headers,
            ...(attempt.payload === undefined ? {} : { payload: attempt.payload }),
          })
          requests++
          const what = `${op.method} ${attempt.url.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`
          expect(res.statusCode, what).toBeLessThan(500)
          // Every refusal is Sonde's JSON error, with a code of the table.
          if (res.statusCode >= 400) expect(Object.keys(errorTable), what).toContain((res.json() as { code?: string }).code)
          if (before && res.statusCode >= 400) expect(await fingerprint(), `stored something: ${what}`).toEqual(before)
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      )
    }
    console.info(`bad input: ${requests} requests over ${operations.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`)
    // Thousands of requests, each with a fingerprint of the database: minutes on a loaded machine.
  }, 600_000)
})

describe('the bad input that answered 500', () => {
  // Their own wave and link: the property above may have closed, erased or revoked the shared ones.
  const fresh: { open?: string; draft?: string; token?: string } = {}
  beforeAll(async () => {
    const open = await waveFactory(ctx.database, { status: 'open', slug: 'regression-ouverte' })
    fresh.open = open.id
    fresh.draft = (await waveFactory(ctx.database, { status: 'draft', slug: 'regression-brouillon' })).id
    fresh.token = (await inviteFactory(ctx.database, open.id)).token
  })

  function send(method: string, url: string, payload?: string, headers: Record<string, string> = {}) {
    return ctx.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: adminCookie, 'content-type': 'application/json', ...headers },
      ...(payload === undefined ? {} : { payload }),
    })
  }

  it('sees a change in any table: the fingerprint the suite compares', async () => {
    const before = await fingerprint()
    await ctx.database.db.updateTable('waves').set({ title: 'Changée' }).where('slug', '=', 'fermee').execute()
    expect(await fingerprint()).not.toEqual(before)
  })

  it.each<[string, string, string, string | undefined, number, string, RegExp]>([
    [
      'a NUL byte in a wave title',
      'POST',
      '/api/waves',
      '{"slug":"nul-titre","title":"Vague\\u0000"}',
      400,
      'INVALID_BODY',
      /^body\.title: contient un caractère NUL/,
    ],
    [
      'a NUL byte in an organisation name',
      'POST',
      '/api/waves/{wave}/organisations',
      '{"name":"Atelier\\u0000"}',
      400,
      'INVALID_BODY',
      /^body\.name: contient un caractère NUL/,
    ],
    ['a NUL byte in an open-link slug', 'GET', '/api/w/ouverte%00', undefined, 400, 'INVALID_BODY', /params\.slug/],
    ['a NUL byte in the audit filter', 'GET', '/api/audit?actorId=a%00b', undefined, 400, 'INVALID_QUERY', /^query\.actorId: contient un caractère NUL/],
    [
      'an oversized before= on the audit log',
      'GET',
      `/api/audit?before=${'9'.repeat(40)}`,
      undefined,
      400,
      'INVALID_QUERY',
      /^querystring\.before: an audit event id/,
    ],
    ['before= past the largest bigint', 'GET', '/api/audit?before=9223372036854775808', undefined, 400, 'INVALID_QUERY', /^querystring\.before/],
    [
      'an answer nested 50 000 deep',
      'PATCH',
      '/api/r/{token}/answers',
      `{"baseRevision":0,"answers":{"nom_organisation":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`,
      400,
      'INVALID_ANSWER',
      /^answers\.nom_organisation: réponse imbriquée sur 50\s000 niveaux, au-delà de 16$/,
    ],
    [
      'a questionnaire nested 50 000 deep',
      'PUT',
      '/api/waves/{draft}/questionnaire',
      `{"pages":[{"name":"p","elements":${'['.repeat(50_000)}${']'.repeat(50_000)}}]}`,
      422,
      'QUESTIONNAIRE_INVALID',
      /Structure JSON trop profonde : 50\s003 niveaux, au-delà de 64/,
    ],
    ['a body nested 100 000 deep', 'POST', '/api/waves', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400, 'INVALID_BODY', /^body: /],
    ['a percent-encoding that is not UTF-8', 'GET', '/api/waves/%ED%A0%80', undefined, 400, 'MALFORMED_URL', /^url: /],
    ['a path segment of 5 000 characters', 'PATCH', `/api/users/${'x'.repeat(5_000)}`, '{}', 404, 'NOT_FOUND', /nothing here/],
  ])('%s: %s %s', async (_label, method, template, payload, status, code, message) => {
    const url = template.replace('{wave}', fresh.open!).replace('{draft}', fresh.draft!).replace('{token}', fresh.token!)
    const before = await fingerprint()
    const res = await send(method, url, payload)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status)
    expect(res.json()).toMatchObject({ code, message: expect.stringMatching(message) })
    expect(await fingerprint()).toEqual(before)
  })
})

describe('the limits the README states', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ')
  const spaced = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ')
  const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`

  it('are the ones in the code', () => {
    expect(readme).toContain(
      `nested over ${maxAnswerDepth} levels, or is too long: a text over ${spaced(MAX_TEXT_LENGTH)} characters, any answer over ${spaced(maxAnswerLength)} characters as JSON`,
    )
    expect(readme).toContain(`the body is over ${mib(bodyLimit)} — ${mib(questionnaireBodyLimit)} for a questionnaire,`)
    const q = QUESTIONNAIRE_LIMITS
    expect(readme).toContain(
      `at most ${q.pages} pages, ${spaced(q.questions)} questions, ${spaced(q.choices)} choices (rows, columns) per question, panels ${q.depth} deep, ${q.jsonDepth} levels of JSON and ${mib(q.bytes)} of JSON`,
    )
    expect(readme).toContain(`at most ${MAX_PATTERN_LENGTH} characters and repetitions up to ${spaced(MAX_REPEAT)}`)
    expect(readme).toContain(`over ${spaced(maxImportLines)} lines`)
    expect(readme).toContain(`and ${spaced(maxImportLines)} lines)`)
  })

  it('a member file: as large as the README says and no more, refused with the limit named in French', async () => {
    const stated = Number(/(\d+) MiB for a member file/.exec(readme)?.[1])
    expect(readme).toContain(`import organisations from CSV (up to ${stated} MiB`)
    const wave = await waveFactory(ctx.database, { status: 'draft', slug: 'import-limite' })
    const upload = (bytes: number) => {
      const header = 'name,email\n'
      return ctx.app.inject({
        method: 'POST',
        url: `/api/waves/${wave.id}/organisations/import?dryRun=true`,
        headers: { cookie: adminCookie, 'content-type': 'text/csv' },
        payload: header + 'x'.repeat(bytes - header.length),
      })
    }
    expect((await upload(stated * 1024 * 1024)).statusCode).toBe(200)
    const refused = await upload(stated * 1024 * 1024 + 1)
    expect(refused.statusCode).toBe(413)
    expect(refused.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: `body: la requête dépasse ${stated} Mio, la taille permise ici.` })
  })

  it('a text answer: refused beyond the limit, in French, naming the question, the limit and the length', async () => {
    const wave = await waveFactory(ctx.database, { status: 'open', slug: 'texte-limite' })
    const { token: link } = await inviteFactory(ctx.database, wave.id)
    const save = (text: string) => ctx.app.inject({ method: 'PATCH', url: `/api/r/${link}/answers`, payload: { baseRevision: 0, answers: { attentes: text } } })
    expect((await save('a'.repeat(MAX_TEXT_LENGTH))).statusCode).toBe(200)
    const refused = await save('a'.repeat(MAX_TEXT_LENGTH + 1))
    expect(refused.statusCode).toBe(400)
    const fr = (n: number) => n.toLocaleString('fr-FR')
    expect(refused.json()).toMatchObject({
      code: 'INVALID_ANSWER',
      message: `answers.attentes: Le texte compte ${fr(MAX_TEXT_LENGTH + 1)} caractères, au-delà de ${fr(MAX_TEXT_LENGTH)}.`,
    })
  })
})
