import { z } from 'zod'
import { MinCellSizeSchema, noNulCharacter, PPercentSchema, SlugSchema } from './fields'
import { IndicatorDefinitionSchema, MAX_INDICATORS } from './indicator-definitions'
import { ReminderDaysSchema } from './schedule'
import { FamilyInputSchema, MessageTemplateSchema } from './waves'

// A wave's design as one file another Sonde can import (`GET /api/waves/{id}/bundle`,
// `POST /api/bundles`): questionnaire, families, indicators with their factors, and the settings
// that belong to the design — never dates, members, answers, results or their publication.
// Its JSON Schema is committed at schemas/sonde-bundle-v1.schema.json (`bundleJsonSchema`).

export const BUNDLE_FORMAT = 'sonde-bundle'
/** The version of the bundle's layout this Sonde writes and reads. */
export const BUNDLE_SCHEMA_VERSION = 1

/** The settings of a wave that are part of its design. */
export const BundleSettingsSchema = z.strictObject({
  minCellSize: MinCellSizeSchema,
  pPercent: PPercentSchema,
  editAfterSubmit: z.boolean(),
  openLink: z.boolean(),
  exportFreeText: z.boolean(),
  templates: z.strictObject({ invitation: MessageTemplateSchema.optional(), reminder: MessageTemplateSchema.optional() }).optional(),
  reminderDays: ReminderDaysSchema.optional(),
})
export type BundleSettings = z.infer<typeof BundleSettingsSchema>

export const BundleSchema = z
  .strictObject({
    format: z.literal(BUNDLE_FORMAT),
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
    /** When it was exported (ISO 8601). */
    exportedAt: z.iso.datetime({ offset: true }),
    /** The Sonde that wrote it: "Sonde 0.1.0". */
    generator: z.string().max(200),
    wave: z.strictObject({
      slug: SlugSchema,
      title: z.string().trim().min(1).max(300).refine(noNulCharacter, 'holds a NUL character'),
      settings: BundleSettingsSchema,
    }),
    families: z.array(FamilyInputSchema).max(50),
    /** The SurveyJS JSON of the questionnaire (checked by the server's lint on import). */
    questionnaire: z.record(z.string(), z.unknown()),
    /** The indicator definitions, their conversion factors (value, unit, source, version) inside. */
    indicators: z.array(IndicatorDefinitionSchema).max(MAX_INDICATORS),
  })
  .meta({
    title: 'Sonde bundle, version 1',
    description: "A wave's design exported by Sonde: questionnaire (SurveyJS JSON), families, indicators and design settings.",
  })
export type Bundle = z.infer<typeof BundleSchema>

/** `POST /api/bundles?slug=…&title=…`: the new wave's slug and title, instead of the bundle's. */
export const ImportBundleQuerySchema = z.strictObject({
  slug: SlugSchema.optional(),
  title: z.string().trim().min(1).max(300).refine(noNulCharacter, 'holds a NUL character').optional(),
})

/** One problem of a bundle or spreadsheet refused on import: where (`questionnaire.pages[0].elements[2].type`, `survey, ligne 12`) and what, in French. */
export const ImportProblemSchema = z.object({ path: z.string(), message: z.string() })
export type ImportProblem = z.infer<typeof ImportProblemSchema>

const TYPES_FR: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  int: 'un nombre entier',
  boolean: 'vrai ou faux',
  object: 'un objet',
  array: 'une liste',
  record: 'un objet',
}

/** A zod issue as staff read it, in French. */
function frenchMessage(issue: z.core.$ZodIssue): string {
  const amount = (bound: number | bigint, origin: string) =>
    origin === 'array' ? `${bound} élément(s)` : origin === 'string' ? `${bound} caractère(s)` : String(bound)
  switch (issue.code) {
    case 'invalid_type':
      return `${TYPES_FR[issue.expected] ?? issue.expected} attendu`
    case 'too_small':
      return `au moins ${amount(issue.minimum, issue.origin)}`
    case 'too_big':
      return `au plus ${amount(issue.maximum, issue.origin)}`
    case 'unrecognized_keys':
      return `clé(s) inconnue(s) : ${issue.keys.join(', ')}`
    case 'invalid_value':
      return `valeur attendue : ${issue.values.map((v) => JSON.stringify(v)).join(' ou ')}`
    case 'invalid_format':
      return issue.format === 'regex' ? `forme invalide (${issue.message})` : `format ${issue.format} attendu`
    case 'invalid_union':
      return 'forme inconnue (vérifiez « aggregation » et les champs qui vont avec)'
    default:
      return issue.message
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '')
}

/**
 * A bundle read against `BundleSchema`, or every way it does not fit, each at its path in the
 * bundle (`wave.settings.minCellSize`, `indicators[3].question`) with a French message.
 */
export function parseBundle(value: unknown): { bundle: Bundle } | { problems: ImportProblem[] } {
  const parsed = BundleSchema.safeParse(value)
  if (parsed.success) return { bundle: parsed.data }
  return { problems: parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: frenchMessage(issue) })) }
}

/** `POST /api/waves/{id}/questionnaire/xlsform?note=…`: the change note of the version it saves. */
export const SpreadsheetImportQuerySchema = z.strictObject({
  note: z.string().trim().max(500).refine(noNulCharacter, 'holds a NUL character').optional(),
})

/** The JSON Schema of a bundle (draft 2020-12), as committed in schemas/. */
export function bundleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(BundleSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>
}
