import { z } from 'zod'
import { WaveStatusSchema } from './respondent'

// A wave's calendar: the planned opening and closing, and reminders a number of days before the
// closing. The scheduler of the API (apps/api/src/waves/schedule-job.ts) carries it out.

/** Scheduled reminders: each a number of days before the closing, at most `maxCount` of them. */
export const REMINDER_DAYS_RANGE = { min: 0, max: 90, maxCount: 5 } as const

/** The hour (Europe/Paris) at which a scheduled reminder goes, on its day: mail read in the morning, never at midnight. */
export const REMINDER_HOUR_PARIS = 9

/** The days before the closing on which reminders go: whole days 0–90, each once, at most 5. */
export const ReminderDaysSchema = z
  .array(z.number().int().min(REMINDER_DAYS_RANGE.min).max(REMINDER_DAYS_RANGE.max))
  .max(REMINDER_DAYS_RANGE.maxCount)
  .refine((days) => new Set(days).size === days.length, 'each day at most once')

/** A planned moment: an ISO date-time with its offset ("2026-03-15T23:59:00+01:00" or "…Z"). */
export const WaveDateTimeSchema = z.iso.datetime({ offset: true })

const PlannedStepSchema = z.object({
  kind: z.enum(['open', 'close', 'reminder']),
  /** When the scheduler will do it (ISO, UTC). */
  at: z.string(),
  /** For a reminder, its number of days before the closing. */
  daysBefore: z.number().int().nullable(),
})

export const WaveScheduleSchema = z.object({
  status: WaveStatusSchema,
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  reminderDays: z.array(z.number().int()),
  /** What the scheduler will do next, in time order. */
  planned: z.array(PlannedStepSchema),
  /**
   * Why a planned opening that is due has not happened: its closing has passed too (the server
   * was down the whole time; the wave stays a draft), or the wave has no questionnaire yet.
   */
  blocked: z.enum(['closing_passed', 'no_questionnaire']).nullable(),
  /** Scheduled reminders already handled since the wave opened (whatever closing date they were planned for), oldest first. */
  sent: z.array(
    z.object({
      daysBefore: z.number().int(),
      sentAt: z.string(),
      /** How many organisations it was sent to; 0 when a later reminder replaced it (the server was down when it was due). */
      recipients: z.number().int(),
      superseded: z.boolean(),
    }),
  ),
})
export type WaveSchedule = z.infer<typeof WaveScheduleSchema>
