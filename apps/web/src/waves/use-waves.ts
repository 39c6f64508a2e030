import type { Wave, WaveList } from '@sonde/contracts'
import { useApi, type Loaded } from '../api/use-api'

/** The waves the signed-in person may see (`GET /api/waves`). */
export function useWaves(): Loaded<Wave[]> {
  const loaded = useApi<WaveList>('/api/waves')
  return loaded.kind === 'ready' ? { kind: 'ready', data: loaded.data.waves } : loaded
}
