import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import type { IndicatorCell, PublicResults } from '@sonde/contracts'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, submittedFactory, unzip, userFactory, waveFactory, type TestContext } from './support'

// Issue 12, part 2: the public observatory's API — staff publish a wave's public page on a
// release under an open licence, anyone reads it without a login, staff take it down.

let ctx: TestContext
let staffCookie: string
let researcherCookie: string

const submitted = (waveId: string, answers: Record<string, unknown>, familyKeys: string[]) => submittedFactory(ctx.database, waveId, answers, familyKeys)

/**
 * A wave (k = 5) with eight insertion organisations that answered, two réemploi ones (a family
 * under the minimum: its cells and its count are hidden) and three invited that did not answer.
 */
async function waveWithAnswers() {
  const wave = await waveFactory(ctx.database, { minCellSize: 5 })
  for (let i = 0; i < 8; i++) {
    const region = i < 5 ? 'bretagne' : 'normandie'
    await submitted(wave.id, { ...completeAnswers('insertion'), region, budget_annuel: 100_000 * (i + 1), gouvernance_democratique: i % 2 === 0 }, [
      'insertion',
    ])
  }
  for (let i = 0; i < 2; i++) {
    await submitted(wave.id, { ...completeAnswers('reemploi'), budget_annuel: 777_777 + i, salaries_nombre: 3 + i }, ['reemploi'])
  }
  for (let i = 0; i < 3; i++) await inviteFactory(ctx.database, wave.id, { familyKeys: ['insertion'] })
  return wave
}

const request = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, cookie?: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) })

async function release(waveId: string) {
  const res = await request('POST', `/api/waves/${waveId}/releases`, staffCookie, { hideDifferences: true })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; number: number }
}

const publish = (waveId: string, body: object) => request('PUT', `/api/waves/${waveId}/public-page`, staffCookie, body)

async function auditActions(waveId: string) {
  const rows = await ctx.database.db.selectFrom('audit_events').select(['action', 'details']).where('wave_id', '=', waveId).orderBy('id').execute()
  return rows.filter((r) => r.action.startsWith('public_page.'))
}

beforeAll(async () => {
  ctx = await startTestApp()
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
})
afterAll(async () => ctx?.close())

