import type { IndicatorThemeFilter, PublicResults } from '@sonde/contracts'
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react'
import { flushSync } from 'react-dom'
import { getLang, t } from '../i18n'
import { formatCount, formatDate, formatPercent } from '../i18n/format'
import { FigureTable, SecretNote } from './FigureTable'
import { Methodology } from './Methodology'
import { pt } from './messages'
import { OpenData } from './OpenData'
import { RegionSection } from './RegionSection'
import {
  chunkBlocks,
  confidencePercent,
  familyBlocks,
  familyOptions,
  keyFigures,
  lineState,
  pickFamily,
  pickTheme,
  themeGroups,
  type FamilyOption,
  type IndicatorBlock,
} from './view-model'

/** At most this many lines per table: a table then fits on one printed A4 page, which the print stylesheet never cuts. */
const LINES_PER_TABLE = 10
const FAMILY_PARAM = 'famille'
const THEME_PARAM = 'theme'

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

/** The address of a family's view (its first theme), or of one of its themes, the other parameters (the language) kept. */
function viewHref(family: string, theme: string | null = null): string {
  const url = new URL(window.location.href)
  url.searchParams.set(FAMILY_PARAM, family)
  if (theme) url.searchParams.set(THEME_PARAM, theme)
  else url.searchParams.delete(THEME_PARAM)
  url.searchParams.delete('print')
  return `${url.pathname}${url.search}`
}

const askedFamily = () => new URLSearchParams(window.location.search).get(FAMILY_PARAM)
const askedTheme = () => new URLSearchParams(window.location.search).get(THEME_PARAM)

/** A same-page link: a plain click changes the view without reloading; a click with a modifier opens the address as usual. */
function followInPage(event: MouseEvent<HTMLAnchorElement>, go: () => void): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return
  event.preventDefault()
  go()
}
const askedPrint = () => new URLSearchParams(window.location.search).get('print') === '1'

/**
 * Whether every family is on the page: for printing (the button, the browser's own print
 * command, or `?print=1`), so that the printed report holds them all; on screen one family at a
 * time keeps the page light.
 */
function usePrinting(): { printing: boolean; print(): void } {
  const [printing, setPrinting] = useState(askedPrint)
  const [printAsked, setPrintAsked] = useState(false)
  useEffect(() => {
    // The browser's print command: render every family before the page is laid out for paper.
    const before = () => flushSync(() => setPrinting(true))
    const after = () => setPrinting(askedPrint())
    window.addEventListener('beforeprint', before)
    window.addEventListener('afterprint', after)
    return () => {
      window.removeEventListener('beforeprint', before)
      window.removeEventListener('afterprint', after)
    }
  }, [])
  useEffect(() => {
    if (!printAsked || !printing) return
    setPrintAsked(false)
    window.print()
  }, [printAsked, printing])
  const print = useCallback(() => {
    setPrinting(true)
    setPrintAsked(true)
  }, [])
  return { printing, print }
}

/**
 * The public page of a wave's released results: header, key figures, one family's indicators
 * of one theme at a time on screen (every family and theme in print), regions, methodology,
 * open data.
 */
