import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv, table } from '@sonde/analysis/testing'
import { type JsonValue } from '@sonde/db'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, unzip, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let waveId: string
let waveSlug: string
let researcherCookie: string

async function submitted(answers: Record<string, unknown>, familyKeys: string[], status: 'submitted' | 'in_progress' = 'submitted', wave = waveId) {
  const { organisationId } = await inviteFactory(ctx.database, wave, { familyKeys, name: String(answers.nom_organisation ?? 'Organisation') })
  await ctx.database.db
    .updateTable('responses')
    .set({ status, answers: answers as Record<string, JsonValue>, submitted_at: status === 'submitted' ? new Date() : null })
    .where('organisation_id', '=', organisationId)
    .execute()
}

async function get(url: string, cookie = researcherCookie) {
  return ctx.app.inject({ method: 'GET', url, headers: { cookie } })
}

const NAMES = ['Atelier =SOMME(A1)', 'Coopérative Ω', 'Réseau 🌍 numérique', 'جمعية رقمية']

beforeAll(async () => {
  ctx = await startTestApp()
  const wave = await waveFactory(ctx.database, { minCellSize: 3 })
  waveId = wave.id
  waveSlug = wave.slug
  for (const [i, name] of NAMES.entries()) {
    await submitted(
      {
        ...completeAnswers('insertion'),
        nom_organisation: name,
        familles: i === 0 ? ['insertion', 'reemploi'] : ['insertion'],
        budget_annuel: 100_000 + i * 10_000.5,
        nr_fonctions_equipees: ['bureautique', 'messagerie'],
        nr_outils_libres: i % 2 === 0 ? ['bureautique'] : [],
        attentes: ['=HYPERLINK("http://evil.example")', '-1 idée', 'Plus de mutualisation 👋\r\nligne 2', 'مرحبا'][i],
      },
      ['insertion'],
    )
  }
  await submitted({ ...completeAnswers('inclusion'), nom_organisation: 'Pas encore envoyée' }, ['inclusion'], 'in_progress')
  // Researchers read releases; this one may read the microdata (an admin granted it).
  const staff = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  const release = await ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: staff }, payload: {} })
  expect(release.statusCode).toBe(201)
  const researcher = await userFactory(ctx.database, 'researcher')
  await ctx.database.db.updateTable('users').set({ microdata_access: true }).where('email', '=', researcher.email).execute()
  researcherCookie = await loginCookie(ctx.app, researcher)
})
afterAll(async () => ctx?.close())

