import type {
  DiffElement,
  ElementPlace,
  QuestionnaireComparison,
  QuestionnaireVersionDetail,
  QuestionnaireVersionList,
  QuestionnaireVersionSummary,
  Wave,
  WaveList,
} from '@sonde/contracts'
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { requestJson } from '../../api/http'
import { useApi, useResource } from '../../api/use-api'
import { formatDateTime, t, type MessageKey } from '../../i18n'
import { tCount } from '../../i18n/count'
import { formatCount, formatDate } from '../../i18n/format'
import { describeError } from '../ui/describe-error'
import { LoadingOr } from '../ui/LoadingOr'

type Shown = { kind: 'none' } | { kind: 'loading' } | { kind: 'ready'; title: string; comparison: QuestionnaireComparison } | { kind: 'error'; message: string }

/**
 * The history of a wave's questionnaire: every version with its date, author and note; two of
 * them compared (what was added, removed, moved, reworded, which rules changed); an old one
 * loaded back into the editor (`onRestore`: saving it then makes a new version); and this wave's
 * questionnaire compared with another wave's. Reads the list again when `currentVersion` changes.
 */
export function VersionHistory({
  wave,
  currentVersion,
  onRestore,
}: {
  wave: Wave
  currentVersion: number
  onRestore?(definition: Record<string, unknown>): void
}) {
  const id = useId()
  const base = `/api/waves/${encodeURIComponent(wave.id)}/questionnaire`
  const versions = useResource<QuestionnaireVersionList>(`${base}/versions`)
  const { reload } = versions
  const listed = useRef(currentVersion)
  useEffect(() => {
    if (listed.current === currentVersion) return
    listed.current = currentVersion
    reload()
  }, [currentVersion, reload])

  const [shown, setShown] = useState<Shown>({ kind: 'none' })
  const [news, setNews] = useState<string | null>(null)
  const result = useRef<HTMLDivElement>(null)

  async function show(title: string, url: string) {
    setShown({ kind: 'loading' })
    try {
      setShown({ kind: 'ready', title, comparison: await requestJson<QuestionnaireComparison>('GET', url) })
    } catch (error) {
      setShown({ kind: 'error', message: describeError(error) })
    }
    requestAnimationFrame(() => result.current?.focus())
  }

  async function restore(version: number) {
    if (!onRestore) return
    setNews(t('admin.versions.restoring', { version: formatCount(version) }))
    try {
      const detail = await requestJson<QuestionnaireVersionDetail>('GET', `${base}/versions/${version}`)
      onRestore(detail.definition)
      setNews(t('admin.versions.restored', { version: formatCount(version) }))
    } catch (error) {
      setNews(describeError(error))
    }
  }

  return (
    <section className="panel-stack" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.versions.title')}</h3>
      <p>{t('admin.versions.intro')}</p>
      <p role="status">{news}</p>
      <LoadingOr loaded={versions.loaded}>
        {(data) => (
          <>
            <VersionTable versions={data.versions} currentVersion={currentVersion} onRestore={onRestore ? (version) => void restore(version) : undefined} />
            <CompareVersions
              key={data.versions[0]?.version}
              versions={data.versions}
              onCompare={(from, to) =>
                void show(t('admin.versions.diff.versions', { from: formatCount(from), to: formatCount(to) }), `${base}/diff?from=${from}&to=${to}`)
              }
            />
          </>
        )}
      </LoadingOr>
      <CompareWaves
        wave={wave}
        onCompare={(other) =>
          void show(
            t('admin.versions.diff.waves', { from: other.title }),
            `/api/questionnaires/diff?fromWave=${encodeURIComponent(other.id)}&toWave=${encodeURIComponent(wave.id)}`,
          )
        }
      />
      <div ref={result} tabIndex={-1}>
        {shown.kind === 'loading' ? <p>{t('admin.versions.comparing')}</p> : null}
        {shown.kind === 'error' ? (
          <p className="notice notice--error" role="alert">
            {shown.message}
          </p>
        ) : null}
        {shown.kind === 'ready' ? <QuestionnaireDiffView title={shown.title} comparison={shown.comparison} /> : null}
      </div>
    </section>
  )
}