describe('before publication', () => {
  it('answers 404 PUBLIC_PAGE_NOT_FOUND, the same for an unknown slug, and staff see an unpublished page', async () => {
    const wave = await waveWithAnswers()
    await release(wave.id)
    const unpublished = await request('GET', `/api/public/${wave.slug}`)
    const unknown = await request('GET', '/api/public/no-such-wave')
    expect(unpublished.statusCode).toBe(404)
    expect(unpublished.json().code).toBe('PUBLIC_PAGE_NOT_FOUND')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual(unpublished.json())
    for (const file of ['indicators.csv', 'datapackage.zip']) {
      const res = await request('GET', `/api/public/${wave.slug}/${file}`)
      expect(res.statusCode, file).toBe(404)
      expect(res.json().code).toBe('PUBLIC_PAGE_NOT_FOUND')
    }
    const state = await request('GET', `/api/waves/${wave.id}/public-page`, staffCookie)
    expect(state.statusCode).toBe(200)
    expect(state.json()).toEqual({
      published: false,
      path: `/resultats/${wave.slug}`,
      releaseId: null,
      releaseNumber: null,
      licence: null,
      publishedAt: null,
      newerRelease: false,
    })
  })

  it('refuses to publish a wave without any release: 409 RESULTS_NOT_RELEASED, nothing written', async () => {
    const wave = await waveWithAnswers()
    const res = await publish(wave.id, { licence: 'etalab-2.0' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('RESULTS_NOT_RELEASED')
    expect(await ctx.database.db.selectFrom('public_pages').selectAll().where('wave_id', '=', wave.id).execute()).toEqual([])
    expect(await auditActions(wave.id)).toEqual([])
  })

  it('refuses a release of another wave or an unknown one with 404 RELEASE_NOT_FOUND naming releaseId, nothing written', async () => {
    const wave = await waveWithAnswers()
    const other = await waveWithAnswers()
    await release(wave.id)
    const foreign = await release(other.id)
    for (const releaseId of [foreign.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await publish(wave.id, { releaseId, licence: 'etalab-2.0' })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('RELEASE_NOT_FOUND')
      expect(res.json().message).toContain('releaseId')
      expect(res.json().details).toEqual({ field: 'releaseId' })
    }
    expect(await ctx.database.db.selectFrom('public_pages').selectAll().where('wave_id', '=', wave.id).execute()).toEqual([])
  })

  it('refuses an unknown licence or field with 400 INVALID_BODY naming it', async () => {
    const wave = await waveWithAnswers()
    await release(wave.id)
    const licence = await publish(wave.id, { licence: 'mit' })
    expect(licence.statusCode).toBe(400)
    expect(licence.json().code).toBe('INVALID_BODY')
    expect(licence.json().message).toContain('licence')
    const extra = await publish(wave.id, { licence: 'etalab-2.0', release: 1 })
    expect(extra.statusCode).toBe(400)
    expect(extra.json().message).toContain('release')
    expect(await ctx.database.db.selectFrom('public_pages').selectAll().where('wave_id', '=', wave.id).execute()).toEqual([])
  })
})

describe('access', () => {
  it('keeps the staff routes for staff: researcher 403, anonymous 401', async () => {
    const wave = await waveWithAnswers()
    await release(wave.id)
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const body = method === 'PUT' ? { licence: 'etalab-2.0' } : undefined
      const researcher = await request(method, `/api/waves/${wave.id}/public-page`, researcherCookie, body)
      expect(researcher.statusCode, method).toBe(403)
      const anonymous = await request(method, `/api/waves/${wave.id}/public-page`, undefined, body)
      expect(anonymous.statusCode, method).toBe(401)
    }
    expect(await ctx.database.db.selectFrom('public_pages').selectAll().where('wave_id', '=', wave.id).execute()).toEqual([])
  })
})

describe('a published page', () => {
  let wave: Awaited<ReturnType<typeof waveWithAnswers>>
  let first: { id: string; number: number }
  let page: PublicResults

  beforeAll(async () => {
    wave = await waveWithAnswers()
    first = await release(wave.id)
    const res = await publish(wave.id, { licence: 'etalab-2.0' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      published: true,
      path: `/resultats/${wave.slug}`,
      releaseId: first.id,
      releaseNumber: 1,
      licence: 'etalab-2.0',
      newerRelease: false,
    })
    const read = await request('GET', `/api/public/${wave.slug}`)
    expect(read.statusCode, read.body).toBe(200)
    page = read.json()
  })

  it('is recorded in the audit log', async () => {
    expect(await auditActions(wave.id)).toEqual([{ action: 'public_page.published', details: { releaseId: first.id, number: 1, licence: 'etalab-2.0' } }])
  })

  it('is read without a login, sets no cookie, may be cached a minute and revalidated by ETag', async () => {
    const res = await request('GET', `/api/public/${wave.slug}`)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.headers['cache-control']).toBe('public, max-age=60')
    const etag = res.headers.etag as string
    expect(etag).toMatch(/^".+"$/)
    const again = await ctx.app.inject({ method: 'GET', url: `/api/public/${wave.slug}`, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('shows the release staff chose, with exactly the cells a researcher reads of it (a hidden cell is a bare mark)', async () => {
    expect(page.wave).toMatchObject({ slug: wave.slug, title: wave.title })
    expect(page.release).toMatchObject({ number: 1, responses: 10 })
    expect(page.licence).toBe('etalab-2.0')
    expect(page.families.map((f) => f.key)).toContain('reemploi')
    const researcher = await request('GET', `/api/waves/${wave.id}/indicators?release=${first.id}`, researcherCookie)
    expect(page.cells).toEqual(researcher.json().cells)
    expect(page.indicators.map((i) => i.id)).toEqual(researcher.json().indicators.map((i: { id: string }) => i.id))
    const byRegion = await request('GET', `/api/waves/${wave.id}/indicators?release=${first.id}&dimension=region`, researcherCookie)
    expect(page.regions.cells).toEqual(byRegion.json().cells)
    expect(page.regions.values).toEqual(byRegion.json().dimensionValues)
    expect(page.regions.cells.length).toBeGreaterThan(0)

    // Réemploi (two organisations) is hidden, with nothing but the mark.
    const reemploi = page.cells.filter((c) => c.family === 'reemploi')
    expect(reemploi.length).toBeGreaterThan(0)
    for (const cell of reemploi) {
      expect(cell).toMatchObject({ suppressed: true, n: null, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, reason: null })
    }
    expect(page.cells.every((c) => c.reason === null)).toBe(true)
    expect(page.cells.some((c) => c.family === 'insertion' && !c.suppressed && c.value !== null)).toBe(true)
    expect(page.cells.some((c) => c.family === '_all' && !c.suppressed && c.value !== null)).toBe(true)
  })

  it('gives the methodology: counts as of the release, a small family’s count withheld, the rules and the interval level', async () => {
    const counts = new Map(page.methodology.responseCounts.map((c) => [c.family, c]))
    expect(counts.get('_all')).toEqual({ family: '_all', invited: 13, submitted: 10, rate: 10 / 13 })
    expect(counts.get('reemploi')).toEqual({ family: 'reemploi', invited: 2, submitted: null, rate: null })
    // Insertion's count would give réemploi's by difference from the network's (also the release's responses): withheld too.
    expect(counts.get('insertion')).toEqual({ family: 'insertion', invited: 11, submitted: null, rate: null })
    expect(page.methodology).toMatchObject({ minCellSize: 5, pPercent: 15, confidence: 0.95 })
    // Invitations after the release do not count in it.
    await inviteFactory(ctx.database, wave.id, { familyKeys: ['insertion'] })
    const later = (await request('GET', `/api/public/${wave.slug}`)).json() as PublicResults
    expect(later.methodology.responseCounts.find((c) => c.family === '_all')!.invited).toBe(13)
  })

  it('lists the conversion factors of the release’s derived indicators with their sources', () => {
    for (const factor of page.methodology.factors) {
      expect(page.indicators.map((i) => i.id)).toContain(factor.indicator)
      expect(factor.source.length).toBeGreaterThan(0)
      expect(Number.isFinite(factor.value)).toBe(true)
    }
  })

  it('serves indicators.csv: the page’s cells, by family then by region, named with the slug; excel-fr for French spreadsheets', async () => {
    const res = await request('GET', `/api/public/${wave.slug}/indicators.csv`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sonde-${wave.slug}-indicateurs-publication-1.csv"`)
    expect(res.headers['set-cookie']).toBeUndefined()
    const rows = parse(res.body, { columns: true }) as Record<string, string>[]
    expect(rows.length).toBe(page.cells.length + page.regions.cells.length)
    expect(rows.filter((r) => r.dimension === 'region').length).toBe(page.regions.cells.length)
    for (const row of rows.filter((r) => r.suppressed === 'true')) {
      expect([row.n, row.value, row.ci_low, row.ci_high, row.q1, row.q3, row.reason]).toEqual(['', '', '', '', '', '', ''])
    }
    expect(rows.every((r) => r.reason === '')).toBe(true)

    const fr = await request('GET', `/api/public/${wave.slug}/indicators.csv?dialect=excel-fr`)
    expect(fr.statusCode).toBe(200)
    expect(fr.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const frRows = parse(fr.body.slice(1), { columns: true, delimiter: ';' }) as Record<string, string>[]
    expect(frRows.length).toBe(rows.length)
    const decimal = frRows.find((r) => [r.value, r.ci_low, r.ci_high, r.q1, r.q3].some((x) => /^-?\d+,\d+$/.test(x!)))
    expect(decimal, 'a decimal comma').toBeDefined()

    const bad = await request('GET', `/api/public/${wave.slug}/indicators.csv?dialect=excel`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('INVALID_QUERY')
  })

  it('serves a data package under the chosen licence, without responses nor microdata', async () => {
    const res = await request('GET', `/api/public/${wave.slug}/datapackage.zip`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sonde-${wave.slug}-donnees-publication-1.zip"`)
    const files = unzip(res.rawPayload)
    expect([...files.keys()].sort()).toEqual(['datapackage.json', 'indicator-list.csv', 'indicators.csv', 'methodology.md', 'response-counts.csv'])
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString())
    expect(descriptor.licenses).toEqual([
      { name: 'etalab-2.0', title: 'Licence Ouverte / Open Licence version 2.0', path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
    ])
    expect(descriptor.resources.map((r: { path: string }) => r.path)).toEqual(['indicators.csv', 'indicator-list.csv', 'response-counts.csv'])
    for (const resource of descriptor.resources) {
      const rows = parse(files.get(resource.path)!.toString()) as string[][]
      expect(rows[0], resource.name).toEqual(resource.schema.fields.map((f: { name: string }) => f.name))
    }
    const methodology = files.get('methodology.md')!.toString()
    expect(methodology).toContain('Licence Ouverte')
    expect(methodology).toContain('moins de 5')
    const all = [...files.values()].map((b) => b.toString()).join('\n')
    expect(all).not.toContain('Atelier Test')
    // The same page gives the same bytes (dated as the release).
    const again = await request('GET', `/api/public/${wave.slug}/datapackage.zip`)
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true)
  })

  it('is read by R in both dialects: each CSV with the types its table schema declares', async () => {
    if (!hasR()) return
    for (const dialect of ['rfc4180', 'excel-fr']) {
      const res = await request('GET', `/api/public/${wave.slug}/datapackage.zip?dialect=${dialect}`)
      const dir = mkdtempSync(join(tmpdir(), 'sonde-public-r-'))
      try {
        const path = join(dir, 'datapackage.zip')
        writeFileSync(path, res.rawPayload)
        const script = `
          args <- commandArgs(trailingOnly = TRUE)
          dir <- file.path(dirname(args[1]), "package")
          unzip(args[1], exdir = dir)
          package <- jsonlite::fromJSON(file.path(dir, "datapackage.json"), simplifyVector = FALSE)
          classes <- c(number = "numeric", integer = "integer", boolean = "logical", string = "character")
          for (resource in package$resources) {
            fields <- resource$schema$fields
            types <- vapply(fields, function(f) classes[[f$type]], "")
            decimal <- if (any(vapply(fields, function(f) identical(f$decimalChar, ","), TRUE))) "," else "."
            data <- read.csv(file.path(dir, resource$path), check.names = FALSE, na.strings = "", encoding = "UTF-8",
                             fileEncoding = "UTF-8-BOM", sep = resource$dialect$delimiter, dec = decimal, colClasses = unname(types))
            stopifnot(identical(names(data), vapply(fields, function(f) f$name, "")))
            cat(resource$name, nrow(data), "\n")
            if (resource$name == "indicators") cat("values", sum(!is.na(data$value)), "\n")
          }
        `
        const output = execFileSync('Rscript', ['-e', script, path], { encoding: 'utf8' })
        expect(output, dialect).toContain(`indicators ${page.cells.length + page.regions.cells.length} `)
        const published = [...page.cells, ...page.regions.cells].filter((c: IndicatorCell) => c.value !== null).length
        expect(output, dialect).toContain(`values ${published} `)
        expect(output, dialect).toContain(`response-counts ${page.methodology.responseCounts.length} `)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  })

  it('describes the excel-fr package as it is written: `;` and decimal commas', async () => {
    const res = await request('GET', `/api/public/${wave.slug}/datapackage.zip?dialect=excel-fr`)
    const files = unzip(res.rawPayload)
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString())
    const indicators = descriptor.resources.find((r: { name: string }) => r.name === 'indicators')
    expect(indicators.dialect.delimiter).toBe(';')
    expect(indicators.schema.fields.find((f: { name: string }) => f.name === 'value').decimalChar).toBe(',')
    expect(files.get('indicators.csv')!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  })

  it('stays on its release when a newer one is published, and moves with staff, with the licence they choose', async () => {
    for (let i = 0; i < 5; i++) {
      await submitted(wave.id, { ...completeAnswers('insertion'), budget_annuel: 5_000_000 + i }, ['insertion'])
    }
    const second = await release(wave.id)
    const state = (await request('GET', `/api/waves/${wave.id}/public-page`, staffCookie)).json()
    expect(state).toMatchObject({ published: true, releaseId: first.id, releaseNumber: 1, newerRelease: true })
    const still = (await request('GET', `/api/public/${wave.slug}`)).json() as PublicResults
    expect(still.release.number).toBe(1)
    expect(still.cells).toEqual(page.cells)
    expect(JSON.stringify(still)).not.toContain('5000000')

    const moved = await publish(wave.id, { licence: 'cc-by-4.0' })
    expect(moved.json()).toMatchObject({ releaseId: second.id, releaseNumber: 2, licence: 'cc-by-4.0', newerRelease: false })
    const files = unzip((await request('GET', `/api/public/${wave.slug}/datapackage.zip`)).rawPayload)
    expect(JSON.parse(files.get('datapackage.json')!.toString()).licenses).toEqual([
      { name: 'CC-BY-4.0', title: 'Creative Commons Attribution 4.0 International (CC BY 4.0)', path: 'https://creativecommons.org/licenses/by/4.0/' },
    ])
    const back = await publish(wave.id, { releaseId: first.id, licence: 'etalab-2.0' })
    expect(back.json()).toMatchObject({ releaseId: first.id, releaseNumber: 1, newerRelease: true })
  })

  it('is taken down by staff: 204, then 404 for the public; taking it down again is a no-op', async () => {
    const res = await request('DELETE', `/api/waves/${wave.id}/public-page`, staffCookie)
    expect(res.statusCode).toBe(204)
    for (const url of [`/api/public/${wave.slug}`, `/api/public/${wave.slug}/indicators.csv`, `/api/public/${wave.slug}/datapackage.zip`]) {
      const gone = await request('GET', url)
      expect(gone.statusCode, url).toBe(404)
      expect(gone.json().code).toBe('PUBLIC_PAGE_NOT_FOUND')
    }
    expect((await request('DELETE', `/api/waves/${wave.id}/public-page`, staffCookie)).statusCode).toBe(204)
    expect((await request('GET', `/api/waves/${wave.id}/public-page`, staffCookie)).json()).toMatchObject({ published: false, releaseId: null })
    const actions = (await auditActions(wave.id)).map((a) => a.action)
    expect(actions.filter((a) => a === 'public_page.unpublished')).toEqual(['public_page.unpublished'])
  })
})

/** Whether R runs here with jsonlite (the test reads the package as frictionless::read_resource would). */
function hasR(): boolean {
  try {
    execFileSync('Rscript', ['-e', 'library(jsonlite)'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
