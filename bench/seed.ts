// Synthetic submitted responses to the default 2025 questionnaire, for the benchmarks.
//
// The answers follow plausible shapes rather than uniform noise: families with unequal sizes
// (and 15 % of organisations in two), log-normal budgets and head counts, item non-response of
// 5–20 % per question, family pages answered only by members, free text on a third of them.
// Rows go in with plain multi-row INSERT statements on `responses`: the database's own triggers
// (migration 20261128221000_response_values) write the typed projection, exactly as they do
// for a submission through the API — the same code path, run once per statement.
import { sql } from 'kysely'
import type { Db, JsonValue } from '../packages/db/src/index.ts'
import { seededRandom } from '../packages/analysis/src/testing/index.ts'

/** A small deterministic generator, so that two runs measure the same data. */
export const randomGenerator = seededRandom

const FAMILY_WEIGHTS: [string, number][] = [
  ['insertion', 0.25],
  ['reemploi', 0.2],
  ['inclusion', 0.25],
  ['communs', 0.12],
  ['plateformes', 0.08],
  ['mesure', 0.1],
]
const FORMS: [string, number][] = [
  ['association', 0.62],
  ['scop', 0.1],
  ['scic', 0.1],
  ['cae', 0.03],
  ['sas_ess', 0.08],
  ['fondation', 0.02],
  ['mutuelle', 0.01],
  ['cooperative_autre', 0.02],
  ['autre', 0.02],
]
const REGIONS: [string, number][] = [
  ['ile_de_france', 0.22],
  ['auvergne_rhone_alpes', 0.12],
  ['occitanie', 0.09],
  ['nouvelle_aquitaine', 0.09],
  ['hauts_de_france', 0.08],
  ['grand_est', 0.07],
  ['provence_alpes_cote_d_azur', 0.07],
  ['bretagne', 0.06],
  ['pays_de_la_loire', 0.06],
  ['normandie', 0.04],
  ['bourgogne_franche_comte', 0.03],
  ['centre_val_de_loire', 0.03],
  ['national', 0.025],
  ['la_reunion', 0.01],
  ['corse', 0.002],
  ['guadeloupe', 0.003],
  ['martinique', 0.003],
  ['guyane', 0.001],
  ['mayotte', 0.001],
]
const FUNCTIONS = ['bureautique', 'messagerie', 'stockage', 'visio', 'communication_interne', 'gestion_projet', 'crm', 'comptabilite', 'paie', 'site_web']
const NEEDS = [
  'financement',
  'mutualisation',
  'formation',
  'mesure_impact',
  'numerique_responsable',
  'visibilite',
  'recrutement',
  'juridique',
  'mise_en_relation',
  'autre',
]
const WORDS = 'réseau numérique solidaire accompagnement formation réemploi communs données mutualisation inclusion territoire bénévoles financement'.split(' ')

