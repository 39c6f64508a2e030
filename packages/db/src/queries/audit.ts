import type { Db } from '../connection'
import type { AuditEventsTable, JsonValue } from '../types'

/** Appends one event to the audit log (append-only: nothing in Sonde updates or deletes it). */
export async function recordAudit(
  db: Db,
  event: {
    actorType: AuditEventsTable['actor_type']
    actorId: string | null
    waveId: string | null
    action: string
    details?: Record<string, JsonValue>
  },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor_type: event.actorType,
      actor_id: event.actorId,
      wave_id: event.waveId,
      action: event.action,
      details: event.details ?? {},
    })
    .execute()
}
