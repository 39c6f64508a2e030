import type { Wave } from '@sonde/contracts'
import { t, type MessageKey } from '../../i18n'
import { InvitationsPanel } from '../invitations/InvitationsPanel'
import { MembersPanel } from '../members/MembersPanel'
import { QuestionnairePanel } from '../questionnaire/QuestionnairePanel'
import { IndicatorsPanel } from '../indicators/IndicatorsPanel'
import { ReleasesPanel } from '../releases/ReleasesPanel'
import { Link } from '../routing/Link'
import { waveTabs, type WaveTab } from '../routing/routes'
import { SettingsPanel } from '../settings/SettingsPanel'
import { TrackingPanel } from '../tracking/TrackingPanel'
import { LoadingOr } from '../ui/LoadingOr'
import { WaveStatusBadge } from '../ui/WaveStatusBadge'
import { useResource } from '../../api/use-api'
import { WaveLifecycle } from './WaveLifecycle'

export const tabLabels: Record<WaveTab, MessageKey> = {
  settings: 'admin.tab.settings',
  questionnaire: 'admin.tab.questionnaire',
  members: 'admin.tab.members',
  invitations: 'admin.tab.invitations',
  tracking: 'admin.tab.tracking',
  results: 'admin.tab.results',
  indicators: 'admin.tab.indicators',
}

/** One wave: its state and lifecycle on top, then one section at a time, each at its own address. */
export function WavePage({ waveId, tab }: { waveId: string; tab: WaveTab }) {
  const wave = useResource<Wave>(`/api/waves/${encodeURIComponent(waveId)}`)
  return (
    <>
      <p className="breadcrumb">
        <Link to={{ name: 'waves' }}>{t('admin.wave.back')}</Link>
      </p>
      <LoadingOr loaded={wave.loaded}>
        {(data) => (
          <article aria-labelledby="wave-title">
            <header className="wave-header">
              <div>
                <h1 id="wave-title" className="wave-header__title">
                  {data.title}
                </h1>
                <p className="wave-header__meta">
                  <WaveStatusBadge status={data.status} /> <span className="muted">{t('admin.wave.slug', { slug: data.slug })}</span>
                </p>
              </div>
              <WaveLifecycle wave={data} onChange={wave.replace} />
            </header>
            <nav className="tabs" aria-label={t('admin.wave.sections')}>
              <ul>
                {waveTabs.map((candidate) => (
                  <li key={candidate}>
                    <Link to={{ name: 'wave', waveId, tab: candidate }} aria-current={candidate === tab ? 'page' : undefined}>
                      {t(tabLabels[candidate])}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            {/* A new status changes what each section allows (a frozen questionnaire…): start it afresh. */}
            <TabPanel key={`${tab}-${data.status}`} tab={tab} wave={data} onWaveChange={wave.replace} />
          </article>
        )}
      </LoadingOr>
    </>
  )
}

function TabPanel({ tab, wave, onWaveChange }: { tab: WaveTab; wave: Wave; onWaveChange(wave: Wave): void }) {
  switch (tab) {
    case 'settings':
      return <SettingsPanel wave={wave} onChange={onWaveChange} />
    case 'questionnaire':
      return <QuestionnairePanel wave={wave} />
    case 'members':
      return <MembersPanel wave={wave} />
    case 'invitations':
      return <InvitationsPanel wave={wave} />
    case 'tracking':
      return <TrackingPanel wave={wave} />
    case 'indicators':
      return <IndicatorsPanel wave={wave} />
    case 'results':
      return <ReleasesPanel wave={wave} onWaveChange={onWaveChange} />
  }
}
