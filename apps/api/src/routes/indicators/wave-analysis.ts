import { z } from 'zod'
import type { IndicatorCell } from '@sonde/contracts'
import {
  DIMENSION_KEYS,
  liveResults,
  publicCells,
  releaseResults,
  type DimensionKey,
  type WaveResults,
} from '@sonde/analysis'
import { findLatestRelease, findRelease, type Db, type SessionUser, type Wave } from '@sonde/db'
import { AppError } from '../../errors'

/** `?dimension=`: one of the dimensions Sonde knows, or 400 UNKNOWN_DIMENSION listing them. */
export function parseDimension(value: string | undefined): DimensionKey | null {
  if (value === undefined) return null
  if ((DIMENSION_KEYS as readonly string[]).includes(value)) return value as DimensionKey
  throw new AppError('UNKNOWN_DIMENSION', `Unknown dimension "${value.slice(0, 40)}"; use one of ${DIMENSION_KEYS.join(', ')}.`, {
    allowed: DIMENSION_KEYS,
  })
}

/**
 * `?release=`: `latest` (the default), a release id of the wave, or `live` — the computation now,
 * provisional, for staff only.
 */
export const ReleaseQuery = z
  .string()
  .max(100)
  .regex(/^(latest|live|[0-9a-fA-F-]{36})$/, 'latest, live or a release id')
  .default('latest')

/** Staff and admins read the live computation and the reasons of hidden cells; nobody else does. */
export function isStaff(user: SessionUser | null): boolean {
  return user?.role === 'admin' || user?.role === 'staff'
}

/**
 * The results a reader asked for: a release of the wave (the latest by default) — 404
 * RELEASE_NOT_FOUND for an unknown one, 409 RESULTS_NOT_RELEASED when the wave has none — or the
 * live computation, for staff only (403 FORBIDDEN for anyone else).
 */
export async function readResults(
  db: Db,
  wave: Wave,
  user: SessionUser | null,
  release: string,
  dimension: DimensionKey | null,
): Promise<WaveResults> {
  if (release === 'live') {
    if (!isStaff(user)) throw new AppError('FORBIDDEN', 'The live computation is for staff only: read a release.')
    return liveResults(db, wave, dimension)
  }
  const row = release === 'latest' ? await findLatestRelease(db, wave.id) : await findRelease(db, wave.id, release)
  if (!row) throw new AppError(release === 'latest' ? 'RESULTS_NOT_RELEASED' : 'RELEASE_NOT_FOUND')
  return releaseResults(db, row, dimension)
}

/** The cells as this reader may see them: with reasons for staff, the public view for everyone else. */
export function cellsFor(user: SessionUser | null, cells: readonly IndicatorCell[]): IndicatorCell[] {
  return isStaff(user) ? [...cells] : publicCells(cells)
}
