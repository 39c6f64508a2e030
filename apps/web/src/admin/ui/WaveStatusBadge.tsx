import type { WaveStatus } from '@sonde/contracts'
import { waveStatusLabel } from '../../waves/wave-status'

/** The state of a wave, in words (colour only repeats them). */
export function WaveStatusBadge({ status }: { status: WaveStatus }) {
  return <span className={`badge badge--${status}`}>{waveStatusLabel(status)}</span>
}
