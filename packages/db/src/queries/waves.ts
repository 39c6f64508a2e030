import { sql, type Transaction } from 'kysely'
import { defaultTemplates, defaultWaveSettings, type Family, type Wave } from '@sonde/contracts'
import type { Db } from '../connection'
import type { Database, FamilyRow, JsonValue, MessageTemplate, WaveRow, WaveSettings, WaveStatus } from '../types'

/**
 * A wave's settings with the defaults filled in (`defaultWaveSettings` of @sonde/contracts): a
 * wave stores only what was set, and rows written before a setting existed lack it. The e-mail
 * templates stay as set (`toWave` shows the default ones in their place).
 */
export function waveSettings(wave: Pick<WaveRow, 'settings'>): WaveSettings {
  return { ...defaultWaveSettings, ...wave.settings }
}

/**
 * A wave's status as its respondents see it at `now`: an open wave whose closing has come is
 * closed to them at once, though the scheduler records the closing only at its next pass (up to
 * the scheduler's interval later) — the wave closes at its date, not up to a pass after it.
 */
export function statusForRespondents(wave: Pick<WaveRow, 'status' | 'closes_at'>, now: Date): WaveStatus {
  return wave.status === 'open' && wave.closes_at !== null && wave.closes_at <= now ? 'closed' : wave.status
}

/** A wave and its families as the API shows them: camelCase, ISO dates, every setting and template filled in. */
export function toWave(wave: WaveRow, families: readonly FamilyRow[]): Wave {
  return {
    id: wave.id,
    slug: wave.slug,
    title: wave.title,
    status: wave.status,
    opensAt: wave.opens_at?.toISOString() ?? null,
    closesAt: wave.closes_at?.toISOString() ?? null,
    settings: {
      ...waveSettings(wave),
      templates: {
        invitation: wave.settings.templates?.invitation ?? defaultTemplates.invitation,
        reminder: wave.settings.templates?.reminder ?? defaultTemplates.reminder,
      },
    },
    families: families.map(toFamily),
    createdAt: wave.created_at.toISOString(),
  }
}

