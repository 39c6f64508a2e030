import { z } from 'zod'
import { FamilySchema, WaveStatusSchema } from './respondent'

export const WaveSettingsSchema = z.object({
  minCellSize: z.number().int().min(3).max(100),
  editAfterSubmit: z.boolean(),
  openLink: z.boolean(),
  retentionUntil: z.string().nullable(),
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
