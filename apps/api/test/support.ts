import { crc32, inflateRawSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import pg from 'pg'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { createInvitation, createOrganisation, createUser, type JsonValue, type Role, type WaveStatus } from '@sonde/db'
import { hashPassword } from '../src/accounts/password'
import { buildApp } from '../src/app'
import type { AppConfig } from '../src/config'
import { createWaveWithDefaults } from '../src/waves/new-wave'

export const testBaseUrl = 'http://sonde.test'
export const testLinkSecret = 'test-link-secret-of-at-least-32-characters'

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl,
    baseUrl: testBaseUrl,
    linkSecret: testLinkSecret,
    smtp: null,
    outboxIntervalMs: 0,
    // The scheduler moves waves only when a test calls `app.schedule.tick()`.
    scheduleIntervalMs: 0,
    logLevel: 'silent',
    trustProxy: false,
    sessionIdleMinutes: 120,
    sessionMaxHours: 12,
    webDist: null,
    ...overrides,
  }
}

export interface TestContext {
  database: TestDatabase
  app: FastifyInstance
  close(): Promise<void>
}

/** A fresh migrated database (embedded, or the server of TEST_DATABASE_URL) and the app on it. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestContext> {
  const database = await createTestDatabase()
  const app = await buildApp(testConfig(database.url, overrides))
  return {
    database,
    app,
    async close() {
      await app.close()
      await database.drop()
    },
  }
}

/** A wave with the default 2025 questionnaire, families and indicators. */
export async function waveFactory(database: TestDatabase, options: { status?: WaveStatus; slug?: string; minCellSize?: number; questionnaire?: unknown } = {}) {
  return database.db.transaction().execute((trx) =>
    createWaveWithDefaults(trx, {
      slug: options.slug ?? `wave-${Math.random().toString(36).slice(2, 8)}`,
      title: 'Vague de test',
      status: options.status ?? 'open',
      settings: options.minCellSize ? { minCellSize: options.minCellSize } : {},
      questionnaire: options.questionnaire,
    }),
  )
}

/** An organisation invited to a wave; returns the link token. */
export async function inviteFactory(
  database: TestDatabase,
  waveId: string,
  org: { name?: string; familyKeys?: string[] } = {},
): Promise<{ token: string; organisationId: string }> {
  return database.db.transaction().execute(async (trx) => {
    const created = await createOrganisation(trx, {
      name: org.name ?? `Organisation ${Math.random().toString(36).slice(2, 8)}`,
      familyKeys: org.familyKeys ?? ['insertion'],
    })
    const { token } = await createInvitation(trx, testLinkSecret, waveId, created.id)
    return { token, organisationId: created.id }
  })
}

export async function userFactory(database: TestDatabase, role: Role, password = 'correct horse battery') {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.org`
  await createUser(database.db, { email, passwordHash: await hashPassword(password), role })
  return { email, password }
}

/** Logs in and returns the Cookie header to send with the next requests. */
export async function loginCookie(app: FastifyInstance, credentials: { email: string; password: string }) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: credentials })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'sonde_session')
  if (!cookie) throw new Error('no session cookie')
  return `sonde_session=${cookie.value}`
}

/** Answers that satisfy every required question of the default questionnaire, for one family. */
export function completeAnswers(family = 'insertion'): Record<string, unknown> {
  return {
    nom_organisation: 'Atelier Test',
    forme_juridique: 'association',
    agrement_esus: 'oui',
    region: 'bretagne',
    annee_creation: 2010,
    familles: [family],
    budget_annuel: 250000,
    salaries_nombre: 8,
    gouvernance_democratique: true,
    consentement: true,
  }
}

/**
 * Until a request waits on a lock the test holds (PostgreSQL; at most 5 s, after which the test
 * goes on and its assertions tell). The embedded engine runs one transaction at a time: every
 * request waits for the test's, so a short pause is enough there.
 */
export async function untilWaitingOnALock(database: TestDatabase): Promise<void> {
  if (database.engine !== 'postgres') return new Promise((resolve) => setTimeout(resolve, 300))
  const observer = new pg.Client({ connectionString: database.url })
  await observer.connect()
  try {
    for (let waited = 0; waited < 5000; waited += 20) {
      const { rows } = await observer.query<{ waiting: number }>('select count(*)::int as waiting from pg_locks where not granted')
      if (rows[0]!.waiting > 0) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await observer.end()
  }
}

/** Marks a new invited organisation's response as submitted with these answers, as a submission records it; returns its link's token. */
export async function submittedFactory(database: TestDatabase, waveId: string, answers: Record<string, unknown>, familyKeys: string[]) {
  const { organisationId, token } = await inviteFactory(database, waveId, { familyKeys })
  const { id } = await database.db
    .updateTable('responses')
    .set({ status: 'submitted', answers: answers as Record<string, JsonValue>, submitted_at: new Date(), revision: 1 })
    .where('organisation_id', '=', organisationId)
    .returning('id')
    .executeTakeFirstOrThrow()
  await database.db
    .insertInto('submissions')
    .values({ response_id: id, idempotency_key: 'first', revision: 1, answers: answers as Record<string, JsonValue> })
    .execute()
  return token
}

/** The files of a ZIP archive, read from its central directory; each CRC-32 checked. */
export function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = archive.readUInt16LE(end + 10)
  let at = archive.readUInt32LE(end + 16)
  const files = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50)
    const method = archive.readUInt16LE(at + 10)
    const crc = archive.readUInt32LE(at + 16)
    const compressedSize = archive.readUInt32LE(at + 20)
    const nameLength = archive.readUInt16LE(at + 28)
    const extraLength = archive.readUInt16LE(at + 30)
    const commentLength = archive.readUInt16LE(at + 32)
    const local = archive.readUInt32LE(at + 42)
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28)
    const data = archive.subarray(dataStart, dataStart + compressedSize)
    const content = method === 8 ? inflateRawSync(data) : Buffer.from(data)
    expect(crc32(content) >>> 0, name).toBe(crc)
    files.set(name, content)
    at += 46 + nameLength + extraLength + commentLength
  }
  return files
}
