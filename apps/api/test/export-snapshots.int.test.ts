import { inflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@sonde/analysis/testing'
import { type JsonValue } from '@sonde/db'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// The header and first rows of every file Sonde exports, from a small fixed wave, so that a change
// to what a file holds shows in review as a diff of the file itself. What changes at every run is
// normalised before the snapshot, and only that: response pseudonyms (enciphered under a key made
// for each export) become `<pseudonym>`, invitation tokens `<token>`, the ids the database draws
// `<uuid>`, the times of this run `<date-time>`; the microdata rows, shuffled at every export,
// are sorted.

let ctx: TestContext
let waveId: string
let staffCookie: string
let researcherCookie: string
let respondentToken: string
let organisationId: string

const SLUG = 'vague-instantane'
const ORGANISATIONS = [
  { name: 'Atelier =SOMME(A1)', familles: ['insertion', 'reemploi'], budget: 100_000, attentes: '=HYPERLINK("http://evil.example")' },
  { name: 'Coopérative Ω', familles: ['insertion'], budget: 110_000.5, attentes: '-1 idée' },
  { name: 'Réseau numérique', familles: ['insertion'], budget: 120_001, attentes: 'Plus de mutualisation\r\nligne 2' },
  { name: 'Tiers-lieu du Sud', familles: ['insertion'], budget: 130_001.5, attentes: 'مرحبا' },
]

async function get(url: string, cookie: string) {
  const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie } })
  expect(res.statusCode, url).toBe(200)
  return res
}

/** What changes from one run to the next, and nothing else, replaced by a placeholder. */
function normalised(text: string): string {
  return text
    .replace(/\b[0-9a-f]{32}\b/g, '<pseudonym>')
    .replace(/\/r\/[A-Za-z0-9_-]{20,}/g, '/r/<token>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<date-time>')
}

/**
 * The records of a CSV file as written (header first), split at the line ends outside quotes;
 * a line break inside a cell is shown as `\r` / `\n` and the byte order mark as `\uFEFF`, so
 * that each record is one line and nothing written is invisible.
 */
function records(csv: string): string[] {
  const found: string[] = []
  let quoted = false
  let start = 0
  for (let i = 0; i < csv.length; i++) {
    if (csv[i] === '"') quoted = !quoted
    else if (!quoted && csv[i] === '\r' && csv[i + 1] === '\n') {
      found.push(csv.slice(start, i))
      start = i + 2
    }
  }
  if (start < csv.length) found.push(csv.slice(start))
  return found.map((record) => normalised(record).replaceAll('\r', '\\r').replaceAll('\n', '\\n').replaceAll('\uFEFF', '\\uFEFF'))
}

/** The header and the first records of a CSV file. */
const firstLines = (csv: string, count: number): string[] => records(csv).slice(0, count)

/** The files of a ZIP archive, read from its central directory (exports.int.test.ts checks the archive itself). */
function unzip(archive: Buffer): Map<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  let at = archive.readUInt32LE(end + 16)
  const files = new Map<string, string>()
  for (let i = 0; i < archive.readUInt16LE(end + 10); i++) {
    const nameLength = archive.readUInt16LE(at + 28)
    const local = archive.readUInt32LE(at + 42)
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28)
    const data = archive.subarray(dataStart, dataStart + archive.readUInt32LE(at + 20))
    files.set(name, (archive.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data).toString('utf8'))
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32)
  }
  return files
}

beforeAll(async () => {
  ctx = await startTestApp()
  const wave = await waveFactory(ctx.database, { minCellSize: 3, slug: SLUG })
  waveId = wave.id
  for (const organisation of ORGANISATIONS) {
    const { token, organisationId: created } = await inviteFactory(ctx.database, waveId, { name: organisation.name, familyKeys: organisation.familles })
    respondentToken ??= token
    organisationId ??= created
    const answers = {
      ...completeAnswers('insertion'),
      nom_organisation: organisation.name,
      familles: organisation.familles,
      budget_annuel: organisation.budget,
      nr_fonctions_equipees: ['bureautique', 'messagerie'],
      attentes: organisation.attentes,
    }
    await ctx.database.db
      .updateTable('responses')
      .set({ status: 'submitted', answers: answers as Record<string, JsonValue>, submitted_at: new Date() })
      .where('organisation_id', '=', created)
      .execute()
  }
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  const release = await ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: staffCookie }, payload: {} })
  expect(release.statusCode).toBe(201)
  const researcher = await userFactory(ctx.database, 'researcher')
  await ctx.database.db.updateTable('users').set({ microdata_access: true }).where('email', '=', researcher.email).execute()
  researcherCookie = await loginCookie(ctx.app, researcher)
})
afterAll(async () => ctx?.close())

