import { getLang, t } from '../../i18n'
import { LoadError } from '../../api/LoadError'
import { useWaves } from '../../waves/use-waves'
import { waveStatusLabel } from '../../waves/wave-status'

/** Every wave with its state and families, and the way to its indicators. */
export function WaveList() {
  const waves = useWaves()
  const lang = getLang()
  return (
    <section aria-labelledby="waves-title">
      <h1 id="waves-title">{t('admin.waves.title')}</h1>
      {waves.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {waves.kind === 'error' ? <LoadError code={waves.code} /> : null}
      {waves.kind === 'ready' && waves.data.length === 0 ? <p>{t('admin.waves.empty')}</p> : null}
      {waves.kind === 'ready' && waves.data.length > 0 ? (
        <div className="table-wrapper">
          <table>
            <caption>{t('admin.waves.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.waves.col.title')}</th>
                <th scope="col">{t('admin.waves.col.status')}</th>
                <th scope="col">{t('admin.waves.col.families')}</th>
                <th scope="col">{t('admin.waves.col.minCell')}</th>
                <th scope="col">{t('admin.waves.col.links')}</th>
              </tr>
            </thead>
            <tbody>
              {waves.data.map((wave) => (
                <tr key={wave.id}>
                  <th scope="row">
                    {wave.title}
                    <br />
                    <span className="muted">{wave.slug}</span>
                  </th>
                  <td>{waveStatusLabel(wave.status)}</td>
                  <td>
                    <ul className="plain-list">
                      {wave.families.map((family) => (
                        <li key={family.key}>{lang === 'en' ? family.labelEn : family.labelFr}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{wave.settings.minCellSize}</td>
                  <td>
                    <a href={`/research/${encodeURIComponent(wave.id)}`}>{t('admin.waves.research', { wave: wave.title })}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}
