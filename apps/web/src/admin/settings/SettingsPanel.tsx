import type { Wave } from '@sonde/contracts'
import { useRef } from 'react'
import { t } from '../../i18n'
import { usePageHeading } from '../routing/page-heading'
import { CopyWave } from './CopyWave'
import { FamiliesForm } from './FamiliesForm'
import { GeneralSettingsForm } from './GeneralSettingsForm'
import { RetentionPreview } from './RetentionPreview'
import { ScheduleForm } from './ScheduleForm'
import { TemplatesForm } from './TemplatesForm'

/** Paramètres: each block saves on its own, so that a mistake in one never loses the others. */
export function SettingsPanel({ wave, onChange }: { wave: Wave; onChange(wave: Wave): void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, `${t('admin.tab.settings')} — ${wave.title}`)
  return (
    <section aria-labelledby="settings-title" className="tab-panel">
      <h2 id="settings-title" ref={heading} tabIndex={-1}>
        {t('admin.tab.settings')}
      </h2>
      <GeneralSettingsForm wave={wave} onChange={onChange} />
      {/* Mounted again when the wave opens or closes: what it shows and allows depends on its status. */}
      <ScheduleForm key={wave.status} wave={wave} onChange={onChange} />
      {/* Counted again whenever the retention date changes. */}
      <RetentionPreview key={wave.settings.retentionUntil ?? ''} wave={wave} />
      <FamiliesForm wave={wave} onChange={onChange} />
      <TemplatesForm wave={wave} onChange={onChange} />
      <CopyWave wave={wave} />
    </section>
  )
}
