import { z } from 'zod'
import { MinCellSizeSchema, PPercentSchema, SlugSchema } from './fields'
import { FamilySchema, WaveStatusSchema } from './respondent'
import { QuestionnaireAuthorSchema } from './questionnaire-versions'
import { ReminderDaysSchema, WaveDateTimeSchema } from './schedule'
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN, FAMILY_KEY_PATTERN, ORGANISATION_NAME_MAX_LENGTH } from './rules'

export const MessageTemplateSchema = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(20_000),
})
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>

export const WaveSettingsSchema = z.object({
  minCellSize: MinCellSizeSchema,
  pPercent: PPercentSchema,
  editAfterSubmit: z.boolean(),
  openLink: z.boolean(),
  retentionUntil: z.string().nullable(),
  resultsPublished: z.boolean(),
  exportFreeText: z.boolean(),
  /** Days before the closing on which reminders go by themselves (schedule.ts). */
  reminderDays: z.array(z.number().int()),
  templates: z.object({ invitation: MessageTemplateSchema.optional(), reminder: MessageTemplateSchema.optional() }).optional(),
})
export type WaveSettings = z.infer<typeof WaveSettingsSchema>

export const WaveSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: WaveStatusSchema,
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  settings: WaveSettingsSchema,
  families: z.array(FamilySchema),
  createdAt: z.string(),
})
export type Wave = z.infer<typeof WaveSchema>

export const WaveListSchema = z.object({ waves: z.array(WaveSchema) })
export type WaveList = z.infer<typeof WaveListSchema>

export const FamilyInputSchema = z.strictObject({
  key: z.string().regex(FAMILY_KEY_PATTERN, 'snake_case key'),
  labelFr: z.string().trim().min(1).max(200),
  labelEn: z.string().trim().min(1).max(200),
})

export const WaveSettingsPatchSchema = z.strictObject({
  minCellSize: MinCellSizeSchema.optional(),
  pPercent: PPercentSchema.optional(),
  editAfterSubmit: z.boolean().optional(),
  openLink: z.boolean().optional(),
  retentionUntil: z.iso.date().nullable().optional(),
  resultsPublished: z.boolean().optional(),
  exportFreeText: z.boolean().optional(),
  reminderDays: ReminderDaysSchema.optional(),
  /** A template set to null goes back to the default text. */
  templates: z.strictObject({ invitation: MessageTemplateSchema.nullable().optional(), reminder: MessageTemplateSchema.nullable().optional() }).optional(),
})

export const CreateWaveBodySchema = z.strictObject({
  slug: SlugSchema,
  title: z.string().trim().min(1).max(300),
  settings: WaveSettingsPatchSchema.optional(),
  families: z.array(FamilyInputSchema).max(50).optional(),
})
export type CreateWaveBody = z.infer<typeof CreateWaveBodySchema>

export const UpdateWaveBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(),
  /** Planned opening (a draft wave opens by itself then); null = none. */
  opensAt: WaveDateTimeSchema.nullable().optional(),
  /** Planned closing, after the opening (an open wave closes by itself then); null = none. */
  closesAt: WaveDateTimeSchema.nullable().optional(),
  settings: WaveSettingsPatchSchema.optional(),
  families: z.array(FamilyInputSchema).max(50).optional(),
})
export type UpdateWaveBody = z.infer<typeof UpdateWaveBodySchema>

export const CopyWaveBodySchema = z.strictObject({
  slug: SlugSchema,
  title: z.string().trim().min(1).max(300),
})

export const LintProblemSchema = z.object({ path: z.string(), message: z.string() })
export type LintProblem = z.infer<typeof LintProblemSchema>

export const QuestionnaireSchema = z.object({
  version: z.number().int(),
  /** The structure is frozen (the wave has opened): only wording fixes are accepted. */
  frozen: z.boolean(),
  definition: z.record(z.string(), z.unknown()),
  warnings: z.array(LintProblemSchema),
  /** When and by whom this version was saved, with its change note (null before the first version). */
  savedAt: z.string().nullable(),
  author: QuestionnaireAuthorSchema.nullable(),
  note: z.string().nullable(),
})
export type Questionnaire = z.infer<typeof QuestionnaireSchema>

export const LintResultSchema = z.object({
  errors: z.array(LintProblemSchema),
  warnings: z.array(LintProblemSchema),
})
export type LintResult = z.infer<typeof LintResultSchema>

export const OrganisationInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(ORGANISATION_NAME_MAX_LENGTH),
  email: z.email({ pattern: EMAIL_PATTERN }).max(EMAIL_MAX_LENGTH).nullable().optional(),
  siren: z
    .string()
    .regex(/^\d{9}$/, '9 digits')
    .nullable()
    .optional(),
  region: z.string().trim().max(100).nullable().optional(),
  familyKeys: z.array(z.string()).max(20).optional(),
})
export type OrganisationInput = z.infer<typeof OrganisationInputSchema>

export const WaveOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  siren: z.string().nullable(),
  region: z.string().nullable(),
  familyKeys: z.array(z.string()),
  invitation: z.object({
    id: z.string(),
    link: z.string(),
    openedAt: z.string().nullable(),
    revoked: z.boolean(),
  }),
  response: z.object({
    status: z.enum(['not_started', 'in_progress', 'submitted']),
    submittedAt: z.string().nullable(),
    updatedAt: z.string(),
  }),
})
export type WaveOrganisation = z.infer<typeof WaveOrganisationSchema>

export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  written: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  rows: z.array(
    z.object({
      line: z.number().int(),
      action: z.enum(['create', 'update']),
      name: z.string(),
      email: z.string().nullable(),
      siren: z.string().nullable(),
      region: z.string().nullable(),
      familyKeys: z.array(z.string()),
    }),
  ),
})
export type ImportResult = z.infer<typeof ImportResultSchema>

const CountsSchema = z.object({
  invited: z.number().int(),
  opened: z.number().int(),
  started: z.number().int(),
  submitted: z.number().int(),
  /** AAPOR RR1 = I / invited; RR2 = (I + P) / invited; null when nobody is invited. */
  rr1: z.number().nullable(),
  rr2: z.number().nullable(),
})

export const ProgressSchema = z.object({
  totals: CountsSchema,
  families: z.array(CountsSchema.extend({ key: z.string(), labelFr: z.string(), labelEn: z.string() })),
  itemNonResponse: z.array(
    z.object({ name: z.string(), title: z.string(), eligible: z.number().int(), answered: z.number().int(), rate: z.number().nullable() }),
  ),
  submissionsPerDay: z.array(z.object({ date: z.string(), count: z.number().int() })),
  notStarted: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable() })),
})
export type Progress = z.infer<typeof ProgressSchema>
