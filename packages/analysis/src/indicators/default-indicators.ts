import { ademe2022Factors, ademeArcep2022Factors, fullTimeEquivalentFactor } from './factors'
import type { ThemeKey } from '@sonde/contracts'
import type { IndicatorDefinition, RatioTerm } from './types'

const DEVICES = ['ree_smartphones', 'ree_portables', 'ree_fixes', 'ree_tablettes', 'ree_ecrans'] as const

/** Choices of `forme_juridique` in the default 2025 questionnaire. */
export const FORMES_JURIDIQUES = ['association', 'scop', 'scic', 'cae', 'sas_ess', 'fondation', 'mutuelle', 'cooperative_autre', 'autre'] as const

/** ESUS pay caps (Code du travail, art. L3332-17-1): mean of the 5 highest pays ≤ 7 × SMIC, highest ≤ 10 × SMIC. */
export const ESUS_CAP_TOP_FIVE_SMIC = 7
export const ESUS_CAP_HIGHEST_SMIC = 10

type Families = readonly string[] | null
type Labels = [labelFr: string, labelEn: string]

const TOTAL_FR = ' (total déclaré par les répondants)'
const TOTAL_EN = ' (total reported by respondents)'

function total(id: string, question: string, [fr, en]: Labels, unit: string, families: Families): IndicatorDefinition {
  return { id, labelFr: fr + TOTAL_FR, labelEn: en + TOTAL_EN, unit, aggregation: 'sum', question, families }
}

function median(id: string, question: string, [fr, en]: Labels, unit: string, families: Families): IndicatorDefinition {
  return {
    id,
    labelFr: `${fr} (médiane et quartiles)`,
    labelEn: `${en} (median and quartiles)`,
    unit,
    aggregation: 'median',
    question,
    families,
  }
}

function ratio(
  id: string,
  aggregation: 'pooled_ratio' | 'median_ratio',
  numerator: readonly RatioTerm[],
  denominator: readonly RatioTerm[],
  [fr, en]: Labels,
  unit: string,
  families: Families,
): IndicatorDefinition {
  return { id, labelFr: fr, labelEn: en, unit, aggregation, numerator, denominator, families }
}

function share(
  id: string,
  question: string,
  when: { equals: string | number | boolean } | { atMost: number } | { atLeast: number },
  [fr, en]: Labels,
  families: Families,
): IndicatorDefinition {
  return { id, labelFr: fr, labelEn: en, unit: 'proportion', aggregation: 'share', question, when, families }
}

function distribution(
  id: string,
  question: string,
  categories: readonly string[],
  multiple: boolean,
  [fr, en]: Labels,
  families: Families,
): IndicatorDefinition {
  return { id, labelFr: fr, labelEn: en, unit: 'proportion', aggregation: 'distribution', question, categories, multiple, families }
}

const ALL = null
const INSERTION = ['insertion']
const REEMPLOI = ['reemploi']
const INCLUSION = ['inclusion']
const COMMUNS = ['communs']
const PLATEFORMES = ['plateformes']
const MESURE = ['mesure']

