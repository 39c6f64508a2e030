import { z } from 'zod'

/** `GET /api/health` while the database takes writes. */
export const HealthSchema = z.object({ status: z.literal('ok'), db: z.literal('ok') })

/** `GET /api/health` with 503: why the database takes no writes now. */
export const UnhealthySchema = z.object({
  status: z.literal('unavailable'),
  db: z.enum(['unreachable', 'full', 'read-only']),
  code: z.enum(['DATABASE_UNAVAILABLE', 'STORAGE_FULL', 'STORAGE_READ_ONLY']),
  message: z.string(),
})
export type Unhealthy = z.infer<typeof UnhealthySchema>
