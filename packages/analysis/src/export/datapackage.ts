import { INDICATOR_CSV_COLUMNS } from './indicators-csv'
import { CODEBOOK_COLUMNS } from './codebook-csv'
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

function resource(name: string, path: string, title: string, fields: TableSchemaField[], primaryKey?: string) {
  return {
    name,
    path,
    profile: 'tabular-data-resource',
    title,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: CSV_DIALECT,
    schema: { fields, missingValues: [''], ...(primaryKey ? { primaryKey } : {}) },
  }
}

/** Frictionless field of a microdata variable: its type, labels, and the codes of a choice. */
function variableField(v: ExportVariable): TableSchemaField {
  const extra: Partial<TableSchemaField> = { title: v.labelFr, description: v.labelEn }
  if (v.type === 'integer' && v.values) extra.constraints = { enum: v.values.map((x) => Number(x.value)) }
  else if (v.type === 'string' && v.values && !v.kind.endsWith('/joined') && v.kind !== 'ranking') {
    extra.constraints = { enum: v.values.map((x) => x.value) }
  }
  if (v.type === 'date') extra.format = 'default'
  return field(v.name, v.type, extra)
}

const INDICATOR_TYPES: Record<(typeof INDICATOR_CSV_COLUMNS)[number], VariableType> = {
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
}

/**
 * The `datapackage.json` of a wave's export (Frictionless Data Package v1, profile
 * `tabular-data-package`): three CSV resources with their Table Schemas — `responses.csv` (one
 * field per microdata variable, typed, choices as `enum`, labels as title/description, `id` the
 * primary key), `codebook.csv` and `indicators.csv` — read as they are by `frictionless` in
 * Python and R.
 */
export function dataPackageDescriptor(wave: { slug: string; title: string }, variables: readonly ExportVariable[], created = new Date()) {
  return {
    profile: 'tabular-data-package',
    name: `sonde-${wave.slug}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
    title: wave.title,
    description:
      "Données pseudonymisées d'une vague d'enquête Sonde (réseau ESS numérique) : réponses des organisations, dictionnaire des variables et indicateurs par famille sous secret statistique.",
    created: created.toISOString(),
    resources: [
      resource('responses', 'responses.csv', 'Réponses pseudonymisées (une ligne par organisation)', [
        field(ID_COLUMN, 'string', { title: "Pseudonyme de l'organisation", constraints: { required: true, unique: true } }),
        ...variables.map(variableField),
      ], ID_COLUMN),
      resource('codebook', 'codebook.csv', 'Dictionnaire des variables', CODEBOOK_COLUMNS.map((name) => field(name, CODEBOOK_TYPES[name]))),
      resource('indicators', 'indicators.csv', 'Indicateurs par famille (secret statistique appliqué)', INDICATOR_CSV_COLUMNS.map((name) => field(name, INDICATOR_TYPES[name]))),
    ],
  }
}

/** The README.md of a data package: what is in it, how it is protected, how to read it in R and Python. */
export function dataPackageReadme(wave: { slug: string; title: string }, options: { freeText: boolean; minCellSize: number }): string {
  return `# ${wave.title} — données Sonde

Export de la vague \`${wave.slug}\`, au format Frictionless Data Package (\`datapackage.json\`).

| fichier | contenu |
| --- | --- |
| \`responses.csv\` | une ligne par organisation ayant envoyé ses réponses, une colonne par question dans l'ordre du questionnaire |
| \`codebook.csv\` | le dictionnaire : chaque variable, ses libellés (fr/en), son type, ses codes et leurs libellés, sa page, les vagues où la question existe |
| \`indicators.csv\` | les indicateurs par famille, avec n, intervalle de confiance et secret statistique (minimum ${options.minCellSize} organisations par case) |

## Protection des données

- Données **pseudonymisées**, pas anonymes : \`id\` est un pseudonyme aléatoire, stable dans cet export seulement (deux exports ne se relient pas).
- Ni nom, ni e-mail, ni téléphone, ni fichier. ${options.freeText ? 'Les réponses en texte libre sont incluses (la vague le permet).' : 'Les réponses en texte libre ne sont pas incluses (la vague ne le permet pas) ; le dictionnaire les liste.'}
- Choix multiples : une colonne 0/1 par choix (\`question__choix\`), plus la liste des choix séparés par \`;\`.
- Sécurité des tableurs : un texte commençant par \`= + - @\`, une tabulation ou un retour chariot est précédé d'une apostrophe \`'\` ; retirez-la avant analyse si besoin. Les nombres ne sont jamais modifiés.
- Les indicateurs sont sous secret statistique : une case masquée a \`suppressed=true\`, sa raison, et aucune valeur (jamais 0).

## Lire les données

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
