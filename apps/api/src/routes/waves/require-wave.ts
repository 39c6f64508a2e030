import { z } from 'zod'
import { findWaveById, type Db, type Wave } from '@sonde/db'
import { AppError } from '../../errors'

/** `:id` of the routes under /api/waves/{id}: any string; an unknown or malformed id is a 404. */
export const WaveParamsSchema = z.object({ id: z.string().max(100) })

/** The wave of a route, or 404 WAVE_NOT_FOUND. */
export async function requireWave(db: Db, id: string): Promise<Wave> {
  const wave = await findWaveById(db, id)
  if (!wave) throw new AppError('WAVE_NOT_FOUND')
  return wave
}
