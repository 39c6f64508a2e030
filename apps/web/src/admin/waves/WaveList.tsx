import { useRef } from 'react'
import { t } from '../../i18n'
import { familyLabel } from '../../waves/family-label'
import { formatDate } from '../../i18n/format'
import { useWaves } from '../../waves/use-waves'
import { Link } from '../routing/Link'
import { usePageHeading } from '../routing/page-heading'
import { navigate, routePath } from '../routing/routes'
import { LoadingOr } from '../ui/LoadingOr'
import { WaveStatusBadge } from '../ui/WaveStatusBadge'
import { CreateWaveForm } from './CreateWaveForm'
import { ImportBundle } from './ImportBundle'

/** Every wave with its state, the way into each (and its design to export), and forms for the next one: new, or from a design file. */
export function WaveList() {
  const waves = useWaves()
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, t('admin.waves.title'))
  return (
    <section aria-labelledby="waves-title">
      <h1 id="waves-title" ref={heading} tabIndex={-1}>
        {t('admin.waves.title')}
      </h1>
      <LoadingOr loaded={waves}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('admin.waves.empty')}</p>
          ) : (
            <div className="table-wrapper">
              <table>
                <caption>{t('admin.waves.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.waves.col.title')}</th>
                    <th scope="col">{t('admin.waves.col.status')}</th>
                    <th scope="col">{t('admin.waves.col.families')}</th>
                    <th scope="col">{t('admin.waves.col.created')}</th>
                    <th scope="col">{t('admin.waves.col.links')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((wave) => (
                    <tr key={wave.id}>
                      <th scope="row">
                        <Link to={{ name: 'wave', waveId: wave.id, tab: 'settings' }}>{wave.title}</Link>
                        <br />
                        <span className="muted">{wave.slug}</span>
                      </th>
                      <td>
                        <WaveStatusBadge status={wave.status} />
                      </td>
                      <td>
                        <ul className="plain-list">
                          {wave.families.map((family) => (
                            <li key={family.key}>{familyLabel(family)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{formatDate(wave.createdAt)}</td>
                      <td>
                        <ul className="plain-list">
                          <li>
                            <Link to={{ name: 'wave', waveId: wave.id, tab: 'tracking' }}>{t('admin.waves.tracking', { wave: wave.title })}</Link>
                          </li>
                          <li>
                            <a href={`/research/${encodeURIComponent(wave.id)}`}>{t('admin.waves.research', { wave: wave.title })}</a>
                          </li>
                          <li>
                            <a href={`/api/waves/${encodeURIComponent(wave.id)}/bundle`} download>
                              {t('admin.waves.bundle', { wave: wave.title })}
                            </a>
                          </li>
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadingOr>
      <CreateWaveForm onCreated={(wave) => navigate(routePath({ name: 'wave', waveId: wave.id, tab: 'questionnaire' }))} />
      <ImportBundle onCreated={(wave) => navigate(routePath({ name: 'wave', waveId: wave.id, tab: 'questionnaire' }))} />
    </section>
  )
}
