import type { WaveStatus } from '@sonde/contracts'
import { t } from '../i18n'

export function waveStatusLabel(status: WaveStatus): string {
  return t(`wave.status.${status}`)
}