/** Governance and ESS model: every family (docs/indicators.md, "Every family (governance & ESS model)"). */
const governance: IndicatorDefinition[] = [
  distribution('forme_juridique', 'forme_juridique', FORMES_JURIDIQUES, false, ['Forme juridique', 'Legal form'], ALL),
  distribution('agrement_esus', 'agrement_esus', ['oui', 'non', 'en_cours'], false, ['Agrément ESUS', 'ESUS approval'], ALL),
  share(
    'agrement_esus_part',
    'agrement_esus',
    { equals: 'oui' },
    ["Part des organisations disposant de l'agrément ESUS", 'Share of organisations with the ESUS approval'],
    ALL,
  ),
  share(
    'gouvernance_democratique_part',
    'gouvernance_democratique',
    { equals: true },
    ['Part des organisations à gouvernance démocratique (une personne, une voix)', 'Share of organisations with democratic governance (one person, one vote)'],
    ALL,
  ),
  ratio(
    'ca_part_femmes_mediane',
    'median_ratio',
    ['ca_femmes'],
    ['ca_membres'],
    ["Part des femmes au conseil d'administration (médiane des organisations)", 'Share of women on the board (median over organisations)'],
    'proportion',
    ALL,
  ),
  ratio(
    'ca_part_femmes_globale',
    'pooled_ratio',
    ['ca_femmes'],
    ['ca_membres'],
    ["Part des femmes parmi l'ensemble des membres des conseils d'administration", 'Share of women among all board members'],
    'proportion',
    ALL,
  ),
  median(
    'ecart_salaires_mediane',
    'ecart_salaires_ratio',
    ['Écart entre la rémunération la plus haute et la plus basse, en ETP', 'Ratio of the highest to the lowest full-time pay'],
    'rapport',
    ALL,
  ),
  share(
    'esus_plafond_5_plus_hauts_part',
    'salaires_5_plus_hauts_smic',
    { atMost: ESUS_CAP_TOP_FIVE_SMIC },
    [
      'Part des organisations dont la moyenne des 5 rémunérations les plus élevées ne dépasse pas 7 SMIC (plafond ESUS)',
      'Share of organisations whose 5 highest pays average at most 7 × the minimum wage (ESUS cap)',
    ],
    ALL,
  ),
  share(
    'esus_plafond_plus_haute_part',
    'salaire_plus_haut_smic',
    { atMost: ESUS_CAP_HIGHEST_SMIC },
    [
      'Part des organisations dont la rémunération la plus élevée ne dépasse pas 10 SMIC (plafond ESUS)',
      'Share of organisations whose highest pay is at most 10 × the minimum wage (ESUS cap)',
    ],
    ALL,
  ),
  total('salaries_nombre_total', 'salaries_nombre', ['Salariés au 31 décembre', 'Employees on 31 December'], 'personnes', ALL),
  median('salaries_nombre_mediane', 'salaries_nombre', ['Salariés par organisation', 'Employees per organisation'], 'personnes', ALL),
  total('salaries_etp_total', 'salaries_etp', ['Salariés en équivalent temps plein', 'Full-time equivalent employees'], 'ETP', ALL),
  median(
    'salaries_etp_mediane',
    'salaries_etp',
    ['Salariés en équivalent temps plein par organisation', 'Full-time equivalent employees per organisation'],
    'ETP',
    ALL,
  ),
  total('benevoles_total', 'benevoles_nombre', ['Bénévoles actifs', 'Active volunteers'], 'personnes', ALL),
  total('benevoles_heures_total', 'benevoles_heures', ['Heures de bénévolat', 'Volunteer hours'], 'heures', ALL),
  {
    id: 'benevoles_etp',
    labelFr: 'Bénévolat en équivalent temps plein (heures ÷ 1 607, total déclaré par les répondants)',
    labelEn: 'Volunteering in full-time equivalents (hours ÷ 1,607, total reported by respondents)',
    unit: 'ETP',
    aggregation: 'derived_sum',
    terms: [{ question: 'benevoles_heures', factor: fullTimeEquivalentFactor }],
    multiplier: null,
    families: ALL,
  },
  median('budget_annuel_median', 'budget_annuel', ['Budget annuel', 'Annual budget'], 'EUR', ALL),
  median(
    'part_financement_public_mediane',
    'part_financement_public',
    ['Part des financements publics dans le budget', 'Share of public funding in the budget'],
    '%',
    ALL,
  ),
  ratio(
    'part_financement_public_globale',
    'pooled_ratio',
    [{ question: 'part_financement_public', times: 'budget_annuel', coefficient: 0.01 }],
    ['budget_annuel'],
    ["Part des financements publics dans l'ensemble des budgets des répondants", 'Share of public funding in the pooled budgets of respondents'],
    'proportion',
    ALL,
  ),
  median(
    'part_revenus_activite_mediane',
    'part_revenus_activite',
    ["Part des revenus d'activité dans le budget", 'Share of earned income in the budget'],
    '%',
    ALL,
  ),
  ratio(
    'part_revenus_activite_globale',
    'pooled_ratio',
    [{ question: 'part_revenus_activite', times: 'budget_annuel', coefficient: 0.01 }],
    ['budget_annuel'],
    ["Part des revenus d'activité dans l'ensemble des budgets des répondants", 'Share of earned income in the pooled budgets of respondents'],
    'proportion',
    ALL,
  ),
  share(
    'evaluation_impact_part',
    'evaluation_impact',
    { equals: true },
    ["Part des organisations ayant une démarche d'évaluation de leur impact", 'Share of organisations with an impact-evaluation practice'],
    ALL,
  ),
]

