import type { Db } from '../connection'
import type { JsonValue, ResponseStatus } from '../types'

export interface ProgressRow {
  organisationId: string
  responseId: string
  name: string
  email: string | null
  familyKeys: string[]
  openedAt: Date | null
  status: ResponseStatus
  revision: number
  /** Answers of responses in progress or submitted (null when not started). */
  answers: Record<string, JsonValue>
  applicableQuestions: string[] | null
  submittedAt: Date | null
}

/** One row per organisation invited to a wave (revoked links excluded), for response tracking. */
export async function listProgressRows(db: Db, waveId: string): Promise<ProgressRow[]> {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .innerJoin('responses as r', (join) => join.onRef('r.wave_id', '=', 'i.wave_id').onRef('r.organisation_id', '=', 'i.organisation_id'))
    .select([
      'o.id as organisationId',
      'r.id as responseId',
      'o.name',
      'o.email',
      'o.family_keys as familyKeys',
      'i.opened_at as openedAt',
      'r.status',
      'r.revision',
      'r.answers',
      'r.applicable_questions as applicableQuestions',
      'r.submitted_at as submittedAt',
    ])
    .where('i.wave_id', '=', waveId)
    .where('i.revoked_at', 'is', null)
    .orderBy('o.name')
    .execute()
}