/** A family of a wave as the API shows it. */
export function toFamily(family: FamilyRow): Family {
  return { key: family.key, labelFr: family.label_fr, labelEn: family.label_en }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A wave by id; a malformed id is simply not found (no 500 from PostgreSQL's uuid cast). */
export async function findWaveById(db: Db, id: string): Promise<WaveRow | undefined> {
  if (!uuidPattern.test(id)) return undefined
  return db.selectFrom('waves').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findWaveBySlug(db: Db, slug: string): Promise<WaveRow | undefined> {
  return db.selectFrom('waves').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function listWaves(db: Db): Promise<WaveRow[]> {
  return db.selectFrom('waves').selectAll().orderBy('created_at', 'desc').orderBy('slug').execute()
}

export async function createWave(
  db: Db,
  wave: { slug: string; title: string; status?: WaveStatus; settings?: SettingsChanges; isDemo?: boolean },
): Promise<WaveRow> {
  return db
    .insertInto('waves')
    .values({
      slug: wave.slug,
      title: wave.title,
      status: wave.status ?? 'draft',
      settings: mergeSettings(defaultWaveSettings, wave.settings ?? {}),
      is_demo: wave.isDemo ?? false,
      opens_at: wave.status === 'open' ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * The statuses a wave may be moved to by hand, and from which: draft → open → closed →
 * archived, and closed → open (a reopening, logged).
 */
const WAVE_MOVES_FROM: Readonly<Record<WaveStatus, readonly WaveStatus[]>> = {
  draft: [],
  open: ['draft', 'closed'],
  closed: ['open'],
  archived: ['closed'],
}

/**
 * Locks a wave's row until the end of the transaction and gives it as it is then (undefined: no
 * such wave). What is checked on the row, then written, cannot change in between: the scheduler
 * and every other writer of the wave wait.
 */
export async function lockWave(trx: Transaction<Database>, id: string): Promise<WaveRow | undefined> {
  return trx.selectFrom('waves').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/**
 * A move of the wave by hand, made only from a status it is allowed from (`WAVE_MOVES_FROM`);
 * undefined when the wave is in another (another request, or the scheduler, moved it first).
 * Opening records the moment in `opens_at` and keeps a planned closing that is still ahead (one
 * already past is dropped: the scheduler would close the wave again at once); closing records
 * the moment in `closes_at`.
 */
export async function setWaveStatus(db: Db, id: string, status: WaveStatus): Promise<WaveRow | undefined> {
  const now = new Date()
  const from = WAVE_MOVES_FROM[status]
  if (from.length === 0) return undefined
  return db
    .updateTable('waves')
    .set((eb) => ({
      status,
      ...(status === 'open'
        ? {
            opens_at: now,
            closes_at: eb.case().when('closes_at', '>', now).then(eb.ref('closes_at')).else(null).end(),
          }
        : {}),
      ...(status === 'closed' ? { closes_at: now } : {}),
    }))
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst()
}

export async function listFamilies(db: Db, waveId: string): Promise<FamilyRow[]> {
  return db.selectFrom('families').selectAll().where('wave_id', '=', waveId).orderBy('position').execute()
}

/** Families of several waves at once, grouped by wave id. */
export async function listFamiliesOfWaves(db: Db, waveIds: string[]): Promise<Map<string, FamilyRow[]>> {
  const byWave = new Map<string, FamilyRow[]>(waveIds.map((id) => [id, []]))
  if (waveIds.length === 0) return byWave
  const rows = await db.selectFrom('families').selectAll().where('wave_id', 'in', waveIds).orderBy('position').execute()
  for (const row of rows) byWave.get(row.wave_id)?.push(row)
  return byWave
}

export async function replaceFamilies(db: Db, waveId: string, families: readonly Family[]): Promise<void> {
  await db.deleteFrom('families').where('wave_id', '=', waveId).execute()
  if (families.length === 0) return
  await db
    .insertInto('families')
    .values(
      families.map((f, position) => ({
        wave_id: waveId,
        key: f.key,
        label_fr: f.labelFr,
        label_en: f.labelEn,
        position,
      })),
    )
    .execute()
}

export interface QuestionnaireVersion {
  id: string
  version: number
  definition: JsonValue
}

export async function findCurrentQuestionnaire(db: Db, waveId: string): Promise<QuestionnaireVersion | undefined> {
  return db
    .selectFrom('questionnaires')
    .select(['id', 'version', 'definition'])
    .where('wave_id', '=', waveId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** A questionnaire version by its id (versions never change: callers may keep it). */
export async function findQuestionnaireById(db: Db, id: string): Promise<QuestionnaireVersion | undefined> {
  return db.selectFrom('questionnaires').select(['id', 'version', 'definition']).where('id', '=', id).executeTakeFirst()
}

/** One version of a wave's questionnaire (a release keeps the version it was computed with). */
export async function findQuestionnaireVersion(db: Db, waveId: string, version: number): Promise<QuestionnaireVersion | undefined> {
  return db.selectFrom('questionnaires').select(['id', 'version', 'definition']).where('wave_id', '=', waveId).where('version', '=', version).executeTakeFirst()
}

/**
 * Stores a new version of a wave's questionnaire (versions are never overwritten), with who saved
 * it and their change note (none for versions the system makes: a new wave, a copy).
 */
export async function saveQuestionnaire(
  db: Db,
  waveId: string,
  definition: JsonValue,
  saved: { authorId: string | null; note: string | null } = { authorId: null, note: null },
): Promise<QuestionnaireVersion> {
  return db
    .insertInto('questionnaires')
    .values({
      wave_id: waveId,
      definition,
      author_id: saved.authorId,
      note: saved.note,
      version: sql<number>`(select coalesce(max(version), 0) + 1 from questionnaires where wave_id = ${waveId})`,
    })
    .returning(['id', 'version', 'definition'])
    .executeTakeFirstOrThrow()
}

export async function listIndicatorDefinitions(db: Db, waveId: string): Promise<JsonValue[]> {
  const rows = await db.selectFrom('indicators').select('definition').where('wave_id', '=', waveId).orderBy('position').execute()
  return rows.map((r) => r.definition)
}

export async function replaceIndicatorDefinitions(db: Db, waveId: string, definitions: { id: string; definition: JsonValue }[]): Promise<void> {
  await db.deleteFrom('indicators').where('wave_id', '=', waveId).execute()
  if (definitions.length === 0) return
  await db
    .insertInto('indicators')
    .values(definitions.map((d, position) => ({ wave_id: waveId, key: d.id, position, definition: d.definition })))
    .execute()
}

/** Settings to change; a template set to null goes back to the default. */
export type SettingsChanges = Omit<Partial<WaveSettings>, 'templates'> & {
  templates?: { invitation?: MessageTemplate | null; reminder?: MessageTemplate | null }
}

/**
 * New settings over the current ones; a template set to null goes back to the default
 * (it is removed, and the default applies where it is used).
 */
function mergeSettings(current: WaveSettings, changes: SettingsChanges): WaveSettings {
  const { templates, ...rest } = changes
  const merged: WaveSettings = { ...current, ...rest }
  if (templates) {
    const next = { ...current.templates }
    for (const kind of ['invitation', 'reminder'] as const) {
      if (templates[kind] === null) delete next[kind]
      else if (templates[kind]) next[kind] = templates[kind]
    }
    merged.templates = next
  }
  return merged
}

/** Changes of a wave: its title, its planned opening and closing (null = none), its settings. */
export async function updateWave(
  db: Db,
  id: string,
  changes: { title?: string; opensAt?: string | null; closesAt?: string | null; settings?: SettingsChanges },
): Promise<WaveRow> {
  const current = await db.selectFrom('waves').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  if (changes.title === undefined && changes.opensAt === undefined && changes.closesAt === undefined && !changes.settings) return current
  return db
    .updateTable('waves')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.opensAt !== undefined ? { opens_at: changes.opensAt } : {}),
      ...(changes.closesAt !== undefined ? { closes_at: changes.closesAt } : {}),
      ...(changes.settings ? { settings: mergeSettings(waveSettings(current), changes.settings) } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Next year's draft from a wave: its questionnaire (latest version), families, indicators and
 * settings; no organisations, invitations or responses.
 */
export async function copyWave(trx: Transaction<Database>, sourceId: string, target: { slug: string; title: string }): Promise<WaveRow> {
  const source = await trx.selectFrom('waves').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow()
  const wave = await createWave(trx, { slug: target.slug, title: target.title, settings: waveSettings(source) })
  const families = await listFamilies(trx, sourceId)
  await replaceFamilies(trx, wave.id, families.map(toFamily))
  const questionnaire = await findCurrentQuestionnaire(trx, sourceId)
  if (questionnaire) await saveQuestionnaire(trx, wave.id, questionnaire.definition)
  const indicators = await trx.selectFrom('indicators').select(['key', 'definition']).where('wave_id', '=', sourceId).orderBy('position').execute()
  await replaceIndicatorDefinitions(
    trx,
    wave.id,
    indicators.map((i) => ({ id: i.key, definition: i.definition })),
  )
  return wave
}

/** Whether any wave exists (an empty database gets the demo wave). */
export async function anyWaveExists(db: Db): Promise<boolean> {
  return (await db.selectFrom('waves').select('id').limit(1).executeTakeFirst()) !== undefined
}

/** Whether a slug is already used by a wave. */
export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('waves').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
}
