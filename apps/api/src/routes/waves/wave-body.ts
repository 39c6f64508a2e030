import type { Wave as WaveBody } from '@sonde/contracts'
import { waveSettings, type Family, type Wave } from '@sonde/db'
import { defaultTemplates } from '../../mail/templates'

/** A wave row and its families as the API shows them (camelCase, ISO dates). */
export function waveBody(wave: Wave, families: Family[]): WaveBody {
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
    families: families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en })),
    createdAt: wave.created_at.toISOString(),
  }
}