const FREE_SOFTWARE: readonly RatioTerm[] = [{ question: 'nr_outils_libres', count: true, default: 0 }]
const EQUIPPED: readonly RatioTerm[] = [{ question: 'nr_fonctions_equipees', count: true }]

/** Sovereignty and responsible digital: every family. */
const sovereignty: IndicatorDefinition[] = [
  ratio(
    'nr_logiciels_libres_part_mediane',
    'median_ratio',
    FREE_SOFTWARE,
    EQUIPPED,
    [
      'Part des fonctions outillées par un logiciel libre (médiane des organisations)',
      'Share of equipped functions run on free software (median over organisations)',
    ],
    'proportion',
    ALL,
  ),
  ratio(
    'nr_logiciels_libres_part_globale',
    'pooled_ratio',
    FREE_SOFTWARE,
    EQUIPPED,
    [
      "Part des fonctions outillées par un logiciel libre, sur l'ensemble des répondants",
      'Share of equipped functions run on free software, over all respondents',
    ],
    'proportion',
    ALL,
  ),
  distribution(
    'nr_hebergement_localisation',
    'nr_hebergement_localisation',
    ['france', 'ue', 'hors_ue', 'ne_sait_pas'],
    false,
    ["Localisation de l'hébergement principal", 'Location of the main hosting'],
    ALL,
  ),
  share(
    'nr_hebergement_hors_lois_extra_ue_part',
    'nr_hebergement_hors_lois_extra_ue',
    { equals: true },
    [
      "Part des organisations dont l'hébergeur principal échappe aux lois extra-européennes",
      'Share of organisations whose main host is not subject to non-EU laws',
    ],
    ALL,
  ),
  share(
    'nr_code_publie_part',
    'nr_code_publie',
    { equals: true },
    ['Part des organisations publiant le code source de leurs logiciels', 'Share of organisations publishing the source code of their software'],
    ALL,
  ),
  distribution(
    'nr_licence_code',
    'nr_licence_code',
    ['agpl', 'gpl', 'lgpl', 'mpl', 'apache', 'mit', 'bsd', 'autre'],
    false,
    ['Licence principale du code publié', 'Main licence of the published code'],
    ALL,
  ),
  share(
    'nr_empreinte_mesuree_part',
    'nr_empreinte_mesuree',
    { equals: true },
    ['Part des organisations ayant mesuré leur empreinte numérique', 'Share of organisations that measured their digital footprint'],
    ALL,
  ),
  distribution(
    'nr_outil_empreinte',
    'nr_outil_empreinte',
    ['ecoindex', 'greenit_analysis', 'numecodiag', 'fruggr', 'bilan_carbone', 'prestataire', 'methode_interne', 'autre'],
    false,
    ["Outil de mesure de l'empreinte numérique", 'Tool used to measure the digital footprint'],
    ALL,
  ),
  median('nr_ecoindex_mediane', 'nr_ecoindex', ['Score EcoIndex du site principal', 'EcoIndex score of the main website'], 'points', ALL),
  median(
    'nr_rgaa_taux_mediane',
    'nr_rgaa_taux',
    ['Taux de conformité RGAA déclaré du site principal', 'Declared RGAA conformity rate of the main website'],
    '%',
    ALL,
  ),
]

