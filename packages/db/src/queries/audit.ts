import { auditActionsOfKind, type AuditAction, type AuditEvent, type AuditKind } from '@sonde/contracts'
import { sql } from 'kysely'
import type { Db } from '../connection'
import type { AuditEventsTable, JsonValue } from '../types'

/** Appends one event to the audit log (append-only: nothing in Sonde updates or deletes it). */
export async function recordAudit(
  db: Db,
  event: {
    actorType: AuditEventsTable['actor_type']
    actorId: string | null
    waveId: string | null
    action: AuditAction
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

export interface AuditEntry {
  id: string
  at: Date
  actorType: 'user' | 'respondent' | 'system'
  actorId: string | null
  actorEmail: string | null
  waveId: string | null
  organisationName: string | null
  action: string
  details: Record<string, JsonValue>
}

/** An audit entry as admins read it. */
export function toAuditEvent(entry: AuditEntry): AuditEvent {
  return { ...entry, at: entry.at.toISOString() }
}

/**
 * The audit log, newest first, filtered; `before` pages by id. Each event carries the name of the
 * organisation it is about: the respondent who acted, or the one its details name (`organisationId`).
 */
export async function listAudit(
  db: Db,
  filter: { waveId?: string; action?: string; kind?: AuditKind; actorId?: string; before?: string; from?: Date; to?: Date; limit: number },
): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', (join) => join.on((eb) => eb(eb.cast('u.id', 'text'), '=', eb.ref('a.actor_id'))))
    .leftJoin('organisations as o', (join) =>
      join.on((eb) =>
        eb(
          eb.cast('o.id', 'text'),
          '=',
          sql<string>`coalesce(case when ${eb.ref('a.actor_type')} = 'respondent' then ${eb.ref('a.actor_id')} end, ${eb.ref('a.details')} ->> 'organisationId')`,
        ),
      ),
    )
    .select([
      'a.id',
      'a.at',
      'a.actor_type as actorType',
      'a.actor_id as actorId',
      'u.email as actorEmail',
      'a.wave_id as waveId',
      'o.name as organisationName',
      'a.action',
      'a.details',
    ])
    .orderBy('a.id', 'desc')
    .limit(filter.limit)
  if (filter.waveId) query = query.where('a.wave_id', '=', filter.waveId)
  if (filter.action) query = query.where('a.action', 'like', `${filter.action.replace(/[%_\\]/g, '\\$&')}%`)
  if (filter.kind) query = query.where('a.action', 'in', auditActionsOfKind(filter.kind))
  if (filter.actorId) query = query.where('a.actor_id', '=', filter.actorId)
  if (filter.before) query = query.where('a.id', '<', filter.before)
  if (filter.from) query = query.where('a.at', '>=', filter.from)
  if (filter.to) query = query.where('a.at', '<', filter.to)
  const rows = await query.execute()
  return rows.map((r) => ({ ...r, id: String(r.id) }))
}
