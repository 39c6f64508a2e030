import type { DimensionValue, IndicatorCell, IndicatorMeta, ReleaseSummary } from '@sonde/contracts'
import { findReleaseTable, type Db, type ReleaseRow, type WaveRow } from '@sonde/db'
import { computeIndicators } from '../compute/compute-indicators'
import type { DimensionKey } from '../dimensions/dimensions'
import { effectiveMinCellSize } from '../disclosure/disclosure'
import type { IndicatorDefinition } from '../indicators/types'
import { describeIndicator, loadWaveInputs, waveDimension } from './wave-inputs'

/**
 * A wave's results as one reader gets them: the cells of a release (what everyone but staff
 * reads), or the live computation (staff only, provisional). The cells are the staff view —
 * reasons kept; pass them through `publicCells` for anyone else.
 */
export interface WaveResults {
  source: 'release' | 'live'
  release: ReleaseRow | null
  definitions: IndicatorDefinition[]
  indicators: IndicatorMeta[]
  dimensionValues: DimensionValue[]
  minCellSize: number
  pPercent: number
  cells: IndicatorCell[]
}

/** A release as the API describes it. */
export function releaseSummary(release: ReleaseRow): ReleaseSummary {
  return {
    id: release.id,
    waveId: release.wave_id,
    number: release.number,
    publishedAt: release.published_at.toISOString(),
    note: release.note,
    responses: release.responses,
    minCellSize: release.min_cell_size,
    pPercent: release.p_percent,
  }
}

/** One table of a release — by family (`dimension` null) or crossed with a dimension — exactly as it was published. */
export async function releaseResults(db: Db, release: ReleaseRow, dimension: DimensionKey | null): Promise<WaveResults> {
  const table = await findReleaseTable(db, release.id, dimension)
  return {
    source: 'release',
    release,
    definitions: release.definitions as unknown as IndicatorDefinition[],
    indicators: release.indicators as unknown as IndicatorMeta[],
    dimensionValues: (table?.dimensionValues ?? []) as unknown as DimensionValue[],
    minCellSize: release.min_cell_size,
    pPercent: release.p_percent,
    cells: (table?.cells ?? []) as unknown as IndicatorCell[],
  }
}

/** The live computation of a wave's cells now, with the rules of its settings (staff only: provisional). */
export async function liveResults(db: Db, wave: WaveRow, dimensionKey: DimensionKey | null): Promise<WaveResults> {
  const inputs = await loadWaveInputs(db, wave)
  const dimension = waveDimension(dimensionKey, inputs.questions)
  const cells = await computeIndicators(db, wave.id, inputs.definitions, {
    minCellSize: inputs.minCellSize,
    pPercent: inputs.pPercent,
    questions: inputs.questions,
    dimension,
  })
  return {
    source: 'live',
    release: null,
    definitions: inputs.definitions,
    indicators: inputs.definitions.map((d) => describeIndicator(d, inputs.questions)),
    dimensionValues: dimension?.values ?? [],
    minCellSize: effectiveMinCellSize(inputs.minCellSize),
    pPercent: inputs.pPercent,
    cells,
  }
}