describe('GET /api/waves/{id}/exports/responses.csv', () => {
  it('gives one pseudonymous line per submitted response, one column per question in questionnaire order', async () => {
    const res = await get(`/api/waves/${waveId}/exports/responses.csv`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sonde-${waveSlug}-reponses-publication-1.csv"`)
    expect(res.headers['cache-control']).toBe('no-store')
    const [header] = parseCsv(res.body)
    expect(header!.slice(0, 6)).toEqual(['id', 'forme_juridique', 'agrement_esus', 'region', 'annee_creation', 'familles__insertion'])
    expect(header).toEqual(expect.arrayContaining(['familles', 'budget_annuel', 'nr_fonctions_equipees__bureautique', 'nr_outils_libres', 'consentement']))
    expect(header!.indexOf('budget_annuel')).toBeLessThan(header!.indexOf('nr_outils_libres'))
    const rows = table(res.body)
    expect(rows).toHaveLength(NAMES.length)
    for (const row of rows) expect(row.id).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(rows.map((r) => r.id)).size).toBe(NAMES.length)
  })

  it('never exports names, e-mails or free text unless the wave allows free text', async () => {
    const res = await get(`/api/waves/${waveId}/exports/responses.csv`)
    const [header] = parseCsv(res.body)
    expect(header).not.toContain('nom_organisation')
    expect(header).not.toContain('attentes')
    for (const name of [...NAMES, 'Pas encore envoyée', 'evil.example', 'Plus de mutualisation', '@example.org']) expect(res.body).not.toContain(name)
  })

  it('writes a multiple choice as 0/1 columns and the joined choices, numbers as numbers', async () => {
    const rows = table((await get(`/api/waves/${waveId}/exports/responses.csv`)).body)
    for (const row of rows) {
      expect(row).toMatchObject({
        nr_fonctions_equipees__bureautique: '1',
        nr_fonctions_equipees__messagerie: '1',
        nr_fonctions_equipees: 'bureautique;messagerie',
      })
    }
    expect(rows.map((r) => r.nr_outils_libres__bureautique).sort()).toEqual(['0', '0', '1', '1'])
    // Amounts are top-coded at the file's 95th percentile (the third of four budgets here).
    expect(rows.map((r) => r.budget_annuel).sort()).toEqual(['100000', '110000.5', '120001', '120001'])
    // The only organisation in two families is not singled out: with k = 3, the families of the
    // four rows cannot be told apart.
    expect(rows.filter((r) => r.familles === 'insertion;reemploi')).toEqual([])
    expect(rows.every((r) => r.gouvernance_democratique === 'true' && r.region === 'bretagne')).toBe(true)
    // A question nobody answered is an empty cell, never 0.
    expect(rows.every((r) => r.ree_smartphones === '')).toBe(true)
  })

  it('gives new pseudonyms at each export', async () => {
    const first = table((await get(`/api/waves/${waveId}/exports/responses.csv`)).body).map((r) => r.id)
    const second = table((await get(`/api/waves/${waveId}/exports/responses.csv`)).body).map((r) => r.id)
    expect(first.filter((id) => second.includes(id))).toEqual([])
  })

  it('includes free text when the wave allows it, neutralised against formulas and given back intact', async () => {
    await ctx.database.db
      .updateTable('waves')
      .set({ settings: { minCellSize: 3, exportFreeText: true } })
      .where('id', '=', waveId)
      .execute()
    try {
      const res = await get(`/api/waves/${waveId}/exports/responses.csv`)
      const texts = table(res.body)
        .map((r) => r.attentes)
        .sort()
      expect(texts).toEqual(["'-1 idée", `'=HYPERLINK("http://evil.example")`, 'Plus de mutualisation 👋\r\nligne 2', 'مرحبا'].sort())
      expect(res.body).not.toMatch(/(^|,)"?=HYPERLINK/m)
      // The organisation's name stays out even then.
      for (const name of NAMES) expect(res.body).not.toContain(name)
    } finally {
      await ctx.database.db
        .updateTable('waves')
        .set({ settings: { minCellSize: 3 } })
        .where('id', '=', waveId)
        .execute()
    }
  })

  it('writes ; separators, decimal commas and a BOM for excel-fr', async () => {
    const res = await get(`/api/waves/${waveId}/exports/responses.csv?dialect=excel-fr`)
    expect(res.body.startsWith('\uFEFFid;forme_juridique;')).toBe(true)
    expect(table(res.body, ';').map((r) => r.budget_annuel)).toContain('110000,5')
  })

  it('records the export in the audit log', async () => {
    const events = await ctx.database.db.selectFrom('audit_events').selectAll().where('wave_id', '=', waveId).where('action', '=', 'export.responses').execute()
    expect(events.length).toBeGreaterThan(0)
    expect(events[0]!.actor_type).toBe('user')
  })
})

describe('GET /api/waves/{id}/exports/codebook.csv', () => {
  it('describes every column: labels, type, codes and their labels, page, waves present; and the questions left out', async () => {
    const other = await waveFactory(ctx.database)
    const res = await get(`/api/waves/${waveId}/exports/codebook.csv`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sonde-${waveSlug}-dictionnaire-publication-1.csv"`)
    const rows = table(res.body)
    const responsesHeader = parseCsv((await get(`/api/waves/${waveId}/exports/responses.csv`)).body)[0]!
    expect(rows.filter((r) => r.exported === 'true').map((r) => r.variable)).toEqual(responsesHeader)
    const form = rows.find((r) => r.variable === 'forme_juridique')!
    expect(form).toMatchObject({
      question: 'forme_juridique',
      label_fr: 'Forme juridique',
      type: 'string',
      question_type: 'dropdown',
      page: 'identite',
      page_index: '0',
    })
    expect(form.value_labels_fr).toContain('scop=SCOP (société coopérative et participative)')
    expect(form.waves!.split(';')).toEqual(expect.arrayContaining([waveSlug, other.slug]))
    expect(rows.find((r) => r.variable === 'familles__reemploi')).toMatchObject({ type: 'integer', values: '0 | 1' })
    expect(rows.find((r) => r.variable === 'budget_annuel')).toMatchObject({ type: 'number', question_type: 'text' })
    expect(rows.find((r) => r.question === 'nom_organisation')).toMatchObject({ exported: 'false', variable: '' })
    expect(rows.find((r) => r.question === 'attentes')?.note).toContain('texte libre')
  })
})

describe('GET /api/waves/{id}/exports/datapackage.zip', () => {
  let archive: Buffer
  let files: Map<string, Buffer>

  beforeAll(async () => {
    const res = await get(`/api/waves/${waveId}/exports/datapackage.zip`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sonde-${waveSlug}-donnees-publication-1.zip"`)
    archive = res.rawPayload
    files = unzip(archive)
  })

  it('holds the descriptor, a README and the three CSV files', () => {
    expect([...files.keys()].sort()).toEqual(['README.md', 'codebook.csv', 'datapackage.json', 'indicators.csv', 'responses.csv'])
    expect(files.get('README.md')!.toString()).toContain('frictionless::read_package')
  })

  it('describes each CSV with a table schema matching its header, typed', () => {
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString())
    expect(descriptor.profile).toBe('tabular-data-package')
    expect(descriptor.name).toBe(`sonde-${waveSlug}`)
    for (const resource of descriptor.resources) {
      const [header] = parseCsv(files.get(resource.path)!.toString())
      expect(
        resource.schema.fields.map((f: { name: string }) => f.name),
        resource.name,
      ).toEqual(header)
      expect(resource.dialect).toMatchObject({ delimiter: ',', header: true })
    }
    const responses = descriptor.resources.find((r: { name: string }) => r.name === 'responses')
    const fieldOf = (name: string) => responses.schema.fields.find((f: { name: string }) => f.name === name)
    expect(responses.schema.primaryKey).toBe('id')
    expect(fieldOf('budget_annuel')).toMatchObject({ type: 'number', title: expect.stringContaining('Budget annuel') })
    expect(fieldOf('gouvernance_democratique')).toMatchObject({ type: 'boolean', trueValues: ['true'], falseValues: ['false'] })
    expect(fieldOf('familles__insertion')).toMatchObject({ type: 'integer', constraints: { enum: [0, 1] } })
    expect(fieldOf('agrement_esus').constraints.enum).toEqual(['oui', 'non', 'en_cours'])
  })

  it('carries the same responses and the indicators under disclosure control', () => {
    expect(table(files.get('responses.csv')!.toString())).toHaveLength(NAMES.length)
    const indicators = table(files.get('indicators.csv')!.toString())
    // One public mark: a hidden cell gives neither its n nor why it is hidden.
    expect(indicators.find((r) => r.indicator === 'budget_annuel_median' && r.family === 'reemploi')).toMatchObject({
      n: '',
      value: '',
      suppressed: 'true',
      reason: '',
    })
  })

  it.skipIf(!hasPython())('is read by Python as a ZIP of CSV files (the standard library, as frictionless does)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonde-zip-'))
    try {
      const path = join(dir, 'datapackage.zip')
      writeFileSync(path, archive)
      const script = [
        'import csv, io, json, sys, zipfile',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'package = json.loads(z.read("datapackage.json"))',
        'for r in package["resources"]:',
        '    rows = list(csv.reader(io.TextIOWrapper(z.open(r["path"]), encoding="utf-8", newline="")))',
        '    assert [f["name"] for f in r["schema"]["fields"]] == rows[0], r["name"]',
        '    print(r["name"], len(rows) - 1)',
      ].join('\n')
      const output = execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })
      expect(output).toContain(`responses ${NAMES.length}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.skipIf(!hasR())('is read by R: each CSV with the types its table schema declares (base R and jsonlite)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonde-r-'))
    try {
      const path = join(dir, 'datapackage.zip')
      writeFileSync(path, archive)
      // What frictionless::read_resource does, with base R: the descriptor gives the files, the
      // column names and types; a number that is not a number stops read.csv with an error.
      const script = `
        args <- commandArgs(trailingOnly = TRUE)
        dir <- file.path(dirname(args[1]), "package")
        unzip(args[1], exdir = dir)
        package <- jsonlite::fromJSON(file.path(dir, "datapackage.json"), simplifyVector = FALSE)
        classes <- c(number = "numeric", integer = "integer", boolean = "logical", string = "character", date = "Date")
        tables <- list()
        for (resource in package$resources) {
          fields <- resource$schema$fields
          types <- vapply(fields, function(f) classes[[f$type]], "")
          data <- read.csv(file.path(dir, resource$path), check.names = FALSE, na.strings = "",
                           encoding = "UTF-8", colClasses = unname(types))
          stopifnot(identical(names(data), vapply(fields, function(f) f$name, "")))
          tables[[resource$name]] <- data
          cat(resource$name, nrow(data), "\n")
        }
        responses <- tables$responses
        cat("budget", sum(responses$budget_annuel, na.rm = TRUE), "\n")
        cat("governance", class(responses$gouvernance_democratique), "\n")
      `
      const output = execFileSync('Rscript', ['-e', script, path], { encoding: 'utf8' })
      expect(output).toContain(`responses ${NAMES.length} `)
      expect(output).toMatch(/codebook \d+ /)
      expect(output).toMatch(/indicators \d+ /)
      const budgets = table(files.get('responses.csv')!.toString()).map((row) => Number(row.budget_annuel || 0))
      expect(output).toContain(`budget ${budgets.reduce((a, b) => a + b, 0)} `)
      console.log(output)
      expect(output).toContain('governance logical')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('access to the exports', () => {
  it.each(['responses.csv', 'codebook.csv', 'datapackage.zip'])('%s needs a reader: 401 without a session', async (file) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/exports/${file}` })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHENTICATED')
  })

  it('answers 404 WAVE_NOT_FOUND for an unknown wave', async () => {
    const res = await get('/api/waves/00000000-0000-0000-0000-000000000000/exports/responses.csv')
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('WAVE_NOT_FOUND')
  })

  it('lets the staff export too', async () => {
    const staff = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    expect((await get(`/api/waves/${waveId}/exports/responses.csv`, staff)).statusCode).toBe(200)
  })
})

/** Whether `command` runs here with what the test needs (an interpreter and a library). */
function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function hasPython(): boolean {
  return runs('python3', ['-c', 'import zipfile'])
}

function hasR(): boolean {
  return runs('Rscript', ['-e', 'library(jsonlite)'])
}
