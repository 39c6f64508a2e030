import { isoToParisInput, parisInputToIso, REMINDER_DAYS_RANGE, type Wave, type WaveSchedule } from '@sonde/contracts'
import { useId, useRef, useState, type FormEvent } from 'react'
import { useResource } from '../../api/use-api'
import { t } from '../../i18n'
import { tCount } from '../../i18n/count'
import { formatParisDateTime } from '../../i18n/format'
import { LoadingOr } from '../ui/LoadingOr'
import { PatchStatus, useWavePatch } from './use-wave-patch'

interface ReminderRow {
  /** Stable React key: the number of days is being edited. */
  rowId: number
  days: string
}

const days = (count: number) => tCount({ one: 'admin.schedule.days.one', other: 'admin.schedule.days.other' }, count)

/** The reminder rows whose value is not a whole number 0–90 or repeats another's. */
function invalidReminders(rows: ReminderRow[]): Set<number> {
  const invalid = new Set<number>()
  const seen = new Set<string>()
  for (const row of rows) {
    const n = Number(row.days)
    if (!/^\d+$/.test(row.days) || n < REMINDER_DAYS_RANGE.min || n > REMINDER_DAYS_RANGE.max || seen.has(String(n))) invalid.add(row.rowId)
    seen.add(String(n))
  }
  return invalid
}

/**
 * Calendrier: the planned opening and closing (Paris time, native date-time fields) and the
 * reminders a number of days before the closing; below, what the scheduler will do next, in
 * words, and the reminders already sent. The server checks the same rules (422 SCHEDULE_INVALID).
 */