/** Synthetic answers of one organisation; `random` gives uniform numbers in [0, 1). */
export function syntheticAnswers(random: () => number, index: number): Record<string, JsonValue> {
  const pick = <T>(weights: [T, number][]): T => {
    let u = random() * weights.reduce((sum, [, w]) => sum + w, 0)
    for (const [value, weight] of weights) if ((u -= weight) < 0) return value
    return weights[weights.length - 1]![0]
  }
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal())
  const count = (median: number, sigma = 1) => Math.max(0, Math.round(logNormal(median, sigma)))
  const answered = (rate = 0.9) => random() < rate
  const a: Record<string, JsonValue> = {}
  const set = (name: string, value: JsonValue, rate = 0.9) => {
    if (answered(rate)) a[name] = value
  }

  const first = pick(FAMILY_WEIGHTS)
  const families = [first]
  if (random() < 0.15) {
    const second = pick(FAMILY_WEIGHTS.filter(([key]) => key !== first))
    families.push(second)
  }
  a.nom_organisation = `Organisation ${index}`
  a.forme_juridique = pick(FORMS)
  a.agrement_esus = pick([
    ['oui', 0.45],
    ['non', 0.45],
    ['en_cours', 0.1],
  ] as [string, number][])
  a.region = pick(REGIONS)
  a.annee_creation = 1980 + Math.floor(random() * 45)
  a.familles = families
  const budget = Math.round(logNormal(180_000, 1.3))
  a.budget_annuel = budget
  const publicShare = Math.round(Math.min(100, Math.max(0, 45 + 30 * normal())))
  set('part_financement_public', publicShare)
  set('part_revenus_activite', Math.max(0, 100 - publicShare - Math.round(random() * 15)))
  const employees = random() < 0.18 ? 0 : count(6, 1.2)
  a.salaries_nombre = employees
  set('salaries_etp', Math.round(employees * (0.6 + 0.35 * random()) * 10) / 10)
  const volunteers = count(12, 1.1)
  set('benevoles_nombre', volunteers, 0.85)
  set('benevoles_heures', volunteers * count(40, 0.8), 0.7)
  a.gouvernance_democratique = random() < 0.78
  const board = 3 + Math.floor(random() * 12)
  set('ca_membres', board, 0.85)
  set('ca_femmes', Math.round(board * Math.min(1, Math.max(0, 0.45 + 0.2 * normal()))), 0.8)
  if (employees > 0) {
    const ratio = Math.round((1 + Math.abs(normal()) * 1.2) * 10) / 10
    set('ecart_salaires_ratio', ratio, 0.75)
    set('salaires_5_plus_hauts_smic', Math.round(Math.min(ratio, 1 + Math.abs(normal()) * 2.5) * 10) / 10, 0.6)
    set('salaire_plus_haut_smic', Math.round(Math.max(1, ratio * (1 + 0.5 * Math.abs(normal()))) * 10) / 10, 0.6)
  }
  set('evaluation_impact', random() < 0.4)

  if (families.includes('insertion')) {
    const trained = count(80, 1)
    set('ins_personnes_formees', trained)
    set('ins_heures_stagiaires', trained * count(35, 0.6), 0.75)
    const beneficiaries = Math.max(trained, count(120, 1))
    set('ins_beneficiaires_total', beneficiaries, 0.85)
    set('ins_beneficiaires_precarite', Math.round(beneficiaries * random()), 0.8)
    const insertionStaff = count(8, 1)
    set('ins_salaries_insertion', insertionStaff, 0.8)
    set('ins_etp_insertion', Math.round(insertionStaff * (0.5 + 0.4 * random()) * 10) / 10, 0.75)
    const exits = count(6, 0.9)
    set('ins_sorties_total', exits, 0.8)
    set('ins_sorties_dynamiques', Math.round(exits * (0.3 + 0.5 * random())), 0.75)
    set('ins_emploi_6_mois', random() < 0.55, 0.85)
  }
  if (families.includes('reemploi')) {
    const devices = ['ree_smartphones', 'ree_portables', 'ree_fixes', 'ree_tablettes', 'ree_ecrans']
    let total = 0
    for (const [i, name] of devices.entries()) {
      const n = count([300, 400, 120, 60, 150][i]!, 1.2)
      total += n
      set(name, n, 0.8)
    }
    set('ree_solidaires', Math.round(total * random() * 0.6), 0.75)
    const collected = count(20_000, 1.3)
    set('ree_deee_collectes_kg', collected, 0.7)
    set('ree_deee_reemployes_kg', Math.round(collected * random() * 0.5), 0.65)
    set('ree_deee_recycles_kg', Math.round(collected * random() * 0.5), 0.6)
    set('ree_etp_insertion', Math.round(count(5, 1) * 10) / 10, 0.7)
    set('ree_annees_usage_supplementaires', 1 + Math.round(random() * 30) / 10, 0.5)
  }
  if (families.includes('inclusion')) {
    const people = count(400, 1.1)
    set('inc_personnes_accompagnees', people)
    set('inc_seances', people * (1 + Math.floor(random() * 4)), 0.8)
    set('inc_heures_ateliers', count(200, 1), 0.75)
    set('inc_personnes_60_plus', Math.round(people * random() * 0.6), 0.75)
    set('inc_personnes_precarite', Math.round(people * random() * 0.7), 0.75)
    set('inc_demarches_admin', count(300, 1.2), 0.7)
    set('inc_lignes_solidaires', count(40, 1.5), 0.5)
    set('inc_membres_usagers', count(150, 1.4), 0.5)
  }
  if (families.includes('communs')) {
    const contributors = count(25, 1.3)
    set('com_contributeurs_actifs', contributors)
    set('com_nouveaux_contributeurs', Math.round(contributors * random() * 0.5), 0.8)
    set('com_facteur_absence', Math.max(1, Math.round(contributors * 0.1 * random())), 0.6)
    set('com_jeux_donnees', count(12, 1.4), 0.7)
    set('com_enregistrements', count(50_000, 2), 0.5)
    const productions = count(15, 1.1)
    set('com_productions_total', productions, 0.8)
    set('com_productions_licence_ouverte', Math.round(productions * (0.5 + 0.5 * random())), 0.75)
    set('com_reutilisations', count(20, 1.5), 0.6)
    const techVolunteers = count(8, 1.2)
    set('com_benevoles_tech', techVolunteers, 0.75)
    set('com_heures_benevoles_tech', techVolunteers * count(60, 0.9), 0.6)
    set('com_projets_interet_general', count(4, 0.9), 0.7)
  }
  if (families.includes('plateformes')) {
    set('pla_membres_societaires', count(120, 1.2))
    set('pla_travailleurs', count(30, 1.2), 0.85)
    set('pla_utilisateurs_actifs', count(3000, 1.6), 0.7)
    set('pla_part_valeur_redistribuee', Math.round(Math.min(100, Math.max(0, 60 + 20 * normal()))), 0.6)
  }
  if (families.includes('mesure')) {
    set('mes_outils_diffuses', count(3, 0.8))
    set('mes_organisations_accompagnees', count(40, 1.1), 0.85)
    set('mes_evaluations_realisees', count(25, 1.1), 0.8)
  }

  const equipped = FUNCTIONS.filter(() => random() < 0.7)
  if (equipped.length > 0 && answered(0.9)) {
    a.nr_fonctions_equipees = equipped
    a.nr_outils_libres = equipped.filter(() => random() < 0.35)
  }
  set(
    'nr_hebergement_localisation',
    pick([
      ['france', 0.5],
      ['ue', 0.15],
      ['hors_ue', 0.2],
      ['ne_sait_pas', 0.15],
    ] as [string, number][]),
    0.85,
  )
  set('nr_hebergement_hors_lois_extra_ue', random() < 0.45, 0.7)
  const publishes = random() < 0.3
  set('nr_code_publie', publishes, 0.8)
  if (publishes)
    set(
      'nr_licence_code',
      pick([
        ['agpl', 0.3],
        ['gpl', 0.25],
        ['mit', 0.2],
        ['apache', 0.1],
        ['lgpl', 0.05],
        ['mpl', 0.03],
        ['bsd', 0.02],
        ['autre', 0.05],
      ] as [string, number][]),
      0.9,
    )
  const measured = random() < 0.3
  set('nr_empreinte_mesuree', measured, 0.8)
  if (measured)
    set(
      'nr_outil_empreinte',
      pick([
        ['ecoindex', 0.3],
        ['greenit_analysis', 0.15],
        ['numecodiag', 0.15],
        ['fruggr', 0.05],
        ['bilan_carbone', 0.15],
        ['prestataire', 0.1],
        ['methode_interne', 0.05],
        ['autre', 0.05],
      ] as [string, number][]),
      0.9,
    )
  set('nr_ecoindex', Math.round(Math.min(100, Math.max(0, 55 + 18 * normal()))), 0.4)
  set('nr_rgaa_taux', Math.round(Math.min(100, Math.max(0, 50 + 25 * normal()))), 0.3)
  set(
    'besoins',
    NEEDS.filter(() => random() < 0.3),
    0.8,
  )
  if (random() < 0.33) {
    const length = 8 + Math.floor(random() * 60)
    a.attentes = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')
  }
  a.consentement = true
  return a
}

