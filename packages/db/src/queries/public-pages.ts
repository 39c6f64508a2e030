import type { Db } from '../connection'
import type { ReleaseRow, WaveRow } from '../types'

/** The open licences a public page's files are under (the table's check constraint). */
export type PublicPageLicence = 'etalab-2.0' | 'cc-by-4.0'

/** A wave's public page: which release it shows, under which licence, since when and by whom. */
export interface PublicPage {
  waveId: string
  releaseId: string
  licence: PublicPageLicence
  publishedAt: Date
  publishedBy: string | null
}

function toPublicPage(row: { wave_id: string; release_id: string; licence: PublicPageLicence; published_at: Date; published_by: string | null }): PublicPage {
  return { waveId: row.wave_id, releaseId: row.release_id, licence: row.licence, publishedAt: row.published_at, publishedBy: row.published_by }
}

/** The public page of a wave, if staff published one. */
export async function findPublicPage(db: Db, waveId: string): Promise<PublicPage | undefined> {
  const row = await db.selectFrom('public_pages').selectAll().where('wave_id', '=', waveId).executeTakeFirst()
  return row ? toPublicPage(row) : undefined
}

/**
 * The wave of a public slug with its page and the release the page shows; undefined when the
 * slug is unknown or the wave has no public page (the same answer for both).
 */
export async function findPublishedWave(db: Db, slug: string): Promise<{ wave: WaveRow; page: PublicPage; release: ReleaseRow } | undefined> {
  const wave = await db.selectFrom('waves').selectAll().where('slug', '=', slug).executeTakeFirst()
  if (!wave) return undefined
  const page = await findPublicPage(db, wave.id)
  if (!page) return undefined
  const release = await db.selectFrom('releases').selectAll().where('id', '=', page.releaseId).where('wave_id', '=', wave.id).executeTakeFirst()
  return release ? { wave, page, release } : undefined
}

/** Publishes a wave's public page on a release, or moves it to another release or licence (dated now). */
export async function savePublicPage(
  db: Db,
  page: { waveId: string; releaseId: string; licence: PublicPageLicence; publishedBy: string | null },
): Promise<PublicPage> {
  const values = { release_id: page.releaseId, licence: page.licence, published_by: page.publishedBy, published_at: new Date() }
  const row = await db
    .insertInto('public_pages')
    .values({ wave_id: page.waveId, ...values })
    .onConflict((oc) => oc.column('wave_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow()
  return toPublicPage(row)
}

/** Takes a wave's public page down; whether there was one. */
export async function deletePublicPage(db: Db, waveId: string): Promise<boolean> {
  const result = await db.deleteFrom('public_pages').where('wave_id', '=', waveId).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/**
 * Who was invited and who answered, as of a release, each organisation with the families it is
 * registered in: the invitations made by the release's date and not revoked by then, and the
 * organisations of the responses the release was computed from.
 */
export async function releaseParticipation(db: Db, release: ReleaseRow): Promise<{ invited: string[][]; submitted: string[][] }> {
  const invited = await db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select('o.family_keys as familyKeys')
    .where('i.wave_id', '=', release.wave_id)
    .where('i.created_at', '<=', release.published_at)
    .where((eb) => eb.or([eb('i.revoked_at', 'is', null), eb('i.revoked_at', '>', release.published_at)]))
    .execute()
  const submitted = await db
    .selectFrom('release_responses as rr')
    .innerJoin('responses as r', 'r.id', 'rr.response_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select('o.family_keys as familyKeys')
    .where('rr.release_id', '=', release.id)
    .execute()
  return { invited: invited.map((r) => r.familyKeys), submitted: submitted.map((r) => r.familyKeys) }
}
