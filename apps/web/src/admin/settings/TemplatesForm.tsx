import type { MessageKind, MessageTemplate, Wave } from '@sonde/contracts'
import { useId, useState, type FormEvent } from 'react'
import { t, type MessageKey } from '../../i18n'
import { PatchStatus, useWavePatch } from './use-wave-patch'

const kinds: MessageKind[] = ['invitation', 'reminder']
const placeholders: [string, MessageKey][] = [
  ['{{organisation}}', 'admin.templates.placeholder.organisation'],
  ['{{vague}}', 'admin.templates.placeholder.vague'],
  ['{{lien}}', 'admin.templates.placeholder.lien'],
  ['{{date_limite}}', 'admin.templates.placeholder.dateLimite'],
]

function problemOf(template: MessageTemplate): { subject: string | null; body: string | null } {
  return {
    subject: template.subject.trim() === '' ? t('admin.templates.subjectRequired') : null,
    body: template.body.trim() === '' ? t('admin.templates.bodyRequired') : !template.body.includes('{{lien}}') ? t('admin.templates.linkMissing') : null,
  }
}

/** The French messages of the invitation and the reminder, with the placeholders the server fills. */
export function TemplatesForm({ wave, onChange }: { wave: Wave; onChange(wave: Wave): void }) {
  const id = useId()
  const [templates, setTemplates] = useState<Record<MessageKind, MessageTemplate>>(() => ({
    invitation: { subject: wave.settings.templates?.invitation?.subject ?? '', body: wave.settings.templates?.invitation?.body ?? '' },
    reminder: { subject: wave.settings.templates?.reminder?.subject ?? '', body: wave.settings.templates?.reminder?.body ?? '' },
  }))
  const [showErrors, setShowErrors] = useState(false)
  const patch = useWavePatch(wave, onChange)

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    const invalid = kinds.some((kind) => {
      const problem = problemOf(templates[kind])
      return problem.subject || problem.body
    })
    if (invalid) {
      patch.reset()
      document.querySelector<HTMLElement>(`[data-templates="${id}"] [aria-invalid="true"]`)?.focus()
      return
    }
    void patch.save({
      settings: {
        templates: {
          invitation: { subject: templates.invitation.subject.trim(), body: templates.invitation.body },
          reminder: { subject: templates.reminder.subject.trim(), body: templates.reminder.body },
        },
      },
    })
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-templates={id}>
      <h3 id={`${id}-title`}>{t('admin.templates.title')}</h3>
      <p className="muted">{t('admin.templates.intro')}</p>
      <dl className="placeholder-list" aria-label={t('admin.templates.placeholders')}>
        {placeholders.map(([placeholder, key]) => (
          <div key={placeholder}>
            <dt>
              <code>{placeholder}</code>
            </dt>
            <dd>{t(key)}</dd>
          </div>
        ))}
      </dl>
      <div className="template-grid">
        {kinds.map((kind) => {
          const problem = showErrors ? problemOf(templates[kind]) : { subject: null, body: null }
          const set = (change: Partial<MessageTemplate>) => setTemplates((current) => ({ ...current, [kind]: { ...current[kind], ...change } }))
          return (
            <fieldset key={kind} className="template">
              <legend>{t(kind === 'invitation' ? 'admin.templates.invitation' : 'admin.templates.reminder')}</legend>
              <div className="field">
                <label htmlFor={`${id}-${kind}-subject`}>{t('admin.templates.subject')}</label>
                <input
                  id={`${id}-${kind}-subject`}
                  type="text"
                  maxLength={300}
                  value={templates[kind].subject}
                  aria-invalid={problem.subject ? true : undefined}
                  aria-describedby={problem.subject ? `${id}-${kind}-subject-error` : undefined}
                  onChange={(event) => set({ subject: event.target.value })}
                />
                {problem.subject ? (
                  <p id={`${id}-${kind}-subject-error`} className="field__error">
                    {problem.subject}
                  </p>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={`${id}-${kind}-body`}>{t('admin.templates.body')}</label>
                <textarea
                  id={`${id}-${kind}-body`}
                  rows={12}
                  maxLength={20000}
                  value={templates[kind].body}
                  aria-invalid={problem.body ? true : undefined}
                  aria-describedby={problem.body ? `${id}-${kind}-body-error` : undefined}
                  onChange={(event) => set({ body: event.target.value })}
                />
                {problem.body ? (
                  <p id={`${id}-${kind}-body-error`} className="field__error">
                    {problem.body}
                  </p>
                ) : null}
              </div>
            </fieldset>
          )
        })}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={patch.state.kind === 'saving'}>
          {t('admin.templates.save')}
        </button>
        <PatchStatus state={patch.state} />
      </div>
    </form>
  )
}