const insertion: IndicatorDefinition[] = [
  total('ins_personnes_formees_total', 'ins_personnes_formees', ['Personnes formées', 'People trained'], 'personnes', INSERTION),
  {
    id: 'ins_personnes_formees_mediane',
    labelFr: 'Personnes formées par organisation (médiane)',
    labelEn: 'People trained per organisation (median)',
    unit: 'personnes',
    aggregation: 'median',
    question: 'ins_personnes_formees',
    families: INSERTION,
  },
  total('ins_heures_stagiaires_total', 'ins_heures_stagiaires', ['Heures-stagiaires de formation', 'Training hours × trainees'], 'heures', INSERTION),
  ratio(
    'ins_part_precarite_globale',
    'pooled_ratio',
    ['ins_beneficiaires_precarite'],
    ['ins_beneficiaires_total'],
    ['Part des bénéficiaires en situation de précarité', 'Share of beneficiaries in precarity'],
    'proportion',
    INSERTION,
  ),
  ratio(
    'ins_part_precarite_mediane',
    'median_ratio',
    ['ins_beneficiaires_precarite'],
    ['ins_beneficiaires_total'],
    ['Part des bénéficiaires en situation de précarité (médiane des organisations)', 'Share of beneficiaries in precarity (median over organisations)'],
    'proportion',
    INSERTION,
  ),
  total('ins_salaries_insertion_total', 'ins_salaries_insertion', ["Salariés en parcours d'insertion", 'Employees in integration'], 'personnes', INSERTION),
  total(
    'ins_etp_insertion_total',
    'ins_etp_insertion',
    ["Salariés en parcours d'insertion, en équivalent temps plein", 'Employees in integration, full-time equivalent'],
    'ETP',
    INSERTION,
  ),
  ratio(
    'ins_taux_sorties_dynamiques',
    'pooled_ratio',
    ['ins_sorties_dynamiques'],
    ['ins_sorties_total'],
    ['Taux de sorties dynamiques', 'Rate of positive exits'],
    'proportion',
    INSERTION,
  ),
  share(
    'ins_suivi_6_mois_part',
    'ins_emploi_6_mois',
    { equals: true },
    [
      'Part des organisations suivant la situation (emploi ou formation) des personnes 6 mois après leur sortie',
      'Share of organisations following up on employment or training 6 months after exit',
    ],
    INSERTION,
  ),
  ratio(
    'ins_budget_par_personne',
    'median_ratio',
    ['budget_annuel'],
    ['ins_beneficiaires_total'],
    ['Budget par personne accompagnée (médiane des organisations)', 'Budget per person supported (median over organisations)'],
    'EUR',
    INSERTION,
  ),
]

const reemploi: IndicatorDefinition[] = [
  total('ree_smartphones_total', 'ree_smartphones', ['Smartphones reconditionnés', 'Refurbished smartphones'], 'appareils', REEMPLOI),
  total('ree_portables_total', 'ree_portables', ['Ordinateurs portables reconditionnés', 'Refurbished laptops'], 'appareils', REEMPLOI),
  total('ree_fixes_total', 'ree_fixes', ['Ordinateurs fixes reconditionnés', 'Refurbished desktops'], 'appareils', REEMPLOI),
  total('ree_tablettes_total', 'ree_tablettes', ['Tablettes reconditionnées', 'Refurbished tablets'], 'appareils', REEMPLOI),
  total('ree_ecrans_total', 'ree_ecrans', ['Écrans reconditionnés', 'Refurbished screens'], 'appareils', REEMPLOI),
  total(
    'ree_solidaires_total',
    'ree_solidaires',
    ['Appareils donnés ou vendus à prix solidaire', 'Devices given away or sold at a solidarity price'],
    'appareils',
    REEMPLOI,
  ),
  ratio(
    'ree_part_solidaire',
    'pooled_ratio',
    ['ree_solidaires'],
    DEVICES,
    ['Part des appareils reconditionnés donnés ou vendus à prix solidaire', 'Share of refurbished devices given away or sold at a solidarity price'],
    'proportion',
    REEMPLOI,
  ),
  total('ree_deee_collectes_total', 'ree_deee_collectes_kg', ['DEEE collectés', 'WEEE collected'], 'kg', REEMPLOI),
  total('ree_deee_reemployes_total', 'ree_deee_reemployes_kg', ['DEEE réemployés', 'WEEE reused'], 'kg', REEMPLOI),
  total('ree_deee_recycles_total', 'ree_deee_recycles_kg', ['DEEE orientés vers le recyclage', 'WEEE sent to recycling'], 'kg', REEMPLOI),
  ratio(
    'ree_taux_reemploi_deee',
    'pooled_ratio',
    ['ree_deee_reemployes_kg'],
    ['ree_deee_collectes_kg'],
    ['Taux de réemploi des DEEE collectés (en masse)', 'Reuse rate of collected WEEE (by mass)'],
    'proportion',
    REEMPLOI,
  ),
  total('ree_etp_insertion_total', 'ree_etp_insertion', ["ETP en insertion dans l'atelier", 'Integration FTE in the workshop'], 'ETP', REEMPLOI),
  {
    id: 'ree_co2e_evite',
    labelFr: "Émissions évitées par le reconditionnement de smartphones et d'ordinateurs portables",
    labelEn: 'Emissions avoided by refurbishing smartphones and laptops',
    unit: 'kg CO2e',
    aggregation: 'derived_sum',
    terms: [
      { question: 'ree_smartphones', factor: ademe2022Factors.smartphoneCo2e },
      { question: 'ree_portables', factor: ademe2022Factors.laptopCo2e },
    ],
    multiplier: { question: 'ree_annees_usage_supplementaires', default: 1 },
    families: REEMPLOI,
  },
  {
    id: 'ree_matieres_evitees',
    labelFr: "Matières premières évitées par le reconditionnement de smartphones et d'ordinateurs portables",
    labelEn: 'Raw materials avoided by refurbishing smartphones and laptops',
    unit: 'kg',
    aggregation: 'derived_sum',
    terms: [
      { question: 'ree_smartphones', factor: ademe2022Factors.smartphoneMaterials },
      { question: 'ree_portables', factor: ademe2022Factors.laptopMaterials },
    ],
    multiplier: { question: 'ree_annees_usage_supplementaires', default: 1 },
    families: REEMPLOI,
  },
  {
    id: 'ree_co2e_fabrication_neuf',
    labelFr: 'Émissions de fabrication des appareils neufs que les appareils reconditionnés remplacent (borne haute : un achat neuf évité par appareil)',
    labelEn: 'Manufacturing emissions of the new devices the refurbished ones replace (upper bound: one new purchase avoided per device)',
    unit: 'kg CO2e',
    aggregation: 'derived_sum',
    terms: [
      { question: 'ree_smartphones', factor: ademeArcep2022Factors.smartphone },
      { question: 'ree_portables', factor: ademeArcep2022Factors.laptop },
      { question: 'ree_tablettes', factor: ademeArcep2022Factors.tablet },
      { question: 'ree_fixes', factor: ademeArcep2022Factors.desktop },
      { question: 'ree_ecrans', factor: ademeArcep2022Factors.screen },
    ],
    multiplier: null,
    families: REEMPLOI,
  },
]