export function ScheduleForm({ wave, onChange }: { wave: Wave; onChange(wave: Wave): void }) {
  const id = useId()
  const plan = useResource<WaveSchedule>(`/api/waves/${encodeURIComponent(wave.id)}/schedule`)
  const patch = useWavePatch(wave, (updated) => {
    onChange(updated)
    plan.reload()
  })
  const [opensAt, setOpensAt] = useState(isoToParisInput(wave.opensAt))
  const [closesAt, setClosesAt] = useState(isoToParisInput(wave.closesAt))
  const nextRowId = useRef(wave.settings.reminderDays.length)
  const [reminders, setReminders] = useState<ReminderRow[]>(() => wave.settings.reminderDays.map((n, rowId) => ({ rowId, days: String(n) })))
  const [showErrors, setShowErrors] = useState(false)
  const list = useRef<HTMLUListElement>(null)

  // The opening records when the wave opened once it has: it moves only while the wave is a draft.
  const opensEditable = wave.status === 'draft'
  const opensIso = opensEditable ? parisInputToIso(opensAt) : wave.opensAt
  const closesIso = parisInputToIso(closesAt)
  const closesChanged = closesIso !== (wave.closesAt ? new Date(wave.closesAt).toISOString() : null)
  const closesError =
    closesIso && opensIso && new Date(closesIso) <= new Date(opensIso)
      ? t('admin.schedule.closesAt.beforeOpening')
      : closesIso && closesChanged && (wave.status === 'draft' || wave.status === 'open') && new Date(closesIso) <= new Date()
        ? t('admin.schedule.closesAt.past')
        : null
  const invalid = invalidReminders(reminders)

  function add() {
    const rowId = nextRowId.current++
    setReminders((current) => [...current, { rowId, days: '' }])
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>(`[data-row="${rowId}"] input`)?.focus())
  }

  function remove(rowId: number) {
    setReminders((current) => current.filter((row) => row.rowId !== rowId))
    requestAnimationFrame(() => document.getElementById(`${id}-add`)?.focus())
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    if (closesError || invalid.size > 0) {
      patch.reset()
      const first = closesError ? document.getElementById(`${id}-closes`) : list.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')
      first?.focus()
      return
    }
    void patch.save({
      ...(opensEditable ? { opensAt: parisInputToIso(opensAt) } : {}),
      closesAt: closesIso,
      settings: { reminderDays: reminders.map((row) => Number(row.days)).sort((a, b) => b - a) },
    })
  }

  return (
    <form className="panel form-grid" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.schedule.title')}</h3>
      <p className="muted">{t('admin.schedule.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-opens`}>{t('admin.schedule.opensAt')}</label>
        <input
          id={`${id}-opens`}
          type="datetime-local"
          value={opensEditable ? opensAt : isoToParisInput(wave.opensAt)}
          readOnly={!opensEditable}
          aria-describedby={`${id}-opens-hint`}
          onChange={(event) => setOpensAt(event.target.value)}
        />
        <p id={`${id}-opens-hint`} className="field__hint">
          {opensEditable ? t('admin.schedule.opensAt.hint') : t('admin.schedule.opensAt.done', { date: formatParisDateTime(wave.opensAt) })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-closes`}>{t('admin.schedule.closesAt')}</label>
        <input
          id={`${id}-closes`}
          type="datetime-local"
          value={closesAt}
          aria-invalid={showErrors && closesError ? true : undefined}
          aria-describedby={`${id}-closes-hint${showErrors && closesError ? ` ${id}-closes-error` : ''}`}
          onChange={(event) => setClosesAt(event.target.value)}
        />
        <p id={`${id}-closes-hint`} className="field__hint">
          {t('admin.schedule.closesAt.hint')}
        </p>
        {showErrors && closesError ? (
          <p id={`${id}-closes-error`} className="field__error">
            {closesError}
          </p>
        ) : null}
      </div>
      <fieldset className="field" aria-describedby={`${id}-reminders-hint`}>
        <legend>{t('admin.schedule.reminders')}</legend>
        <p id={`${id}-reminders-hint`} className="field__hint">
          {t('admin.schedule.reminders.hint')}
        </p>
        {reminders.length === 0 ? <p>{t('admin.schedule.reminders.none')}</p> : null}
        <ul ref={list} className="reminder-list">
          {reminders.map((row, index) => {
            const wrong = showErrors && invalid.has(row.rowId)
            return (
              <li key={row.rowId} data-row={row.rowId} className="field">
                <label htmlFor={`${id}-reminder-${row.rowId}`}>{t('admin.schedule.reminder', { n: index + 1 })}</label>
                <input
                  id={`${id}-reminder-${row.rowId}`}
                  type="number"
                  inputMode="numeric"
                  min={REMINDER_DAYS_RANGE.min}
                  max={REMINDER_DAYS_RANGE.max}
                  step={1}
                  className="input--short"
                  value={row.days}
                  aria-invalid={wrong ? true : undefined}
                  aria-describedby={wrong ? `${id}-reminder-${row.rowId}-error` : undefined}
                  onChange={(event) => setReminders((current) => current.map((r) => (r.rowId === row.rowId ? { ...r, days: event.target.value } : r)))}
                />{' '}
                <button type="button" className="button button--secondary button--small" onClick={() => remove(row.rowId)}>
                  {t('admin.schedule.reminder.remove', { n: index + 1 })}
                </button>
                {wrong ? (
                  <p id={`${id}-reminder-${row.rowId}-error`} className="field__error">
                    {t('admin.schedule.reminder.invalid')}
                  </p>
                ) : null}
              </li>
            )
          })}
        </ul>
        {reminders.length < REMINDER_DAYS_RANGE.maxCount ? (
          <button id={`${id}-add`} type="button" className="button button--secondary button--small" onClick={add}>
            {t('admin.schedule.reminder.add')}
          </button>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={patch.state.kind === 'saving'}>
          {t('admin.schedule.save')}
        </button>
        <PatchStatus state={patch.state} />
      </div>
      <section aria-labelledby={`${id}-next`}>
        <h4 id={`${id}-next`}>{t('admin.schedule.next')}</h4>
        <div aria-live="polite">
          <LoadingOr loaded={plan.loaded}>{(data) => <PlanText schedule={data} />}</LoadingOr>
        </div>
      </section>
    </form>
  )
}

/** What the scheduler will do, one sentence a step, then the reminders already handled. */
function PlanText({ schedule }: { schedule: WaveSchedule }) {
  return (
    <>
      {schedule.blocked ? (
        <p className="notice notice--warning">
          {schedule.blocked === 'closing_passed'
            ? t('admin.schedule.blocked.closingPassed', { date: formatParisDateTime(schedule.opensAt), closing: formatParisDateTime(schedule.closesAt) })
            : t('admin.schedule.blocked', { date: formatParisDateTime(schedule.opensAt) })}
        </p>
      ) : null}
      {schedule.planned.length === 0 ? (
        <p>{t('admin.schedule.next.none')}</p>
      ) : (
        <ul>
          {schedule.planned.map((step) => (
            <li key={`${step.kind}-${step.at}`}>{stepSentence(step)}</li>
          ))}
        </ul>
      )}
      {schedule.sent.length > 0 ? (
        <>
          <h5>{t('admin.schedule.sent')}</h5>
          <ul>
            {schedule.sent.map((sent) => (
              <li key={`${sent.daysBefore}-${sent.sentAt}`}>
                {sent.superseded
                  ? t('admin.schedule.sent.superseded', { days: days(sent.daysBefore) })
                  : tCount({ one: 'admin.schedule.sent.one', other: 'admin.schedule.sent.other' }, sent.recipients, {
                      date: formatParisDateTime(sent.sentAt),
                      days: days(sent.daysBefore),
                    })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  )
}

function stepSentence(step: WaveSchedule['planned'][number]): string {
  const date = formatParisDateTime(step.at)
  if (step.kind === 'open') return t('admin.schedule.next.open', { date })
  if (step.kind === 'close') return t('admin.schedule.next.close', { date })
  if (step.daysBefore === 0) return t('admin.schedule.next.reminder.sameDay', { date })
  return tCount({ one: 'admin.schedule.next.reminder.one', other: 'admin.schedule.next.reminder.other' }, step.daysBefore ?? 0, { date })
}
