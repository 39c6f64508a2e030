import { getLang, t } from '../i18n'
import { formatCount, NO_VALUE } from '../i18n/format'
import { formatIndicatorValue } from '../format/indicator-value'
import { pt } from './messages'
import type { CSSProperties } from 'react'
import { lineState, type BarGeometry, type FigureLine, type IndicatorBlock } from './view-model'

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

/** The one mark of a hidden cell, in the words of every other page: no figure, no reason. */
function SecretMark() {
  return <strong className="secret-mark">{t('research.secret.mark')}</strong>
}

/** What the mark means, once per family: tables with a hidden cell point to it (`aria-describedby`). */
export function SecretNote({ id }: { id: string }) {
  return (
    <p id={id} className="public-secret-note">
      <SecretMark /> : {t('research.secret.note')}
    </p>
  )
}

/** The bar and interval of a line as custom properties of its one element: the stylesheet draws them as gradients. */
function barStyle(bar: BarGeometry): CSSProperties {
  const ci = bar.ci ?? { start: 0, width: 0 }
  return {
    '--bar-from': `${bar.start}%`,
    '--bar-to': `${bar.start + bar.width}%`,
    '--ci-from': `${ci.start}%`,
    '--ci-to': `${ci.start + ci.width}%`,
  } as CSSProperties
}

/**
 * The value column of a line: a bar from zero to the value on the indicator's scale, the
 * interval drawn over it, and the value written beside it — for every published line, a single
 * one too; the mark alone for a hidden cell; "pas de réponse" where nobody answered. One element
 * for the bar and the interval, none for the figure: the page holds a whole family's
 * indicators within its budget of elements.
 */
function ValueCell({ line }: { line: FigureLine }) {
  const state = lineState(line.cell)
  if (state === 'hidden') return <td className="secret-mark">{t('research.secret.mark')}</td>
  if (state === 'empty' || !line.bar) return <td className="muted">{pt('public.cell.empty')}</td>
  return (
    <td className="public-figure">
      <span className="public-bar" aria-hidden="true" style={barStyle(line.bar)} />
      {formatIndicatorValue(line.cell!.value, line.indicator)}
    </td>
  )
}

/** The interval (and the quartiles of a median) of a published line, in the indicator's unit; nothing for another line. */
function IntervalCell({ line }: { line: FigureLine }) {
  const cell = line.cell
  if (lineState(cell) !== 'published' || !cell) return <td />
  const { indicator } = line
  const interval =
    cell.ciLow !== null && cell.ciHigh !== null
      ? pt('public.cell.interval', { low: formatIndicatorValue(cell.ciLow, indicator), high: formatIndicatorValue(cell.ciHigh, indicator) })
      : NO_VALUE
  if (cell.q1 === null || cell.q3 === null) return <td>{interval}</td>
  return (
    <td>
      {interval}
      <br />
      {pt('public.cell.quartiles', { q1: formatIndicatorValue(cell.q1, indicator), q3: formatIndicatorValue(cell.q3, indicator) })}
    </td>
  )
}

/** One line of a table: its name, value with its bar, interval and n (never the n of a hidden cell). */
export function FigureRow({ line, name, className }: { line: FigureLine; name: string; className?: string }) {
  const n = lineState(line.cell) === 'published' ? formatCount(line.cell!.n) : ''
  return (
    <tr>
      <th scope="row" className={className}>
        {name}
      </th>
      <ValueCell line={line} />
      <IntervalCell line={line} />
      <td className="public-n">{n}</td>
    </tr>
  )
}

/** The column headers every figure table shares. */
export function FigureHead({ first, level }: { first: string; level: number }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{pt('public.table.value')}</th>
        <th scope="col">{pt('public.table.interval', { level })}</th>
        <th scope="col">{pt('public.table.n')}</th>
      </tr>
    </thead>
  )
}

interface FigureTableProps {
  caption: string
  blocks: IndicatorBlock[]
  /** The confidence level of the intervals, in percent. */
  level: number
  /** The id of the note on the secret mark, for a table that shows it. */
  noteId: string | null
}

/**
 * A table of indicators that is also their chart: each line has its bar, its value beside it,
 * its interval and its n, so the figures are there in text for everyone (the bars are hidden
 * from screen readers). A distribution is a group of lines under its name, one per category.
 */
export function FigureTable({ caption, blocks, level, noteId }: FigureTableProps) {
  // Consecutive indicators with one figure share a body; a distribution gets its own, named by its first line.
  const groups: IndicatorBlock[][] = []
  for (const block of blocks) {
    const last = groups[groups.length - 1]
    if (block.indicator.aggregation !== 'distribution' && last && last[0]!.indicator.aggregation !== 'distribution') last.push(block)
    else groups.push([block])
  }
  return (
    <table className="public-table" aria-describedby={noteId ?? undefined}>
      <caption>{caption}</caption>
      <FigureHead first={pt('public.table.indicator')} level={level} />
      {groups.map((group) => {
        const first = group[0]!
        if (first.indicator.aggregation === 'distribution') {
          return (
            <tbody key={first.indicator.id}>
              <tr>
                <th scope="rowgroup" colSpan={4} className="public-table__group">
                  {label(first.indicator)}
                </th>
              </tr>
              {first.lines.map((line) => (
                <FigureRow key={line.category!.key} line={line} name={label(line.category!)} className="public-table__category" />
              ))}
            </tbody>
          )
        }
        return (
          <tbody key={first.indicator.id}>
            {group.map((block) => (
              <FigureRow key={block.indicator.id} line={block.lines[0]!} name={label(block.indicator)} />
            ))}
          </tbody>
        )
      })}
    </table>
  )
}