const inclusion: IndicatorDefinition[] = [
  total('inc_personnes_accompagnees_total', 'inc_personnes_accompagnees', ['Personnes accompagnées', 'People supported'], 'personnes', INCLUSION),
  median(
    'inc_personnes_accompagnees_mediane',
    'inc_personnes_accompagnees',
    ['Personnes accompagnées par organisation', 'People supported per organisation'],
    'personnes',
    INCLUSION,
  ),
  total('inc_seances_total', 'inc_seances', ["Séances d'accompagnement individuel", 'Individual support sessions'], 'séances', INCLUSION),
  ratio(
    'inc_seances_par_personne',
    'pooled_ratio',
    ['inc_seances'],
    ['inc_personnes_accompagnees'],
    ['Séances par personne accompagnée', 'Sessions per person supported'],
    'séances / personne',
    INCLUSION,
  ),
  total('inc_heures_ateliers_total', 'inc_heures_ateliers', ["Heures d'ateliers collectifs", 'Collective workshop hours'], 'heures', INCLUSION),
  ratio(
    'inc_part_60_plus',
    'pooled_ratio',
    ['inc_personnes_60_plus'],
    ['inc_personnes_accompagnees'],
    ['Part des personnes de 60 ans et plus parmi les personnes accompagnées', 'Share of people aged 60 and over among the people supported'],
    'proportion',
    INCLUSION,
  ),
  ratio(
    'inc_part_precarite',
    'pooled_ratio',
    ['inc_personnes_precarite'],
    ['inc_personnes_accompagnees'],
    ['Part des personnes en situation de précarité parmi les personnes accompagnées', 'Share of people in precarity among the people supported'],
    'proportion',
    INCLUSION,
  ),
  total(
    'inc_demarches_admin_total',
    'inc_demarches_admin',
    ['Démarches administratives accompagnées', 'Administrative procedures supported'],
    'démarches',
    INCLUSION,
  ),
  total(
    'inc_lignes_solidaires_total',
    'inc_lignes_solidaires',
    ['Lignes, cartes SIM ou recharges solidaires', 'Solidarity lines, SIM cards or top-ups'],
    'unités',
    INCLUSION,
  ),
  total('inc_membres_usagers_total', 'inc_membres_usagers', ['Membres usagers', 'Member-users'], 'personnes', INCLUSION),
]