export function PublicPage({ results }: { results: PublicResults }) {
  const options = useMemo(() => familyOptions(results, t('research.family.all')), [results])
  const [family, setFamily] = useState(() => pickFamily(options, askedFamily()))
  const [theme, setTheme] = useState(askedTheme)
  const { printing, print } = usePrinting()
  const level = confidencePercent(results.methodology.confidence)

  useEffect(() => {
    document.documentElement.lang = getLang()
    document.title = `${results.wave.title} — ${pt('public.title')} — ${t('app.name')}`
    const back = () => {
      setFamily(pickFamily(options, askedFamily()))
      setTheme(askedTheme())
    }
    window.addEventListener('popstate', back)
    return () => window.removeEventListener('popstate', back)
  }, [results, options])

  const choose = (key: string, chosenTheme: string | null = null) => {
    window.history.pushState(null, '', viewHref(key, chosenTheme))
    setFamily(key)
    setTheme(chosenTheme)
  }

  const shown = printing ? options : options.filter((option) => option.key === family)
  const { wave, release } = results
  return (
    <main id="main" className="page public-page">
      <h1>{wave.title}</h1>
      <p className="public-release">
        {pt('public.release', { number: String(release.number), date: formatDate(release.publishedAt), responses: formatCount(release.responses) })}
      </p>
      {wave.opensAt && wave.closesAt ? <p>{pt('public.period', { from: formatDate(wave.opensAt), to: formatDate(wave.closesAt) })}</p> : null}
      <div className="public-print">
        <button type="button" className="button button--secondary" onClick={print}>
          {pt('public.print')}
        </button>
        <span className="muted">{pt('public.print.hint')}</span>
      </div>

      {printing ? <Contents options={options} /> : null}

      {options.length > 0 ? (
        <FamilyPicker options={options} results={results} current={family} onChoose={choose} />
      ) : (
        <p className="notice">{pt('public.family.empty')}</p>
      )}
      <p className="public-chart-note muted">{pt('public.chart.note')}</p>

      {shown.map((option) => (
        <FamilySection
          key={option.key}
          option={option}
          results={results}
          level={level}
          theme={theme}
          allThemes={printing}
          onChooseTheme={(chosen) => choose(option.key, chosen)}
        />
      ))}

      {family ? <RegionSection results={results} family={family} familyName={label(options.find((o) => o.key === family)!)} level={level} /> : null}
      <Methodology results={results} options={options} level={level} />
      <OpenData results={results} />
      <p className="public-footer muted">{pt('public.footer')}</p>
    </main>
  )
}

/** The table of contents of the printed report. */
function Contents({ options }: { options: FamilyOption[] }) {
  return (
    <nav className="public-toc" aria-labelledby="public-toc-title">
      <h2 id="public-toc-title">{pt('public.toc')}</h2>
      <ol>
        {options.map((option) => (
          <li key={option.key}>
            <a href={`#family-${option.key}`}>{pt('public.family.heading', { family: label(option) })}</a>
          </li>
        ))}
        <li>
          <a href="#regions">{pt('public.map.heading')}</a>
        </li>
        <li>
          <a href="#methodology">{pt('public.method.heading')}</a>
        </li>
        <li>
          <a href="#open-data">{pt('public.downloads.heading')}</a>
        </li>
      </ol>
    </nav>
  )
}

/** A family's number of responses as a person reads it: the count, or "moins de N" when the API withholds it. */
function responsesText(submitted: number | null | undefined, minCellSize: number): string {
  if (submitted === undefined) return ''
  return submitted === null ? pt('public.fewer', { n: minCellSize }) : formatCount(submitted)
}

