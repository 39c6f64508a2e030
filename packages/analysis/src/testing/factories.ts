import { randomBytes } from 'node:crypto'
import type { Db, JsonValue, ResponseStatus, WaveSettings } from '@sonde/db'

/** Small factories for integration tests: plain inserts, returning what a test needs. */

export async function createWave(db: Db, settings: Partial<WaveSettings> = {}): Promise<string> {
  const slug = `wave-${randomBytes(4).toString('hex')}`
  const { id } = await db
    .insertInto('waves')
    .values({ slug, title: `Vague ${slug}`, status: 'open', settings })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function createFamilies(db: Db, waveId: string, keys: readonly string[]): Promise<void> {
  await db
    .insertInto('families')
    .values(keys.map((key, position) => ({ wave_id: waveId, key, label_fr: key, label_en: key, position })))
    .execute()
}

async function createOrganisation(db: Db, familyKeys: readonly string[] = []): Promise<string> {
  const { id } = await db
    .insertInto('organisations')
    .values({ name: `Organisation ${randomBytes(4).toString('hex')}`, family_keys: [...familyKeys] })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/**
 * An organisation and its response to a wave; the response's families are its `familles` answer
 * (also recorded on the organisation when it is an array of keys).
 */
export async function createResponse(db: Db, waveId: string, answers: Record<string, JsonValue>, status: ResponseStatus = 'submitted'): Promise<string> {
  const familles = answers.familles
  const familyKeys = Array.isArray(familles) ? familles.filter((f): f is string => typeof f === 'string') : []
  const organisationId = await createOrganisation(db, familyKeys)
  const { id } = await db
    .insertInto('responses')
    .values({
      wave_id: waveId,
      organisation_id: organisationId,
      status,
      answers,
      submitted_at: status === 'submitted' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}