const communs: IndicatorDefinition[] = [
  total(
    'com_contributeurs_actifs_total',
    'com_contributeurs_actifs',
    ['Contributeurs actifs sur 12 mois', 'Active contributors over 12 months'],
    'personnes',
    COMMUNS,
  ),
  median(
    'com_contributeurs_actifs_mediane',
    'com_contributeurs_actifs',
    ['Contributeurs actifs par organisation', 'Active contributors per organisation'],
    'personnes',
    COMMUNS,
  ),
  total('com_nouveaux_contributeurs_total', 'com_nouveaux_contributeurs', ['Nouveaux contributeurs', 'New contributors'], 'personnes', COMMUNS),
  median(
    'com_facteur_absence_mediane',
    'com_facteur_absence',
    ["Facteur d'absence des contributeurs (CHAOSS)", 'Contributor absence factor (CHAOSS)'],
    'personnes',
    COMMUNS,
  ),
  total('com_jeux_donnees_total', 'com_jeux_donnees', ['Jeux de données publiés', 'Datasets published'], 'jeux de données', COMMUNS),
  total('com_enregistrements_total', 'com_enregistrements', ['Enregistrements publiés', 'Records published'], 'enregistrements', COMMUNS),
  ratio(
    'com_part_licence_ouverte',
    'pooled_ratio',
    ['com_productions_licence_ouverte'],
    ['com_productions_total'],
    ['Part des productions publiées sous licence ouverte ou libre', 'Share of productions published under an open licence'],
    'proportion',
    COMMUNS,
  ),
  total('com_reutilisations_total', 'com_reutilisations', ['Réutilisations connues', 'Known reuses'], 'réutilisations', COMMUNS),
  median(
    'com_reutilisations_mediane',
    'com_reutilisations',
    ['Réutilisations connues par organisation', 'Known reuses per organisation'],
    'réutilisations',
    COMMUNS,
  ),
  total('com_benevoles_tech_total', 'com_benevoles_tech', ['Bénévoles techniques', 'Technical volunteers'], 'personnes', COMMUNS),
  total('com_heures_benevoles_tech_total', 'com_heures_benevoles_tech', ['Heures de bénévolat technique', 'Technical volunteer hours'], 'heures', COMMUNS),
  total(
    'com_projets_interet_general_total',
    'com_projets_interet_general',
    ["Projets d'intérêt général réalisés", 'General-interest projects delivered'],
    'projets',
    COMMUNS,
  ),
]

const plateformes: IndicatorDefinition[] = [
  total('pla_membres_societaires_total', 'pla_membres_societaires', ['Membres sociétaires', 'Member-owners'], 'personnes', PLATEFORMES),
  total('pla_travailleurs_total', 'pla_travailleurs', ['Travailleurs des plateformes', 'Platform workers'], 'personnes', PLATEFORMES),
  total('pla_utilisateurs_actifs_total', 'pla_utilisateurs_actifs', ['Utilisateurs actifs', 'Active users'], 'personnes', PLATEFORMES),
  median(
    'pla_part_valeur_redistribuee_mediane',
    'pla_part_valeur_redistribuee',
    ['Part de la valeur redistribuée aux travailleurs et aux membres', 'Share of the value redistributed to workers and members'],
    '%',
    PLATEFORMES,
  ),
]

const mesure: IndicatorDefinition[] = [
  total('mes_outils_diffuses_total', 'mes_outils_diffuses', ['Outils ou méthodes de mesure diffusés', 'Measurement tools or methods shared'], 'outils', MESURE),
  total(
    'mes_organisations_accompagnees_total',
    'mes_organisations_accompagnees',
    ['Organisations accompagnées', 'Organisations supported'],
    'organisations',
    MESURE,
  ),
  total(
    'mes_evaluations_realisees_total',
    'mes_evaluations_realisees',
    ['Évaluations ou diagnostics réalisés', 'Evaluations or assessments carried out'],
    'évaluations',
    MESURE,
  ),
]

/**
 * The default indicators of the 2025 wave (docs/indicators.md, "Indicator catalogue"), bound to the question names of
 * the default questionnaire and validated against it by a unit test: the governance & ESS model
 * and sovereignty & responsible digital blocks for every family, then each family's own figures.
 * Sums are published as "total déclaré par les répondants"; money only as medians; factors are
 * data with their source and version (`factors.ts`).
 */
const catalogue: readonly IndicatorDefinition[] = [
  ...governance,
  ...sovereignty,
  ...insertion,
  ...reemploi,
  ...inclusion,
  ...communs,
  ...plateformes,
  ...mesure,
]

