import { zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from '@sonde/survey'
import { SPREADSHEET_LIMITS, XLSX_MEDIA_TYPE } from '../src/questionnaires/spreadsheet'
import { loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// A questionnaire as an XLSForm spreadsheet, out and back in over HTTP, as XLSX and as pyxform's CSV.

let ctx: TestContext
let staff: string
let sourceId: string

beforeAll(async () => {
  ctx = await startTestApp()
  staff = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  sourceId = (await waveFactory(ctx.database, { status: 'draft' })).id
})
afterAll(async () => ctx?.close())

const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: staff } })

function upload(waveId: string, file: Buffer | string, type: string, query = '') {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/waves/${waveId}/questionnaire/xlsform${query}`,
    headers: { cookie: staff, 'content-type': type },
    payload: file,
  })
}

async function draftWave(): Promise<string> {
  return (await waveFactory(ctx.database, { status: 'draft', questionnaire: { pages: [{ name: 'p', elements: [{ type: 'text', name: 'seule' }] }] } })).id
}

async function currentVersion(waveId: string): Promise<number> {
  return (await get(`/api/waves/${waveId}/questionnaire`)).json().version
}

const definitionOf = async (waveId: string) => (await get(`/api/waves/${waveId}/questionnaire`)).json().definition

describe('the questionnaire as a spreadsheet', () => {
  it('downloads as XLSX and comes back into another wave exactly, as a new version with its note', async () => {
    const file = await get(`/api/waves/${sourceId}/questionnaire.xlsx`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe(XLSX_MEDIA_TYPE)
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="sonde-wave-[a-z0-9]+-questionnaire\.xlsx"$/)

    const target = await draftWave()
    const res = await upload(target, file.rawPayload, XLSX_MEDIA_TYPE, '?note=Depuis%20le%20tableur')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, frozen: false, note: 'Depuis le tableur', author: { name: expect.stringContaining('@') } })
    expect(await definitionOf(target)).toEqual(JSON.parse(JSON.stringify(defaultQuestionnaire)))
  })

  it('downloads in pyxform’s CSV layout and comes back exactly', async () => {
    const file = await get(`/api/waves/${sourceId}/questionnaire.xlsform.csv`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8')
    const lines = file.body.split('\n')
    expect(lines[0]).toBe('survey')
    expect(lines[1]).toMatch(/^,type,name,label::fr,label::en,hint::fr/)
    expect(lines).toContain('choices')

    const target = await draftWave()
    const res = await upload(target, file.body, 'text/csv')
    expect(res.statusCode).toBe(200)
    expect(await definitionOf(target)).toEqual(JSON.parse(JSON.stringify(defaultQuestionnaire)))
  })

  it('reads an XLSForm written elsewhere (semicolons, no Sonde column) into the closest questionnaire', async () => {
    const csv = [
      'survey;;;;',
      ';type;name;label;relevant',
      ';begin_group;page_un;Première page;',
      ';select_one oui_non;benevoles;Des bénévoles ?;',
      ";integer;nombre;Combien ?;${benevoles} = 'oui'",
      ';end_group;;;',
      'choices;;;;',
      ';list_name;name;label;',
      ';oui_non;oui;Oui;',
      ';oui_non;non;Non;',
    ].join('\n')
    const target = await draftWave()
    const res = await upload(target, csv, 'text/csv')
    expect(res.statusCode).toBe(200)
    expect(res.json().definition.pages).toEqual([
      {
        name: 'page_un',
        title: 'Première page',
        elements: [
          {
            type: 'radiogroup',
            name: 'benevoles',
            title: 'Des bénévoles ?',
            choices: [
              { value: 'oui', text: 'Oui' },
              { value: 'non', text: 'Non' },
            ],
          },
          { type: 'text', name: 'nombre', title: 'Combien ?', visibleIf: "{benevoles} = 'oui'", inputType: 'number', step: 1 },
        ],
      },
    ])
  })
})

describe('a spreadsheet that cannot become the questionnaire: 422, each problem at its line, nothing saved', () => {
  it('lists an unknown type, a duplicate name and a broken expression', async () => {
    const csv = [
      'survey',
      ',type,name,label,relevant',
      ',begin_group,p,Page,',
      ',text,a,A,',
      ',geopoint,lieu,Lieu,',
      ',text,a,A encore,',
      ",text,b,B,${a} = 'x",
      ',end_group,,,',
    ].join('\n')
    const target = await draftWave()
    const res = await upload(target, csv, 'text/csv')
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('SPREADSHEET_INVALID')
    expect(res.json().details.problems).toEqual([
      { path: 'survey, ligne 5', message: 'type « geopoint » inconnu' },
      { path: 'survey, ligne 6', message: 'nom « a » en double (déjà ligne 4)' },
      { path: 'survey, ligne 7', message: "condition « ${a} = 'x » illisible : guillemet non fermé" },
    ])
    expect(await currentVersion(target)).toBe(1)
  })

  it('places the lint’s errors on their line (a name Sonde cannot keep)', async () => {
    const target = await draftWave()
    const res = await upload(target, ['survey', ',type,name,label', ',begin_group,p,Page', ',text,Nom-Legal,Nom', ',end_group,,'].join('\n'), 'text/csv')
    expect(res.statusCode).toBe(422)
    expect(res.json().details.problems).toEqual([{ path: 'survey, ligne 4', message: expect.stringContaining('Nom-Legal') }])
    expect(await currentVersion(target)).toBe(1)
  })

  it('refuses to take away a question an indicator uses, naming the indicator', async () => {
    const csv = (await get(`/api/waves/${sourceId}/questionnaire.xlsform.csv`)).body
    const without = csv
      .split('\n')
      .filter((line) => !line.startsWith(',decimal,budget_annuel,'))
      .join('\n')
    const res = await upload(sourceId, without, 'text/csv')
    expect(res.statusCode).toBe(422)
    expect(res.json().details.problems).toEqual([
      {
        path: 'survey',
        message: expect.stringMatching(/^La question budget_annuel est utilisée par les indicateurs « Budget annuel \(médiane et quartiles\) »/),
      },
    ])
    expect(await currentVersion(sourceId)).toBe(1)
  })

  it('refuses a file that is not an XLSX workbook', async () => {
    const res = await upload(sourceId, Buffer.from('pas un classeur'), XLSX_MEDIA_TYPE)
    expect(res.statusCode).toBe(422)
    expect(res.json().details.problems).toEqual([{ path: 'survey', message: 'ce n’est pas un fichier XLSX lisible' }])
  })

  it('refuses a zip bomb before reading it: a small file that would inflate past the limit', async () => {
    const bomb = Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(SPREADSHEET_LIMITS.unzippedBytes + 1024 * 1024) }, { level: 9 }))
    expect(bomb.length).toBeLessThan(200 * 1024)
    const res = await upload(sourceId, bomb, XLSX_MEDIA_TYPE)
    expect(res.statusCode).toBe(422)
    expect(res.json().details.problems).toEqual([{ path: 'survey', message: 'le fichier décompressé dépasse 32 Mio' }])
    expect(await currentVersion(sourceId)).toBe(1)
  })

  it('refuses a zip bomb hidden from a front-to-back reading: the workbook reader follows the central directory', async () => {
    const sizes = { 'xl/workbook.xml': 16, 'xl/worksheets/sheet1.xml': SPREADSHEET_LIMITS.unzippedBytes + 1024 * 1024 }
    const bytes = zipSync(Object.fromEntries(Object.entries(sizes).map(([name, size]) => [name, new Uint8Array(size)])), { level: 9 })
    // The second entry's local header loses its signature: a reading from the front no longer
    // sees it, the central directory (which fflate's unzip, under the workbook reader, follows) still does.
    const second = 30 + 'xl/workbook.xml'.length + (bytes[18]! | (bytes[19]! << 8) | (bytes[20]! << 16) | (bytes[21]! << 24))
    expect(Buffer.from(bytes.subarray(second, second + 4)).toString('latin1')).toBe('PK\x03\x04')
    bytes[second + 2] = 0x07
    const res = await upload(sourceId, Buffer.from(bytes), XLSX_MEDIA_TYPE)
    expect(res.statusCode).toBe(422)
    expect(res.json().details.problems).toEqual([{ path: 'survey', message: 'le fichier décompressé dépasse 32 Mio' }])
  })

  it('refuses a sheet of more rows than the limit', async () => {
    const rows = Array.from({ length: SPREADSHEET_LIMITS.rows + 1 }, (_, i) => `,text,q${i},Q${i}`)
    const res = await upload(sourceId, ['survey', ',type,name,label', ...rows].join('\n'), 'text/csv')
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('SPREADSHEET_INVALID')
  })

  it('refuses once the wave has opened', async () => {
    const open = (await waveFactory(ctx.database, { status: 'open' })).id
    const csv = (await get(`/api/waves/${open}/questionnaire.xlsform.csv`)).body
    const res = await upload(open, csv, 'text/csv')
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('QUESTIONNAIRE_FROZEN')
  })
})
