import { formatDecimal } from '../i18n/format'
import { frenchText, getLang } from '../i18n'

/**
 * The texts of the public observatory (`/resultats/<slug>`), in both languages. They live with
 * the page rather than in the shared catalogues: no other page needs them, and the respondent
 * page must not carry them. The words shared with the other pages (the secret mark and its note,
 * "Ensemble", the units, the header) come from the shared catalogues through `t`.
 */
const fr = {
  'public.title': 'Résultats publics',
  'public.loading': 'Chargement des résultats…',
  'public.notFound.title': 'Pas de résultats publiés pour cette enquête',
  'public.notFound.body':
    'Aucun résultat n’est publié à cette adresse : l’enquête n’existe pas, ses résultats ne sont pas encore publiés, ou leur publication a été retirée.',
  'public.release': 'Publication n° {number} du {date}, calculée sur {responses} réponses',
  'public.period': 'Enquête ouverte du {from} au {to}',
  'public.print': 'Imprimer le rapport',
  'public.print.hint': 'Le rapport imprimé (ou enregistré en PDF) contient toutes les familles.',
  'public.keyFigures': 'Chiffres clés',
  'public.keyFigures.responses': 'Réponses',
  'public.keyFigures.rate': 'Taux de réponse',
  'public.keyFigures.published': 'Chiffres publiés',
  'public.keyFigures.hidden': 'Chiffres masqués (secret statistique)',
  'public.fewer': 'moins de {n}',
  'public.families': 'Familles',
  'public.families.choose': 'Choisir une famille',
  'public.family.heading': 'Indicateurs : {family}',
  'public.family.responses': '{responses} réponses',
  'public.family.empty': 'Aucun indicateur n’est publié pour cette famille.',
  'public.themes.choose': 'Thèmes des indicateurs : {family}',
  'public.table.caption': '{family} — indicateurs {from} à {to} sur {total}',
  'public.table.indicator': 'Indicateur',
  'public.table.value': 'Valeur',
  'public.table.interval': 'Intervalle de confiance à {level} %',
  'public.table.n': 'Nombre d’organisations (n)',
  'public.cell.interval': '{low} à {high}',
  'public.cell.quartiles': 'quartiles : {q1} à {q3}',
  'public.cell.empty': 'pas de réponse',
  'public.cell.noInterval': 'non publié',
  'public.chart.note':
    'Chaque barre va de zéro à la valeur, sur l’échelle propre à l’indicateur (de 0 à 100 % pour une part) ; le trait sombre marque l’intervalle de confiance. La valeur est toujours écrite à droite de la barre.',
  'public.map.heading': 'Par région',
  'public.map.indicator': 'Indicateur affiché par région',
  'public.map.noGeometry': 'Pas de carte : aucun paquet libre et maintenu ne fournit le contour des régions. Les chiffres par région sont dans le tableau.',
  'public.map.caption': '{indicator} par région — {family}',
  'public.map.region': 'Région',
  'public.map.empty': 'Pas de résultats par région pour cette famille dans cette publication.',
  'public.method.heading': 'Méthodologie',
  'public.method.who': 'Qui a répondu',
  'public.method.who.caption': 'Organisations invitées et répondantes, par famille',
  'public.method.family': 'Famille',
  'public.method.invited': 'Invitées',
  'public.method.submitted': 'Réponses',
  'public.method.rate': 'Taux de réponse',
  'public.method.intervals': 'Intervalles de confiance',
  'public.method.intervals.body':
    'Chaque valeur publiée est accompagnée, quand elle peut l’être, de son intervalle de confiance à {level} % : la plage où la valeur de l’ensemble des organisations de la famille se trouve avec cette confiance, compte tenu du nombre de réponses.',
  'public.method.rules': 'Règles de secret statistique',
  'public.method.rules.minCell':
    'Un chiffre n’est publié que s’il repose sur au moins {minCellSize} organisations. Un nombre de réponses plus petit est écrit « moins de {minCellSize} ».',
  'public.method.rules.pPercent':
    'Règle des p % (p = {pPercent}) : un chiffre n’est pas publié s’il permettrait d’estimer la contribution de la plus grande organisation à moins de {pPercent} % près, ni si une seule organisation fait l’essentiel d’un total.',
  'public.method.rules.secondary':
    'D’autres chiffres sont masqués pour qu’on ne puisse pas recalculer un chiffre masqué, et aucune donnée individuelle n’est publiée.',
  'public.method.factors': 'Facteurs de conversion et leurs sources',
  'public.method.factors.caption': 'Facteurs utilisés par les indicateurs',
  'public.method.factors.captionPart': 'Facteurs utilisés par les indicateurs ({from} à {to} sur {total})',
  'public.method.factors.value': 'Facteur',
  'public.method.factors.source': 'Source',
  'public.method.factors.none': 'Aucun indicateur de cette publication n’utilise de facteur de conversion.',
  'public.downloads.heading': 'Données ouvertes',
  'public.downloads.csv': 'Indicateurs (CSV)',
  'public.downloads.excel': 'Indicateurs (CSV pour Excel en français)',
  'public.downloads.package': 'Paquet de données (ZIP, Data Package)',
  'public.downloads.licence': 'Ces fichiers et les chiffres de cette page sont publiés sous la {licence}.',
  'public.licence.etalab-2.0': 'Licence Ouverte 2.0 (Etalab)',
  'public.licence.cc-by-4.0': 'licence Creative Commons Attribution 4.0 (CC BY 4.0)',
  'public.toc': 'Sommaire',
  'public.footer': 'Publié avec Sonde. Les chiffres ne contiennent aucune donnée individuelle.',
} as const