/**
 * The theme of each default indicator, chosen from what its questions ask: pay, jobs, volunteers,
 * budgets and funding are the economy; statutes, boards, pay caps, member-owners and impact
 * measurement, governance; footprints, refurbishing, waste and emissions, the environment; the
 * people supported, trained or in precarity, accessibility and solidarity devices, inclusion;
 * free software, open data, contributors and sovereign hosting, the commons.
 */
const THEMES: Record<ThemeKey, readonly string[]> = {
  economie_emploi: [
    'salaries_nombre_total',
    'salaries_nombre_mediane',
    'salaries_etp_total',
    'salaries_etp_mediane',
    'benevoles_total',
    'benevoles_heures_total',
    'benevoles_etp',
    'budget_annuel_median',
    'part_financement_public_mediane',
    'part_financement_public_globale',
    'part_revenus_activite_mediane',
    'part_revenus_activite_globale',
    'ins_salaries_insertion_total',
    'ins_etp_insertion_total',
    'ins_taux_sorties_dynamiques',
    'ins_suivi_6_mois_part',
    'ins_budget_par_personne',
    'ree_etp_insertion_total',
    'pla_travailleurs_total',
    'pla_utilisateurs_actifs_total',
  ],
  gouvernance: [
    'forme_juridique',
    'agrement_esus',
    'agrement_esus_part',
    'gouvernance_democratique_part',
    'ca_part_femmes_mediane',
    'ca_part_femmes_globale',
    'ecart_salaires_mediane',
    'esus_plafond_5_plus_hauts_part',
    'esus_plafond_plus_haute_part',
    'evaluation_impact_part',
    'inc_membres_usagers_total',
    'pla_membres_societaires_total',
    'pla_part_valeur_redistribuee_mediane',
    'mes_outils_diffuses_total',
    'mes_organisations_accompagnees_total',
    'mes_evaluations_realisees_total',
  ],
  environnement: [
    'nr_empreinte_mesuree_part',
    'nr_outil_empreinte',
    'nr_ecoindex_mediane',
    'ree_smartphones_total',
    'ree_portables_total',
    'ree_fixes_total',
    'ree_tablettes_total',
    'ree_ecrans_total',
    'ree_deee_collectes_total',
    'ree_deee_reemployes_total',
    'ree_deee_recycles_total',
    'ree_taux_reemploi_deee',
    'ree_co2e_evite',
    'ree_matieres_evitees',
    'ree_co2e_fabrication_neuf',
  ],
  inclusion: [
    'nr_rgaa_taux_mediane',
    'ins_personnes_formees_total',
    'ins_personnes_formees_mediane',
    'ins_heures_stagiaires_total',
    'ins_part_precarite_globale',
    'ins_part_precarite_mediane',
    'ree_solidaires_total',
    'ree_part_solidaire',
    'inc_personnes_accompagnees_total',
    'inc_personnes_accompagnees_mediane',
    'inc_seances_total',
    'inc_seances_par_personne',
    'inc_heures_ateliers_total',
    'inc_part_60_plus',
    'inc_part_precarite',
    'inc_demarches_admin_total',
    'inc_lignes_solidaires_total',
  ],
  communs: [
    'nr_logiciels_libres_part_mediane',
    'nr_logiciels_libres_part_globale',
    'nr_hebergement_localisation',
    'nr_hebergement_hors_lois_extra_ue_part',
    'nr_code_publie_part',
    'nr_licence_code',
    'com_contributeurs_actifs_total',
    'com_contributeurs_actifs_mediane',
    'com_nouveaux_contributeurs_total',
    'com_facteur_absence_mediane',
    'com_jeux_donnees_total',
    'com_enregistrements_total',
    'com_part_licence_ouverte',
    'com_reutilisations_total',
    'com_reutilisations_mediane',
    'com_benevoles_tech_total',
    'com_heures_benevoles_tech_total',
    'com_projets_interet_general_total',
  ],
}

/** Each default indicator's theme, by id: also the theme of an indicator stored before themes existed. */
export const defaultIndicatorThemes: ReadonlyMap<string, ThemeKey> = new Map(
  (Object.entries(THEMES) as [ThemeKey, readonly string[]][]).flatMap(([theme, ids]) => ids.map((id) => [id, theme] as const)),
)

export const defaultIndicators: readonly IndicatorDefinition[] = catalogue.map((definition) => ({
  ...definition,
  theme: defaultIndicatorThemes.get(definition.id) ?? null,
}))
