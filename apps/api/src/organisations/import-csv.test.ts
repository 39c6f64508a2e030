import { describe, expect, it } from 'vitest'
import { ImportFileError, parseOrganisationsCsv } from './import-csv'

const families = ['insertion', 'reemploi', 'inclusion']
const read = (text: string | Buffer) => parseOrganisationsCsv(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), families)

describe('parseOrganisationsCsv', () => {
  it.each([
    ['English headers with commas', 'name,email,families,siren,region\nAtelier A,a@example.org,insertion|reemploi,732829320,bretagne\n'],
    [
      'French headers with semicolons and a BOM',
      '\uFEFFnom;courriel;familles;siren;région\r\nAtelier A;a@example.org;insertion|reemploi;732829320;bretagne\r\n',
    ],
  ])('reads %s', (_label, text) => {
    const { rows, problems } = read(text)
    expect(problems).toEqual([])
    expect(rows).toEqual([
      { line: 2, name: 'Atelier A', email: 'a@example.org', siren: '732829320', region: 'bretagne', familyKeys: ['insertion', 'reemploi'] },
    ])
  })

  it('reports each bad line with its number and reason', () => {
    const { rows, problems } = read(
      [
        'name,email,families,siren',
        'Bon,bon@example.org,insertion,',
        'Mauvais courriel,pas-un-courriel,insertion,',
        'Famille inconnue,,astrologie,',
        'SIREN faux,,,123456789',
        ',sans-nom@example.org,,',
        'Doublon,bon@example.org,,',
      ].join('\n'),
    )
    expect(rows.map((r) => r.name)).toEqual(['Bon'])
    expect(problems).toEqual([
      { line: 3, message: expect.stringContaining('n’est pas une adresse e-mail') },
      { line: 4, message: expect.stringContaining('famille inconnue « astrologie »') },
      { line: 5, message: expect.stringContaining('SIREN « 123456789 »') },
      { line: 6, message: expect.stringContaining('le nom est vide') },
      { line: 7, message: expect.stringContaining('figure déjà ligne 2') },
    ])
  })

  it('keeps formulas and HTML in names as text', () => {
    const { rows } = read('name\n=HYPERLINK("http://x")\n<img src=x onerror=alert(1)>\n')
    expect(rows.map((r) => r.name)).toEqual(['=HYPERLINK("http://x")', '<img src=x onerror=alert(1)>'])
  })

  it.each([
    ['a file that is not UTF-8', Buffer.from('nom\nAssociation des Équipiers\n', 'latin1'), /UTF-8/],
    ['a file without a name column', 'email,siren\na@example.org,\n', /Colonne « nom »/],
    ['an empty file', '', /vide/],
  ])('refuses %s as a whole', (_label, content, message) => {
    expect(() => read(content)).toThrow(ImportFileError)
    expect(() => read(content)).toThrow(message)
  })

  it('refuses more than 20 000 lines', () => {
    const text = 'name\n' + Array.from({ length: 20_001 }, (_, i) => `Org ${i}`).join('\n')
    expect(() => read(text)).toThrow(/au plus 20000/)
  })
})
