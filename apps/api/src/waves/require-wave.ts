import { findWaveById, type Db, type WaveRow } from '@sonde/db'
import { AppError } from '../errors'

/** The wave a route names by id (`WaveParamsSchema`), or 404 WAVE_NOT_FOUND — for an unknown and a malformed id alike. */
export async function requireWave(db: Db, id: string): Promise<WaveRow> {
  const wave = await findWaveById(db, id)
  if (!wave) throw new AppError('WAVE_NOT_FOUND')
  return wave
}
