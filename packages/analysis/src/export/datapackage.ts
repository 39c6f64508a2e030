import { INDICATOR_CSV_COLUMNS } from './indicators-csv'
import { CODEBOOK_COLUMNS } from './codebook-csv'
import { protectedVariables, protectionNote, protectionSummary, QUASI_IDENTIFIERS, type MicrodataPlan, type ProtectionNote } from './microdata-protection'
import { ID_COLUMN, type ExportVariable, type VariableType } from './variables'

/** A field of a Frictionless Table Schema. */
export interface TableSchemaField {
  name: string
  type: VariableType
  title?: string
  description?: string
  format?: string
  trueValues?: string[]
  falseValues?: string[]
  constraints?: { required?: boolean; unique?: boolean; enum?: (string | number)[] }
}

const CSV_DIALECT = { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true }

function field(name: string, type: VariableType, extra: Partial<TableSchemaField> = {}): TableSchemaField {
  return {
    name,
    type,
    ...(type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...extra,
  }
}

function resource(name: string, path: string, title: string, fields: TableSchemaField[], primaryKey?: string, description?: string) {
  return {
    name,
    path,
    profile: 'tabular-data-resource',
    title,
    ...(description ? { description } : {}),
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: CSV_DIALECT,
    schema: { fields, missingValues: [''], ...(primaryKey ? { primaryKey } : {}) },
  }
}

/** Frictionless field of a microdata variable: its type, labels, the codes of a choice, and what protection did to it. */
function variableField(v: ExportVariable, note: ProtectionNote | null): TableSchemaField {
  const extra: Partial<TableSchemaField> = { title: v.labelFr, description: note ? `${v.labelEn} — ${note.en} — ${note.fr}` : v.labelEn }
  if (v.type === 'integer' && v.values) extra.constraints = { enum: v.values.map((x) => Number(x.value)) }
  else if (v.type === 'string' && v.values && !v.kind.endsWith('/joined') && v.kind !== 'ranking') {
    extra.constraints = { enum: v.values.map((x) => x.value) }
  }
  if (v.type === 'date') extra.format = 'default'
  return field(v.name, v.type, extra)
}

/** The Table Schema type of each column of `indicators.csv` (the researcher's data package and the public one). */
export const INDICATOR_TYPES: Record<(typeof INDICATOR_CSV_COLUMNS)[number], VariableType> = {
  wave: 'string',
  indicator: 'string',
  label_fr: 'string',
  family: 'string',
  dimension: 'string',
  dimension_value: 'string',
  category: 'string',
  n: 'integer',
  value: 'number',
  ci_low: 'number',
  ci_high: 'number',
  q1: 'number',
  q3: 'number',
  unit: 'string',
  suppressed: 'boolean',
  reason: 'string',
  factor_source: 'string',
}

const CODEBOOK_TYPES: Record<(typeof CODEBOOK_COLUMNS)[number], VariableType> = {
  variable: 'string',
  question: 'string',
  label_fr: 'string',
  label_en: 'string',
  type: 'string',
  question_type: 'string',
  values: 'string',
  value_labels_fr: 'string',
  value_labels_en: 'string',
  page: 'string',
  page_index: 'integer',
  waves: 'string',
  exported: 'boolean',
  note: 'string',
  protection_fr: 'string',
  protection_en: 'string',
}

/**
 * The `datapackage.json` of a wave's export (Frictionless Data Package v1, profile
 * `tabular-data-package`): three CSV resources with their Table Schemas — `responses.csv` (one
 * field per microdata variable, typed, choices as `enum`, labels as title/description, `id` the
 * primary key), `codebook.csv` and `indicators.csv` — read as they are by `frictionless` in
 * Python and R. With the `plan` of the protected microdata, `responses.csv` is described as that
 * file holds it (`protectedVariables`: classes as `string` with their codes), each protected field
 * says in its description what was recoded, blanked or top-coded, and the resource how the file is
 * protected. With `microdata: false` (a reader without the microdata permission) there is no
 * `responses` resource: a descriptor never names a file the package does not hold.
 */
export function dataPackageDescriptor(
  wave: { slug: string; title: string },
  variables: readonly ExportVariable[],
  options: { created?: Date; plan?: MicrodataPlan; microdata?: boolean } = {},
) {
  const { plan, created = new Date(), microdata = true } = options
  const columns = plan ? protectedVariables(variables, plan) : variables
  const summary = plan ? protectionSummary(plan) : null
  return {
    profile: 'tabular-data-package',
    name: `sonde-${wave.slug}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
    title: wave.title,
    description: microdata
      ? "Données pseudonymisées d'une vague d'enquête Sonde (réseau ESS numérique) : réponses des organisations, dictionnaire des variables et indicateurs par famille sous secret statistique."
      : "Dictionnaire des variables et indicateurs par famille sous secret statistique d'une vague d'enquête Sonde (réseau ESS numérique), sans les microdonnées.",
    created: created.toISOString(),
    resources: [
      ...(microdata
        ? [
            resource(
              'responses',
              'responses.csv',
              'Réponses pseudonymisées (une ligne par organisation)',
              [
                field(ID_COLUMN, 'string', { title: "Pseudonyme de l'organisation", constraints: { required: true, unique: true } }),
                ...columns.map((v) => variableField(v, plan ? protectionNote(v, plan) : null)),
              ],
              ID_COLUMN,
              summary ? `${summary.fr}\n\n${summary.en}` : undefined,
            ),
          ]
        : []),
      resource(
        'codebook',
        'codebook.csv',
        'Dictionnaire des variables',
        CODEBOOK_COLUMNS.map((name) => field(name, CODEBOOK_TYPES[name])),
      ),
      resource(
        'indicators',
        'indicators.csv',
        'Indicateurs par famille (secret statistique appliqué)',
        INDICATOR_CSV_COLUMNS.map((name) => field(name, INDICATOR_TYPES[name])),
      ),
    ],
  }
}

const frenchNumber = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 })
const englishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 })

/** The README's account of the microdata protection, in French then in English. */
function microdataProtection(plan: MicrodataPlan): string {
  const declared = (key: string) => QUASI_IDENTIFIERS.find((qi) => qi.key === key)!
  const level = (qi: MicrodataPlan['quasiIdentifiers'][number], lang: 'fr' | 'en') => {
    const d = declared(qi.key)
    const classed = qi.key === 'size_class' || qi.key === 'year_founded'
    if (qi.level === 'blank') return lang === 'fr' ? 'colonne entièrement vide' : 'column entirely blank'
    if (qi.level === 'coarser') return lang === 'fr' ? `recodé (${d.coarserFr})` : `recoded (${d.coarserEn})`
    if (classed) return lang === 'fr' ? `classes : ${qi.classes.map((c) => c.labelFr).join(', ')}` : `classes: ${qi.classes.map((c) => c.labelEn).join(', ')}`
    return lang === 'fr' ? 'tel que répondu' : 'as answered'
  }
  const qiRows = (lang: 'fr' | 'en') =>
    plan.quasiIdentifiers
      .map((qi) => `| ${lang === 'fr' ? declared(qi.key).labelFr : declared(qi.key).labelEn} | \`${qi.question}\` | ${level(qi, lang)} | ${qi.blanked} |`)
      .join('\n')
  const topRows = (lang: 'fr' | 'en') => {
    const format = lang === 'fr' ? frenchNumber : englishNumber
    return plan.topCodes.map((t) => `| \`${t.variable}\` | ${format.format(t.threshold)} | ${t.above} | ${t.values} |`).join('\n')
  }
  const familyPagesFr =
    plan.familyPages.size > 0
      ? `\n- Les réponses d'une page de famille dévoilent la famille : elles sont vides quand la ligne ne publie pas ses familles (« plusieurs » ou masquées) — ${plan.hiddenFamilyAnswers} ${plan.hiddenFamilyAnswers < 2 ? 'réponse masquée' : 'réponses masquées'} dans ce fichier.`
      : ''
  const familyPagesEn =
    plan.familyPages.size > 0
      ? `\n- The answers of a family page give the family away: they are blank when the row does not publish its families ("plusieurs" or blanked) — ${plan.hiddenFamilyAnswers} ${plan.hiddenFamilyAnswers === 1 ? 'answer' : 'answers'} blanked in this file.`
      : ''
  const topFr =
    plan.topCodes.length > 0
      ? `\n- Plafonnement (top-coding) : chaque montant ou effectif sans borne dans le questionnaire est plafonné au 95e centile des valeurs de ce fichier — la plus grande valeur du fichier qui ne dépasse pas le 95e centile par interpolation linéaire (x₍⌊0,95·(n−1)⌋₎, valeurs triées à partir de 0) ; une valeur au-dessus est écrite égale au plafond.\n\n| variable | plafond | valeurs plafonnées | valeurs |\n| --- | --- | --- | --- |\n${topRows('fr')}\n`
      : ''
  const topEn =
    plan.topCodes.length > 0
      ? `\n- Top-coding: every amount or count without a bound in the questionnaire is top-coded at the 95th percentile of this file's values — the largest value of the file not above the linear-interpolation 95th percentile (x₍⌊0.95·(n−1)⌋₎, values sorted from index 0); a value above it is written as the top-code.\n\n| variable | top-code | values top-coded | values |\n| --- | --- | --- | --- |\n${topRows('en')}\n`
      : ''
  const qiFr =
    plan.quasiIdentifiers.length > 0
      ? `\n- k-anonymat, k = ${plan.k} : chaque combinaison publiée des quasi-identifiants ci-dessous (ce qu'on peut savoir d'une organisation par ailleurs) est partagée par au moins ${plan.k} lignes. On recode d'abord en classes plus larges, puis on masque (cellule vide) ce qui isole encore moins de ${plan.k} lignes. Une cellule vide est une non-réponse ou une valeur masquée. Ces colonnes sont du texte (\`string\`), y compris \`salaries_etp\` et \`annee_creation\`, publiées en classes, jamais exactement.\n\n| quasi-identifiant | colonne | publication | valeurs masquées |\n| --- | --- | --- | --- |\n${qiRows('fr')}\n${familyPagesFr}`
      : ''
  const qiEn =
    plan.quasiIdentifiers.length > 0
      ? `\n- k-anonymity, k = ${plan.k}: every published combination of the quasi-identifiers below (what can be known of an organisation from elsewhere) is shared by at least ${plan.k} rows. Values are first recoded to coarser classes, then whatever still isolates fewer than ${plan.k} rows is blanked (empty cell). An empty cell is either unanswered or blanked. These columns are text (\`string\`), \`salaries_etp\` and \`annee_creation\` included, published as classes, never exactly.\n\n| quasi-identifier | column | published as | values blanked |\n| --- | --- | --- | --- |\n${qiRows('en')}\n${familyPagesEn}`
      : ''
  return `## Protection des microdonnées (\`responses.csv\`)

- ${plan.rows} lignes, dans un ordre aléatoire, nouveau à chaque téléchargement : l'ordre ne dit rien et deux fichiers ne s'alignent pas ligne à ligne.${qiFr}${topFr}
## Microdata protection (\`responses.csv\`)

- ${plan.rows} rows, in a random order, new at every download: the order tells nothing and two files do not line up row by row.${qiEn}${topEn}
`
}

/**
 * The README.md of a data package: what is in it, how it is protected, how to read it in R and
 * Python; with the `plan` of the protected microdata, what was recoded, blanked and top-coded in
 * this file, in French and English; with `microdata: false`, that the package holds none.
 */
export function dataPackageReadme(
  wave: { slug: string; title: string },
  options: { freeText: boolean; minCellSize: number; plan?: MicrodataPlan; microdata?: boolean },
): string {
  const microdata = options.microdata ?? true
  const responsesRow = microdata
    ? "| `responses.csv` | une ligne par organisation ayant envoyé ses réponses, une colonne par question dans l'ordre du questionnaire |\n"
    : ''
  const withoutMicrodata = microdata
    ? ''
    : "\nCe paquet ne contient pas les microdonnées (`responses.csv`) : elles demandent une autorisation qu'un administrateur accorde à chaque chercheur ou chercheuse. This package holds no microdata: they need a permission an administrator grants per researcher.\n"
  return `# ${wave.title} — données Sonde

Export de la vague \`${wave.slug}\`, au format Frictionless Data Package (\`datapackage.json\`).

| fichier | contenu |
| --- | --- |
${responsesRow}| \`codebook.csv\` | le dictionnaire : chaque variable, ses libellés (fr/en), son type, ses codes et leurs libellés, sa page, les vagues où la question existe |
| \`indicators.csv\` | les indicateurs par famille, avec n, intervalle de confiance et secret statistique (minimum ${options.minCellSize} organisations par case) |
${withoutMicrodata}
## Protection des données

- Données **pseudonymisées**, pas anonymes : \`id\` est un pseudonyme aléatoire, stable dans cet export seulement (un pseudonyme ne se retrouve pas d'un export à l'autre).
- Ni nom, ni e-mail, ni téléphone, ni fichier. ${options.freeText ? 'Les réponses en texte libre sont incluses (la vague le permet).' : 'Les réponses en texte libre ne sont pas incluses (la vague ne le permet pas) ; le dictionnaire les liste.'}
- Choix multiples : une colonne 0/1 par choix (\`question__choix\`), plus la liste des choix séparés par \`;\`.
- Sécurité des tableurs : un texte commençant par \`= + - @\`, une tabulation ou un retour chariot est précédé d'une apostrophe \`'\` ; retirez-la avant analyse si besoin. Les nombres ne reçoivent jamais d'apostrophe.
- Les indicateurs sont sous secret statistique : une case masquée a \`suppressed=true\` et aucune valeur (jamais 0) ; sa raison n'est donnée qu'à l'équipe.

${microdata && options.plan ? microdataProtection(options.plan) + '\n' : ''}## Lire les données

Python (\`pip install frictionless\`) :

\`\`\`python
from frictionless import Package
package = Package("datapackage.zip")
responses = package.get_resource("responses").to_pandas()
\`\`\`

R (\`install.packages("frictionless")\`) :

\`\`\`r
dir <- tempfile(); unzip("datapackage.zip", exdir = dir)
package <- frictionless::read_package(file.path(dir, "datapackage.json"))
responses <- frictionless::read_resource(package, "responses")
\`\`\`

Sans bibliothèque : les fichiers CSV sont en UTF-8, séparateur virgule, fins de ligne CRLF, guillemets RFC 4180.
`
}