export type PublicPageKey = keyof typeof fr

const en: Record<PublicPageKey, string> = {
  'public.title': 'Public results',
  'public.loading': 'Loading the results…',
  'public.notFound.title': 'No published results for this survey',
  'public.notFound.body':
    'No results are published at this address: the survey does not exist, its results are not published yet, or their publication was withdrawn.',
  'public.release': 'Release no. {number} of {date}, computed from {responses} responses',
  'public.period': 'Survey open from {from} to {to}',
  'public.print': 'Print the report',
  'public.print.hint': 'The printed report (or the PDF saved from it) holds every family.',
  'public.keyFigures': 'Key figures',
  'public.keyFigures.responses': 'Responses',
  'public.keyFigures.rate': 'Response rate',
  'public.keyFigures.published': 'Published figures',
  'public.keyFigures.hidden': 'Hidden figures (statistical confidentiality)',
  'public.fewer': 'fewer than {n}',
  'public.families': 'Families',
  'public.families.choose': 'Choose a family',
  'public.family.heading': 'Indicators: {family}',
  'public.family.responses': '{responses} responses',
  'public.family.empty': 'No indicator is published for this family.',
  'public.themes.choose': 'Indicator themes: {family}',
  'public.table.caption': '{family} — indicators {from} to {to} of {total}',
  'public.table.indicator': 'Indicator',
  'public.table.value': 'Value',
  'public.table.interval': '{level}% confidence interval',
  'public.table.n': 'Number of organisations (n)',
  'public.cell.interval': '{low} to {high}',
  'public.cell.quartiles': 'quartiles: {q1} to {q3}',
  'public.cell.empty': 'no answer',
  'public.cell.noInterval': 'not published',
  'public.chart.note':
    'Each bar runs from zero to the value, on the indicator’s own scale (0 to 100% for a share); the dark line marks the confidence interval. The value is always written to the right of the bar.',
  'public.map.heading': 'By region',
  'public.map.indicator': 'Indicator shown by region',
  'public.map.noGeometry': 'No map: no free, maintained package provides the outline of the regions. The figures by region are in the table.',
  'public.map.caption': '{indicator} by region — {family}',
  'public.map.region': 'Region',
  'public.map.empty': 'No results by region for this family in this release.',
  'public.method.heading': 'Methodology',
  'public.method.who': 'Who answered',
  'public.method.who.caption': 'Organisations invited and responding, by family',
  'public.method.family': 'Family',
  'public.method.invited': 'Invited',
  'public.method.submitted': 'Responses',
  'public.method.rate': 'Response rate',
  'public.method.intervals': 'Confidence intervals',
  'public.method.intervals.body':
    'Each published value comes, where it can, with its {level}% confidence interval: the range in which the value for all the organisations of the family lies with that confidence, given the number of responses.',
  'public.method.rules': 'Statistical confidentiality rules',
  'public.method.rules.minCell':
    'A figure is published only when at least {minCellSize} organisations are behind it. A smaller number of responses reads “fewer than {minCellSize}”.',
  'public.method.rules.pPercent':
    'p% rule (p = {pPercent}): a figure is not published when it would let one estimate the contribution of the largest organisation within {pPercent}%, nor when one organisation makes most of a total.',
  'public.method.rules.secondary': 'Other figures are hidden so that a hidden figure cannot be recomputed, and no individual data is published.',
  'public.method.factors': 'Conversion factors and their sources',
  'public.method.factors.caption': 'Factors the indicators use',
  'public.method.factors.captionPart': 'Factors the indicators use ({from} to {to} of {total})',
  'public.method.factors.value': 'Factor',
  'public.method.factors.source': 'Source',
  'public.method.factors.none': 'No indicator of this release uses a conversion factor.',
  'public.downloads.heading': 'Open data',
  'public.downloads.csv': 'Indicators (CSV)',
  'public.downloads.excel': 'Indicators (CSV for Excel in French)',
  'public.downloads.package': 'Data package (ZIP, Data Package)',
  'public.downloads.licence': 'These files and the figures of this page are published under the {licence}.',
  'public.licence.etalab-2.0': 'Licence Ouverte 2.0 (Etalab Open Licence)',
  'public.licence.cc-by-4.0': 'Creative Commons Attribution 4.0 licence (CC BY 4.0)',
  'public.toc': 'Contents',
  'public.footer': 'Published with Sonde. The figures hold no individual data.',
}

const catalogues: Record<'fr' | 'en', Record<PublicPageKey, string>> = { fr, en }

/**
 * A text of the public page in the current language, `{name}` placeholders replaced from
 * `params` (a number in the language's format), French typography applied to the French words
 * only — as the shared `t` does.
 */
export function pt(key: PublicPageKey, params?: Record<string, string | number>): string {
  const lang = getLang()
  let text = catalogues[lang][key]
  if (lang === 'fr') text = frenchText(text, params)
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatDecimal(value, lang) : value
  })
}

/** Both catalogues, for the test that keeps them alike. */
export const publicCatalogues = catalogues