function VersionTable({
  versions,
  currentVersion,
  onRestore,
}: {
  versions: QuestionnaireVersionSummary[]
  currentVersion: number
  onRestore?: (version: number) => void
}) {
  return (
    <div className="table-wrapper" role="region" aria-label={t('admin.versions.list')} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{t('admin.versions.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.versions.col.version')}</th>
            <th scope="col">{t('admin.versions.col.savedAt')}</th>
            <th scope="col">{t('admin.versions.col.author')}</th>
            <th scope="col">{t('admin.versions.col.note')}</th>
            <th scope="col" className="number">
              {t('admin.versions.col.questions')}
            </th>
            {onRestore ? <th scope="col">{t('admin.versions.col.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <th scope="row">
                {formatCount(version.version)}
                {version.version === currentVersion ? ` (${t('admin.versions.current')})` : null}
              </th>
              <td>{formatDateTime(new Date(version.savedAt))}</td>
              <td>{version.author?.name ?? t('admin.versions.automatic')}</td>
              <td>{version.note}</td>
              <td className="number">{formatCount(version.questions)}</td>
              {onRestore ? (
                <td>
                  {version.version === currentVersion ? null : (
                    <button type="button" className="button button--secondary button--small" onClick={() => onRestore(version.version)}>
                      {t('admin.versions.restore', { version: formatCount(version.version) })}
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function CompareVersions({ versions, onCompare }: { versions: QuestionnaireVersionSummary[]; onCompare(from: number, to: number): void }) {
  const id = useId()
  // Newest first: by default, the one before the current against the current.
  const [from, setFrom] = useState(String(versions[1]?.version ?? ''))
  const [to, setTo] = useState(String(versions[0]?.version ?? ''))
  if (versions.length < 2) return <p>{t('admin.versions.compare.single')}</p>

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    onCompare(Number(from), Number(to))
  }
  const options = versions.map((version) => (
    <option key={version.version} value={version.version}>
      {t('admin.versions.compare.option', { version: formatCount(version.version), date: formatDate(version.savedAt) })}
    </option>
  ))
  return (
    <form className="panel form-grid" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('admin.versions.compare.title')}</h4>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('admin.versions.compare.from')}</label>
        <select id={`${id}-from`} value={from} onChange={(event) => setFrom(event.target.value)}>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('admin.versions.compare.to')}</label>
        <select id={`${id}-to`} value={to} onChange={(event) => setTo(event.target.value)}>
          {options}
        </select>
      </div>
      <div className="button-row">
        <button type="submit" className="button button--secondary">
          {t('admin.versions.compare.submit')}
        </button>
      </div>
    </form>
  )
}

function CompareWaves({ wave, onCompare }: { wave: Wave; onCompare(other: Wave): void }) {
  const id = useId()
  const waves = useApi<WaveList>('/api/waves')
  const [chosen, setChosen] = useState('')
  return (
    <LoadingOr loaded={waves}>
      {(data) => {
        const others = data.waves.filter((other) => other.id !== wave.id)
        if (others.length === 0) return <p>{t('admin.versions.waves.none')}</p>
        const selected = others.find((other) => other.id === chosen) ?? others[0]!
        return (
          <form
            className="panel form-grid"
            aria-labelledby={`${id}-title`}
            onSubmit={(event) => {
              event.preventDefault()
              onCompare(selected)
            }}
          >
            <h4 id={`${id}-title`}>{t('admin.versions.waves.title')}</h4>
            <div className="field">
              <label htmlFor={`${id}-wave`}>{t('admin.versions.waves.label')}</label>
              <select id={`${id}-wave`} value={selected.id} onChange={(event) => setChosen(event.target.value)}>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="button-row">
              <button type="submit" className="button button--secondary">
                {t('admin.versions.waves.submit')}
              </button>
            </div>
          </form>
        )
      }}
    </LoadingOr>
  )
}

function placeText(place: ElementPlace): string {
  return place.panel ? t('admin.versions.placeInPanel', { page: place.page, panel: place.panel }) : t('admin.versions.place', { page: place.page })
}

function elementText(element: { name: string; type: string; title: string }): string {
  if (element.type === 'survey') return t('admin.versions.survey')
  if (element.type === 'page') return t('admin.versions.page', { name: element.name, title: element.title })
  return t('admin.versions.element', { name: element.name, title: element.title })
}

const NAMED_FIELDS = new Set(['title', 'description', 'html', 'placeholder', 'labelTrue', 'labelFalse', 'requiredErrorText'])

/** A text's place as staff read it (« titre », « texte du choix oui »), the diff's own key when there is no name for it. */
function fieldLabel(field: string): string {
  if (NAMED_FIELDS.has(field)) return t(`admin.versions.field.${field}` as MessageKey)
  const item = /^(choices|rows|columns|items|validators)\[([^\]]+)\]\.(?:text|title)$/.exec(field)
  if (!item) return field
  const kind = item[1] === 'choices' ? 'choice' : item[1] === 'validators' ? 'rule' : 'item'
  return t(`admin.versions.field.${kind}` as MessageKey, { id: item[2]! })
}

function placedText(element: DiffElement): string {
  return `${elementText(element)} — ${placeText(element)}`
}

function Group({ title, items }: { title: string; items: ReactNode[] }) {
  const id = useId()
  if (items.length === 0) return null
  return (
    <>
      <h5 id={id}>
        {title} ({formatCount(items.length)})
      </h5>
      <ul aria-labelledby={id}>{items}</ul>
    </>
  )
}

/**
 * A comparison as a person reads it (`QuestionnaireComparison` of the diff routes), grouped:
 * added, removed, moved, reworded (field, language, old → new), rules changed.
 */
function QuestionnaireDiffView({ title, comparison }: { title: string; comparison: QuestionnaireComparison }) {
  const { diff } = comparison
  const total =
    diff.pagesAdded.length +
    diff.pagesRemoved.length +
    diff.added.length +
    diff.removed.length +
    diff.moved.length +
    diff.reworded.length +
    diff.rulesChanged.length
  const value = (text: string | null) => text ?? t('admin.versions.absent')
  return (
    <div className="panel">
      <h4>{title}</h4>
      <p role="status">
        {total === 0 ? t('admin.versions.diff.none') : tCount({ one: 'admin.versions.diff.count.one', other: 'admin.versions.diff.count' }, total)}{' '}
        {total === 0 ? null : comparison.wordingOnly ? t('admin.versions.diff.wordingOnly') : t('admin.versions.diff.structural')}
      </p>
      <Group
        title={t('admin.versions.group.added')}
        items={[
          ...diff.pagesAdded.map((page) => <li key={`page-${page.name}`}>{t('admin.versions.page', page)}</li>),
          ...diff.added.map((element) => <li key={element.name + element.page}>{placedText(element)}</li>),
        ]}
      />
      <Group
        title={t('admin.versions.group.removed')}
        items={[
          ...diff.pagesRemoved.map((page) => <li key={`page-${page.name}`}>{t('admin.versions.page', page)}</li>),
          ...diff.removed.map((element) => <li key={element.name + element.page}>{placedText(element)}</li>),
        ]}
      />
      <Group
        title={t('admin.versions.group.moved')}
        items={diff.moved.map((element) => {
          const samePlace = element.from.page === element.to.page && element.from.panel === element.to.panel
          const how = samePlace
            ? t('admin.versions.reordered', { place: placeText(element.to) })
            : t('admin.versions.movedTo', { from: placeText(element.from), to: placeText(element.to) })
          return <li key={element.name + element.page}>{`${elementText(element)} — ${how}`}</li>
        })}
      />
      <Group
        title={t('admin.versions.group.reworded')}
        items={diff.reworded.map((element) => (
          <li key={`${element.type}-${element.name}`}>
            {elementText(element)}
            <ul>
              {element.changes.map((change, index) => (
                <li key={index}>
                  {t('admin.versions.text', {
                    field: fieldLabel(change.field),
                    locale: t(change.locale === 'fr' ? 'admin.versions.locale.fr' : 'admin.versions.locale.en'),
                    before: change.before || t('admin.versions.empty'),
                    after: change.after || t('admin.versions.empty'),
                  })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      />
      <Group
        title={t('admin.versions.group.rules')}
        items={diff.rulesChanged.map((element) => (
          <li key={`${element.type}-${element.name}`}>
            {elementText(element)}
            <ul>
              {element.changes.map((change, index) => (
                <li key={index}>{t('admin.versions.rule', { field: change.field, before: value(change.before), after: value(change.after) })}</li>
              ))}
            </ul>
          </li>
        ))}
      />
    </div>
  )
}