/** The families as links (bookmarkable, keyboard-usable), each with its number of responses: the key figures of the network at a glance. */
function FamilyPicker({
  options,
  results,
  current,
  onChoose,
}: {
  options: FamilyOption[]
  results: PublicResults
  current: string | null
  onChoose(key: string): void
}) {
  return (
    <nav className="public-families" aria-labelledby="public-families-title">
      <h2 id="public-families-title">{pt('public.families.choose')}</h2>
      <ul>
        {options.map((option) => {
          const count = results.methodology.responseCounts.find((c) => c.family === option.key)
          return (
            <li key={option.key}>
              <a
                href={viewHref(option.key)}
                aria-current={option.key === current ? 'true' : undefined}
                onClick={(event) => followInPage(event, () => onChoose(option.key))}
              >
                {label(option)}
                {count ? <small>{pt('public.family.responses', { responses: responsesText(count.submitted, results.methodology.minCellSize) })}</small> : null}
              </a>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/**
 * One family: its key figures, then its indicators in tables that are their own charts — on
 * screen those of one theme (`theme`, else its first), chosen from the family's themes; every
 * theme under its own heading with `allThemes` (print).
 */
function FamilySection({
  option,
  results,
  level,
  theme,
  allThemes,
  onChooseTheme,
}: {
  option: FamilyOption
  results: PublicResults
  level: number
  theme: string | null
  allThemes: boolean
  onChooseTheme(theme: string): void
}) {
  const blocks = useMemo(() => familyBlocks(results, option.key), [results, option.key])
  const groups = useMemo(() => themeGroups(blocks), [blocks])
  const figures = useMemo(() => keyFigures(results, option.key), [results, option.key])
  const name = label(option)
  const noteId = `secret-note-${option.key}`
  const anyHidden = blocks.some((block) => block.lines.some((line) => lineState(line.cell) === 'hidden'))
  const current = allThemes ? null : pickTheme(groups, theme)
  const shown = current === null ? groups : groups.filter((group) => group.theme === current)
  return (
    <section className="public-family" aria-labelledby={`family-${option.key}`}>
      <h2 id={`family-${option.key}`}>{pt('public.family.heading', { family: name })}</h2>
      <dl className="public-key-figures">
        <div>
          <dt>{pt('public.keyFigures.responses')}</dt>
          <dd>{responsesText(figures.responses?.submitted, results.methodology.minCellSize) || '—'}</dd>
        </div>
        <div>
          <dt>{pt('public.keyFigures.rate')}</dt>
          <dd>{formatPercent(figures.responses?.rate)}</dd>
        </div>
        <div>
          <dt>{pt('public.keyFigures.published')}</dt>
          <dd>{formatCount(figures.published)}</dd>
        </div>
        <div>
          <dt>{pt('public.keyFigures.hidden')}</dt>
          <dd>{formatCount(figures.hidden)}</dd>
        </div>
      </dl>
      {anyHidden ? <SecretNote id={noteId} /> : null}
      {groups.length === 0 ? <p className="notice">{pt('public.family.empty')}</p> : null}
      {current !== null && groups.length > 1 ? (
        <nav className="public-themes" aria-label={pt('public.themes.choose', { family: name })}>
          <ul>
            {groups.map((group) => (
              <li key={group.theme}>
                <a
                  href={viewHref(option.key, group.theme)}
                  aria-current={group.theme === current ? 'true' : undefined}
                  onClick={(event) => followInPage(event, () => onChooseTheme(group.theme))}
                >
                  {t(`research.themeName.${group.theme}`)} <small>({formatCount(group.blocks.length)})</small>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {shown.map((group) => (
        <ThemeTables
          key={group.theme}
          id={`${option.key}-${group.theme}`}
          family={name}
          theme={group.theme}
          blocks={group.blocks}
          level={level}
          noteId={noteId}
        />
      ))}
    </section>
  )
}

/** A theme of a family: its heading and its indicators, cut into tables that each fit on a printed page. */
function ThemeTables({
  id,
  family,
  theme,
  blocks,
  level,
  noteId,
}: {
  id: string
  family: string
  theme: IndicatorThemeFilter
  blocks: IndicatorBlock[]
  level: number
  noteId: string
}) {
  const themeName = t(`research.themeName.${theme}`)
  const chunks = chunkBlocks(blocks, LINES_PER_TABLE)
  const total = blocks.length
  let from = 1
  return (
    <section className="public-theme" aria-labelledby={`theme-${id}`}>
      <h3 id={`theme-${id}`}>{themeName}</h3>
      {chunks.map((chunk) => {
        const caption = pt('public.table.caption', {
          family: `${family}, ${themeName}`,
          from: String(from),
          to: String(from + chunk.length - 1),
          total: String(total),
        })
        from += chunk.length
        const hidden = chunk.some((block) => block.lines.some((line) => lineState(line.cell) === 'hidden'))
        return <FigureTable key={chunk[0]!.indicator.id} caption={caption} blocks={chunk} level={level} noteId={hidden ? noteId : null} />
      })}
    </section>
  )
}