/**
 * Inserts `count` organisations and their submitted responses to `waveId`, `batch` per statement.
 * Returns the elapsed milliseconds (the triggers' projection included).
 */
export async function seedResponses(
  db: Db,
  waveId: string,
  count: number,
  options: { batch?: number; seed?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const batch = options.batch ?? 2000
  const random = randomGenerator(options.seed ?? 2025)
  const started = performance.now()
  for (let offset = 0; offset < count; offset += batch) {
    const size = Math.min(batch, count - offset)
    const answers = Array.from({ length: size }, (_, i) => syntheticAnswers(random, offset + i))
    await db.transaction().execute(async (trx) => {
      const organisations = await trx
        .insertInto('organisations')
        .values(
          answers.map((a) => ({
            name: String(a.nom_organisation),
            region: typeof a.region === 'string' ? a.region : null,
            family_keys: (a.familles as string[]) ?? [],
          })),
        )
        .returning('id')
        .execute()
      await sql`
        insert into responses (wave_id, organisation_id, status, revision, answers, submitted_at)
        select ${waveId}, o.id, 'submitted', 1, a.answers, now()
        from unnest(cast(${organisations.map((o) => o.id)} as uuid[]), cast(${answers.map((a) => JSON.stringify(a))} as jsonb[]))
          as t(id, answers)
        join organisations o on o.id = t.id
        cross join lateral (select t.answers) as a(answers)`.execute(trx)
    })
    options.onProgress?.(offset + size)
  }
  return performance.now() - started
}
