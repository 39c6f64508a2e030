import type { Readable } from 'node:stream'
import { DimensionKeySchema, type CsvDialect, type DimensionKey, type IndicatorCell } from '@sonde/contracts'
import { indicatorCsvRows, indicatorsCsv, liveResults, publicCells, releaseResults, type WaveResults } from '@sonde/analysis'
import { findLatestRelease, findRelease, type Db, type ReleaseRow, type SessionUser, type WaveRow } from '@sonde/db'
import { AppError } from '../errors'

// A wave's results as each reader gets them, for the routes (JSON, CSV, data package) and the
// command line alike: which release, which cells, which file.

const dimensionKeys = DimensionKeySchema.options

/** `?dimension=`: one of the dimensions Sonde knows, or 400 UNKNOWN_DIMENSION listing them. */
export function parseDimension(value: string | undefined): DimensionKey | null {
  if (value === undefined) return null
  if ((dimensionKeys as readonly string[]).includes(value)) return value as DimensionKey
  throw new AppError('UNKNOWN_DIMENSION', `Unknown dimension "${value.slice(0, 40)}"; use one of ${dimensionKeys.join(', ')}.`, {
    allowed: dimensionKeys,
  })
}

/** Staff and admins read the live computation and the reasons of hidden cells; nobody else does. */
function isStaff(user: SessionUser | null): boolean {
  return user?.role === 'admin' || user?.role === 'staff'
}

/**
 * The release a reader asked for (`?release=`, `RELEASE_PARAMETER_PATTERN`): the latest — 409
 * RESULTS_NOT_RELEASED when the wave has none —, a release id of the wave — 404
 * RELEASE_NOT_FOUND for an unknown one —, or `live` for the computation now, for staff only
 * (403 FORBIDDEN for anyone else).
 */
export async function chosenRelease(db: Db, wave: WaveRow, user: SessionUser | null, release: string): Promise<ReleaseRow | 'live'> {
  if (release === 'live') {
    if (!isStaff(user)) throw new AppError('FORBIDDEN', 'The live computation is for staff only: read a release.')
    return 'live'
  }
  const row = release === 'latest' ? await findLatestRelease(db, wave.id) : await findRelease(db, wave.id, release)
  if (!row) throw new AppError(release === 'latest' ? 'RESULTS_NOT_RELEASED' : 'RELEASE_NOT_FOUND')
  return row
}

/** The cells of a release, or of the live computation, by family or crossed with `dimension`. */
export function resultsOf(db: Db, wave: WaveRow, release: ReleaseRow | 'live', dimension: DimensionKey | null): Promise<WaveResults> {
  return release === 'live' ? liveResults(db, wave, dimension) : releaseResults(db, release, dimension)
}

/** The results a reader asked for (`chosenRelease`). */
export async function readResults(db: Db, wave: WaveRow, user: SessionUser | null, release: string, dimension: DimensionKey | null): Promise<WaveResults> {
  return resultsOf(db, wave, await chosenRelease(db, wave, user, release), dimension)
}

/** The cells as this reader may see them: with reasons for staff, the public view for everyone else (and the command line). */
export function cellsFor(user: SessionUser | null, cells: readonly IndicatorCell[]): IndicatorCell[] {
  return isStaff(user) ? [...cells] : publicCells(cells)
}

/** `indicators.csv` of results, as this reader may see them. */
export function indicatorsCsvOf(
  wave: WaveRow,
  results: WaveResults,
  reader: { user: SessionUser | null; dimension?: DimensionKey | null; dialect: CsvDialect },
): Readable {
  const rows = indicatorCsvRows(wave.slug, cellsFor(reader.user, results.cells), results.definitions, reader.dimension ?? null)
  return indicatorsCsv(rows, { dialect: reader.dialect })
}