describe('export files, header and first rows', () => {
  it('indicators.csv, in both dialects', async () => {
    const rfc = await get(`/api/waves/${waveId}/exports/indicators.csv`, researcherCookie)
    const [header, ...rows] = records(rfc.body)
    const suppressed = parseCsv(`${header!}\r\n`)[0]!.indexOf('suppressed')
    const published = rows.filter((row) => parseCsv(`${row}\r\n`)[0]![suppressed] === 'false')
    // The first rows (suppressed cells among them), then the first published figures.
    expect([header, ...rows.slice(0, 3), ...published.slice(0, 4)]).toMatchInlineSnapshot(`
      [
        "wave,indicator,label_fr,family,dimension,dimension_value,category,n,value,ci_low,ci_high,q1,q3,unit,suppressed,reason,factor_source",
        "vague-instantane,forme_juridique,Forme juridique,insertion,,,association,,,,,,,proportion,true,,",
        "vague-instantane,forme_juridique,Forme juridique,insertion,,,scop,,,,,,,proportion,true,,",
        "vague-instantane,forme_juridique,Forme juridique,insertion,,,scic,,,,,,,proportion,true,,",
        "vague-instantane,salaries_nombre_total,Salariés au 31 décembre (total déclaré par les répondants),_all,,,,4,32,,,,,personnes,false,,",
        "vague-instantane,nr_logiciels_libres_part_globale,"Part des fonctions outillées par un logiciel libre, sur l'ensemble des répondants",insertion,,,,4,0,,,,,proportion,false,,",
        "vague-instantane,nr_logiciels_libres_part_globale,"Part des fonctions outillées par un logiciel libre, sur l'ensemble des répondants",_all,,,,4,0,,,,,proportion,false,,",
      ]
    `)
    const excel = await get(`/api/waves/${waveId}/exports/indicators.csv?dialect=excel-fr`, researcherCookie)
    expect(firstLines(excel.body, 2)).toMatchInlineSnapshot(`
      [
        "\\uFEFFwave;indicator;label_fr;family;dimension;dimension_value;category;n;value;ci_low;ci_high;q1;q3;unit;suppressed;reason;factor_source",
        "vague-instantane;forme_juridique;Forme juridique;insertion;;;association;;;;;;;proportion;true;;",
      ]
    `)
  })

  it('responses.csv (microdata): the header, then the rows sorted', async () => {
    const res = await get(`/api/waves/${waveId}/exports/responses.csv`, researcherCookie)
    const [header, ...rows] = firstLines(res.body, ORGANISATIONS.length + 1)
    expect(parseCsv(`${header!}\r\n`)[0]).toMatchInlineSnapshot(`
      [
        "id",
        "forme_juridique",
        "agrement_esus",
        "region",
        "annee_creation",
        "familles__insertion",
        "familles__reemploi",
        "familles__inclusion",
        "familles__communs",
        "familles__plateformes",
        "familles__mesure",
        "familles",
        "budget_annuel",
        "part_financement_public",
        "part_revenus_activite",
        "salaries_nombre",
        "salaries_etp",
        "benevoles_nombre",
        "benevoles_heures",
        "gouvernance_democratique",
        "ca_membres",
        "ca_femmes",
        "ecart_salaires_ratio",
        "salaires_5_plus_hauts_smic",
        "salaire_plus_haut_smic",
        "evaluation_impact",
        "ins_personnes_formees",
        "ins_heures_stagiaires",
        "ins_beneficiaires_total",
        "ins_beneficiaires_precarite",
        "ins_salaries_insertion",
        "ins_etp_insertion",
        "ins_sorties_total",
        "ins_sorties_dynamiques",
        "ins_emploi_6_mois",
        "ree_smartphones",
        "ree_portables",
        "ree_fixes",
        "ree_tablettes",
        "ree_ecrans",
        "ree_solidaires",
        "ree_deee_collectes_kg",
        "ree_deee_reemployes_kg",
        "ree_deee_recycles_kg",
        "ree_etp_insertion",
        "ree_annees_usage_supplementaires",
        "inc_personnes_accompagnees",
        "inc_seances",
        "inc_heures_ateliers",
        "inc_personnes_60_plus",
        "inc_personnes_precarite",
        "inc_demarches_admin",
        "inc_lignes_solidaires",
        "inc_membres_usagers",
        "com_contributeurs_actifs",
        "com_nouveaux_contributeurs",
        "com_facteur_absence",
        "com_jeux_donnees",
        "com_enregistrements",
        "com_productions_total",
        "com_productions_licence_ouverte",
        "com_reutilisations",
        "com_benevoles_tech",
        "com_heures_benevoles_tech",
        "com_projets_interet_general",
        "pla_membres_societaires",
        "pla_travailleurs",
        "pla_utilisateurs_actifs",
        "pla_part_valeur_redistribuee",
        "mes_outils_diffuses",
        "mes_organisations_accompagnees",
        "mes_evaluations_realisees",
        "nr_fonctions_equipees__bureautique",
        "nr_fonctions_equipees__messagerie",
        "nr_fonctions_equipees__stockage",
        "nr_fonctions_equipees__visio",
        "nr_fonctions_equipees__communication_interne",
        "nr_fonctions_equipees__gestion_projet",
        "nr_fonctions_equipees__crm",
        "nr_fonctions_equipees__comptabilite",
        "nr_fonctions_equipees__paie",
        "nr_fonctions_equipees__site_web",
        "nr_fonctions_equipees",
        "nr_outils_libres__bureautique",
        "nr_outils_libres__messagerie",
        "nr_outils_libres__stockage",
        "nr_outils_libres__visio",
        "nr_outils_libres__communication_interne",
        "nr_outils_libres__gestion_projet",
        "nr_outils_libres__crm",
        "nr_outils_libres__comptabilite",
        "nr_outils_libres__paie",
        "nr_outils_libres__site_web",
        "nr_outils_libres",
        "nr_hebergement_localisation",
        "nr_hebergement_hors_lois_extra_ue",
        "nr_code_publie",
        "nr_licence_code",
        "nr_empreinte_mesuree",
        "nr_outil_empreinte",
        "nr_ecoindex",
        "nr_rgaa_taux",
        "besoins__financement",
        "besoins__mutualisation",
        "besoins__formation",
        "besoins__mesure_impact",
        "besoins__numerique_responsable",
        "besoins__visibilite",
        "besoins__recrutement",
        "besoins__juridique",
        "besoins__mise_en_relation",
        "besoins__autre",
        "besoins",
        "consentement",
      ]
    `)
    expect(rows.sort()).toMatchInlineSnapshot(`
      [
        "<pseudonym>,association,oui,bretagne,2010_2014,,,,,,,,100000,,,8,,,,true,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1,1,0,0,0,0,0,0,0,0,"bureautique;messagerie",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,true",
        "<pseudonym>,association,oui,bretagne,2010_2014,,,,,,,,110000.5,,,8,,,,true,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1,1,0,0,0,0,0,0,0,0,"bureautique;messagerie",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,true",
        "<pseudonym>,association,oui,bretagne,2010_2014,,,,,,,,120001,,,8,,,,true,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1,1,0,0,0,0,0,0,0,0,"bureautique;messagerie",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,true",
        "<pseudonym>,association,oui,bretagne,2010_2014,,,,,,,,120001,,,8,,,,true,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1,1,0,0,0,0,0,0,0,0,"bureautique;messagerie",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,true",
      ]
    `)
  })

  it('codebook.csv', async () => {
    const res = await get(`/api/waves/${waveId}/exports/codebook.csv`, researcherCookie)
    expect(firstLines(res.body, 6)).toMatchInlineSnapshot(`
      [
        "variable,question,label_fr,label_en,type,question_type,values,value_labels_fr,value_labels_en,page,page_index,waves,exported,note,protection_fr,protection_en",
        "id,,"Pseudonyme aléatoire de l'organisation, stable dans cet export seulement","Random pseudonym of the organisation, stable within this export only",string,,,,,,,,true,,"Pseudonyme aléatoire propre à ce fichier ; lignes dans un ordre aléatoire, nouveau à chaque téléchargement. Quasi-identifiants (familles, région, forme juridique, taille (salariés en ETP), année de création) : chaque combinaison publiée est partagée par au moins 3 lignes (k-anonymat), après recodage et masquage. Montants et effectifs sans borne plafonnés au 95e centile du fichier.","Random pseudonym valid in this file only; rows in a random order, new at every download. Quasi-identifiers (families, region, legal form, size (FTE employees), year founded): every published combination is shared by at least 3 rows (k-anonymity), after recoding and blanking. Unbounded amounts and counts top-coded at the file's 95th percentile."",
        "forme_juridique,forme_juridique,Forme juridique,Legal form,string,dropdown,association | scop | scic | cae | sas_ess | fondation | mutuelle | cooperative_autre | autre,"association=Association | scop=SCOP (société coopérative et participative) | scic=SCIC (société coopérative d'intérêt collectif) | cae=CAE (coopérative d'activité et d'emploi) | sas_ess=Société commerciale de l'ESS (SAS, SARL…) | fondation=Fondation ou fonds de dotation | mutuelle=Mutuelle | cooperative_autre=Autre coopérative | autre=Autre","association=Non-profit association | scop=SCOP (worker cooperative) | scic=SCIC (multi-stakeholder cooperative of collective interest) | cae=CAE (business and employment cooperative) | sas_ess=Commercial company of the ESS (SAS, SARL…) | fondation=Foundation or endowment fund | mutuelle=Mutual society | cooperative_autre=Other cooperative | autre=Other",identite,0,vague-instantane,true,,"Quasi-identifiant (forme juridique) : publié tel quel ; 0 valeur masquée dans ce fichier pour que chaque combinaison publiée de quasi-identifiants soit partagée par au moins 3 lignes.","Quasi-identifier (legal form): published as answered; 0 values blanked in this file so that every published combination of quasi-identifiers is shared by at least 3 rows."",
        "agrement_esus,agrement_esus,Votre organisation a-t-elle l'agrément ESUS (entreprise solidaire d'utilité sociale) ?,Does your organisation hold the ESUS approval (solidarity enterprise of social utility)?,string,radiogroup,oui | non | en_cours,oui=Oui | non=Non | en_cours=Demande en cours,oui=Yes | non=No | en_cours=Application in progress,identite,0,vague-instantane,true,,,",
        "region,region,Région du siège,Region of the head office,string,dropdown,auvergne_rhone_alpes | bourgogne_franche_comte | bretagne | centre_val_de_loire | corse | grand_est | hauts_de_france | ile_de_france | normandie | nouvelle_aquitaine | occitanie | pays_de_la_loire | provence_alpes_cote_d_azur | guadeloupe | martinique | guyane | la_reunion | mayotte | national,auvergne_rhone_alpes=Auvergne-Rhône-Alpes | bourgogne_franche_comte=Bourgogne-Franche-Comté | bretagne=Bretagne | centre_val_de_loire=Centre-Val de Loire | corse=Corse | grand_est=Grand Est | hauts_de_france=Hauts-de-France | ile_de_france=Île-de-France | normandie=Normandie | nouvelle_aquitaine=Nouvelle-Aquitaine | occitanie=Occitanie | pays_de_la_loire=Pays de la Loire | provence_alpes_cote_d_azur=Provence-Alpes-Côte d'Azur | guadeloupe=Guadeloupe | martinique=Martinique | guyane=Guyane | la_reunion=La Réunion | mayotte=Mayotte | national=National (plusieurs régions ou toute la France),auvergne_rhone_alpes=Auvergne-Rhône-Alpes | bourgogne_franche_comte=Bourgogne-Franche-Comté | bretagne=Brittany | centre_val_de_loire=Centre-Val de Loire | corse=Corsica | grand_est=Grand Est | hauts_de_france=Hauts-de-France | ile_de_france=Île-de-France | normandie=Normandy | nouvelle_aquitaine=Nouvelle-Aquitaine | occitanie=Occitanie | pays_de_la_loire=Pays de la Loire | provence_alpes_cote_d_azur=Provence-Alpes-Côte d'Azur | guadeloupe=Guadeloupe | martinique=Martinique | guyane=French Guiana | la_reunion=Réunion | mayotte=Mayotte | national=National (several regions or the whole of France),identite,0,vague-instantane,true,,"Quasi-identifiant (région) : publié tel quel ; 0 valeur masquée dans ce fichier pour que chaque combinaison publiée de quasi-identifiants soit partagée par au moins 3 lignes.","Quasi-identifier (region): published as answered; 0 values blanked in this file so that every published combination of quasi-identifiers is shared by at least 3 rows."",
        "annee_creation,annee_creation,Année de création (classe),Year founded (class),string,text/class,avant_1980 | 1980_1999 | 2000_2009 | 2010_2014 | 2015_2019 | 2020_plus,avant_1980=Avant 1980 | 1980_1999=1980 à 1999 | 2000_2009=2000 à 2009 | 2010_2014=2010 à 2014 | 2015_2019=2015 à 2019 | 2020_plus=2020 ou après,avant_1980=Before 1980 | 1980_1999=1980 to 1999 | 2000_2009=2000 to 2009 | 2010_2014=2010 to 2014 | 2015_2019=2015 to 2019 | 2020_plus=2020 or later,identite,0,vague-instantane,true,,"Quasi-identifiant (année de création) : publié en classes (texte), jamais la valeur exacte ; 0 valeur masquée dans ce fichier pour que chaque combinaison publiée de quasi-identifiants soit partagée par au moins 3 lignes.","Quasi-identifier (year founded): published as classes (text), never the exact value; 0 values blanked in this file so that every published combination of quasi-identifiers is shared by at least 3 rows."",
      ]
    `)
  })

  it('datapackage.zip: its files, datapackage.json and the start of README.md', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/exports/datapackage.zip`, headers: { cookie: researcherCookie } })
    expect(res.statusCode).toBe(200)
    const files = unzip(res.rawPayload)
    expect([...files.keys()]).toMatchInlineSnapshot(`
      [
        "datapackage.json",
        "README.md",
        "responses.csv",
        "codebook.csv",
        "indicators.csv",
      ]
    `)
    const descriptor = JSON.parse(normalised(files.get('datapackage.json')!)) as { resources: { schema?: { fields: unknown[] } }[] }
    // Each table's first fields: the descriptor lists one field per column of responses.csv.
    for (const resource of descriptor.resources) if (resource.schema) resource.schema.fields = resource.schema.fields.slice(0, 3)
    // As JSON text: a line end in a value stays visible (`\r\n`).
    expect(JSON.stringify(descriptor, null, 2)).toMatchInlineSnapshot(`
      "{
        "profile": "tabular-data-package",
        "name": "sonde-vague-instantane",
        "title": "Vague de test",
        "description": "Données pseudonymisées d'une vague d'enquête Sonde (réseau ESS numérique) : réponses des organisations, dictionnaire des variables et indicateurs par famille sous secret statistique.",
        "created": "<date-time>",
        "resources": [
          {
            "name": "responses",
            "path": "responses.csv",
            "profile": "tabular-data-resource",
            "title": "Réponses pseudonymisées (une ligne par organisation)",
            "description": "Pseudonyme aléatoire propre à ce fichier ; lignes dans un ordre aléatoire, nouveau à chaque téléchargement. Quasi-identifiants (familles, région, forme juridique, taille (salariés en ETP), année de création) : chaque combinaison publiée est partagée par au moins 3 lignes (k-anonymat), après recodage et masquage. Montants et effectifs sans borne plafonnés au 95e centile du fichier.\\n\\nRandom pseudonym valid in this file only; rows in a random order, new at every download. Quasi-identifiers (families, region, legal form, size (FTE employees), year founded): every published combination is shared by at least 3 rows (k-anonymity), after recoding and blanking. Unbounded amounts and counts top-coded at the file's 95th percentile.",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {
              "delimiter": ",",
              "lineTerminator": "\\r\\n",
              "quoteChar": "\\"",
              "doubleQuote": true,
              "header": true
            },
            "schema": {
              "fields": [
                {
                  "name": "id",
                  "type": "string",
                  "title": "Pseudonyme de l'organisation",
                  "constraints": {
                    "required": true,
                    "unique": true
                  }
                },
                {
                  "name": "forme_juridique",
                  "type": "string",
                  "title": "Forme juridique",
                  "description": "Legal form — Quasi-identifier (legal form): published as answered; 0 values blanked in this file so that every published combination of quasi-identifiers is shared by at least 3 rows. — Quasi-identifiant (forme juridique) : publié tel quel ; 0 valeur masquée dans ce fichier pour que chaque combinaison publiée de quasi-identifiants soit partagée par au moins 3 lignes.",
                  "constraints": {
                    "enum": [
                      "association",
                      "scop",
                      "scic",
                      "cae",
                      "sas_ess",
                      "fondation",
                      "mutuelle",
                      "cooperative_autre",
                      "autre"
                    ]
                  }
                },
                {
                  "name": "agrement_esus",
                  "type": "string",
                  "title": "Votre organisation a-t-elle l'agrément ESUS (entreprise solidaire d'utilité sociale) ?",
                  "description": "Does your organisation hold the ESUS approval (solidarity enterprise of social utility)?",
                  "constraints": {
                    "enum": [
                      "oui",
                      "non",
                      "en_cours"
                    ]
                  }
                }
              ],
              "missingValues": [
                ""
              ],
              "primaryKey": "id"
            }
          },
          {
            "name": "codebook",
            "path": "codebook.csv",
            "profile": "tabular-data-resource",
            "title": "Dictionnaire des variables",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {
              "delimiter": ",",
              "lineTerminator": "\\r\\n",
              "quoteChar": "\\"",
              "doubleQuote": true,
              "header": true
            },
            "schema": {
              "fields": [
                {
                  "name": "variable",
                  "type": "string"
                },
                {
                  "name": "question",
                  "type": "string"
                },
                {
                  "name": "label_fr",
                  "type": "string"
                }
              ],
              "missingValues": [
                ""
              ]
            }
          },
          {
            "name": "indicators",
            "path": "indicators.csv",
            "profile": "tabular-data-resource",
            "title": "Indicateurs par famille (secret statistique appliqué)",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {
              "delimiter": ",",
              "lineTerminator": "\\r\\n",
              "quoteChar": "\\"",
              "doubleQuote": true,
              "header": true
            },
            "schema": {
              "fields": [
                {
                  "name": "wave",
                  "type": "string"
                },
                {
                  "name": "indicator",
                  "type": "string"
                },
                {
                  "name": "label_fr",
                  "type": "string"
                }
              ],
              "missingValues": [
                ""
              ]
            }
          }
        ]
      }"
    `)
    expect(normalised(files.get('README.md')!).split('\n').slice(0, 12)).toMatchInlineSnapshot(`
      [
        "# Vague de test — données Sonde",
        "",
        "Export de la vague \`vague-instantane\`, au format Frictionless Data Package (\`datapackage.json\`).",
        "",
        "| fichier | contenu |",
        "| --- | --- |",
        "| \`responses.csv\` | une ligne par organisation ayant envoyé ses réponses, une colonne par question dans l'ordre du questionnaire |",
        "| \`codebook.csv\` | le dictionnaire : chaque variable, ses libellés (fr/en), son type, ses codes et leurs libellés, sa page, les vagues où la question existe |",
        "| \`indicators.csv\` | les indicateurs par famille, avec n, intervalle de confiance et secret statistique (minimum 3 organisations par case) |",
        "",
        "## Protection des données",
        "",
      ]
    `)
  })

  it('the member lists: organisations.csv and invitations.csv', async () => {
    const organisations = await get(`/api/waves/${waveId}/organisations.csv`, staffCookie)
    expect(firstLines(organisations.body, 3)).toMatchInlineSnapshot(`
      [
        "name,email,families,siren,region,status,submitted_at",
        "Atelier =SOMME(A1),,insertion|reemploi,,,submitted,<date-time>",
        "Coopérative Ω,,insertion,,,submitted,<date-time>",
      ]
    `)
    const invitations = await get(`/api/waves/${waveId}/invitations.csv`, staffCookie)
    expect(firstLines(invitations.body, 3)).toMatchInlineSnapshot(`
      [
        "name,email,families,link,status",
        "Atelier =SOMME(A1),,insertion|reemploi,http://sonde.test/r/<token>,submitted",
        "Coopérative Ω,,insertion,http://sonde.test/r/<token>,submitted",
      ]
    `)
  })

  it("an organisation's personal data, as staff export it (right of access)", async () => {
    const res = await get(`/api/waves/${waveId}/organisations/${organisationId}/personal-data`, staffCookie)
    expect(JSON.parse(normalised(res.body))).toMatchInlineSnapshot(`
      {
        "audit": [],
        "exportedAt": "<date-time>",
        "organisation": {
          "anonymisedAt": null,
          "createdAt": "<date-time>",
          "email": null,
          "familyKeys": [
            "insertion",
            "reemploi",
          ],
          "id": "<uuid>",
          "name": "Atelier =SOMME(A1)",
          "region": null,
          "siren": null,
        },
        "waves": [
          {
            "invitation": {
              "createdAt": "<date-time>",
              "openedAt": null,
              "revokedAt": null,
            },
            "messages": [],
            "response": {
              "answers": {
                "agrement_esus": "oui",
                "annee_creation": 2010,
                "attentes": "=HYPERLINK("http://evil.example")",
                "budget_annuel": 100000,
                "consentement": true,
                "familles": [
                  "insertion",
                  "reemploi",
                ],
                "forme_juridique": "association",
                "gouvernance_democratique": true,
                "nom_organisation": "Atelier =SOMME(A1)",
                "nr_fonctions_equipees": [
                  "bureautique",
                  "messagerie",
                ],
                "region": "bretagne",
                "salaries_nombre": 8,
              },
              "createdAt": "<date-time>",
              "revision": 0,
              "status": "submitted",
              "submittedAt": "<date-time>",
              "updatedAt": "<date-time>",
            },
            "reviewRequests": [],
            "submissions": [],
            "wave": {
              "id": "<uuid>",
              "slug": "vague-instantane",
              "title": "Vague de test",
            },
          },
        ],
      }
    `)
  })

  it("an organisation's own answers: answers.csv (excel-fr by default) and answers.json", async () => {
    const csv = await ctx.app.inject({ method: 'GET', url: `/api/r/${respondentToken}/answers.csv` })
    expect(csv.statusCode).toBe(200)
    expect(firstLines(csv.body, 6)).toMatchInlineSnapshot(`
      [
        "\\uFEFFpage;question;intitule;reponse",
        "identite;nom_organisation;Nom de l'organisation;Atelier =SOMME(A1)",
        "identite;forme_juridique;Forme juridique;Association",
        "identite;agrement_esus;Votre organisation a-t-elle l'agrément ESUS (entreprise solidaire d'utilité sociale) ?;Oui",
        "identite;region;Région du siège;Bretagne",
        "identite;annee_creation;Année de création;2010",
      ]
    `)
    const json = await ctx.app.inject({ method: 'GET', url: `/api/r/${respondentToken}/answers.json` })
    expect(json.statusCode).toBe(200)
    const { answers, ...rest } = JSON.parse(normalised(json.body)) as { answers: unknown[] }
    expect({ ...rest, answers: answers.slice(0, 3) }).toMatchInlineSnapshot(`
      {
        "answers": [
          {
            "name": "nom_organisation",
            "page": "identite",
            "text": "Atelier =SOMME(A1)",
            "title": "Nom de l'organisation",
            "value": "Atelier =SOMME(A1)",
          },
          {
            "name": "forme_juridique",
            "page": "identite",
            "text": "Association",
            "title": "Forme juridique",
            "value": "association",
          },
          {
            "name": "agrement_esus",
            "page": "identite",
            "text": "Oui",
            "title": "Votre organisation a-t-elle l'agrément ESUS (entreprise solidaire d'utilité sociale) ?",
            "value": "oui",
          },
        ],
        "organisation": {
          "name": "Atelier =SOMME(A1)",
        },
        "revision": 0,
        "status": "submitted",
        "submittedAt": "<date-time>",
        "wave": {
          "slug": "vague-instantane",
          "title": "Vague de test",
        },
      }
    `)
  })
})
