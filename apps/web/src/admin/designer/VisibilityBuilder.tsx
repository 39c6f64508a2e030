import { useId } from 'react'
import { t, type MessageKey } from '../../i18n'
import type { QuestionRef } from './model/tree'
import { fromExpression, OPERATORS, takesValue, toExpression, type Condition, type Conditions, type Operator, type ValueKind } from './model/visibility'

const OPERATOR_LABELS: Record<Operator, MessageKey> = {
  '=': 'admin.designer.visibility.op.eq',
  '<>': 'admin.designer.visibility.op.ne',
  contains: 'admin.designer.visibility.op.contains',
  notcontains: 'admin.designer.visibility.op.notcontains',
  '>': 'admin.designer.visibility.op.gt',
  '<': 'admin.designer.visibility.op.lt',
  '>=': 'admin.designer.visibility.op.ge',
  '<=': 'admin.designer.visibility.op.le',
  empty: 'admin.designer.visibility.op.empty',
  notempty: 'admin.designer.visibility.op.notempty',
}

export function valueKind(question: QuestionRef | undefined): ValueKind {
  if (!question) return 'text'
  if (question.type === 'boolean') return 'boolean'
  if ((question.type === 'text' && question.inputType === 'number') || question.type === 'rating') return 'number'
  return 'text'
}

/**
 * « Afficher seulement si… »: rows of `question — comparison — value` joined by « et » or « ou »,
 * written as the SurveyJS expression; the raw expression stays editable below for what the rows
 * cannot say (it then shows alone).
 */
export function VisibilityBuilder({
  expression,
  questions,
  onChange,
  disabled,
}: {
  expression: string
  questions: QuestionRef[]
  onChange(expression: string | undefined): void
  disabled: boolean
}) {
  const id = useId()
  const conditions = fromExpression(expression)
  const byName = new Map(questions.map((question) => [question.name, question]))
  const write = (next: Conditions) => {
    const written = toExpression(next, (name) => valueKind(byName.get(name)))
    onChange(written === '' ? undefined : written)
  }
  const change = (index: number, patch: Partial<Condition>) => {
    if (!conditions) return
    write({ ...conditions, rows: conditions.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) })
  }

  return (
    <fieldset className="designer-visibility" disabled={disabled}>
      <legend>{t('admin.designer.visibility.legend')}</legend>
      {conditions === null ? (
        <p className="field__hint">{t('admin.designer.visibility.tooComplex')}</p>
      ) : conditions.rows.length === 0 ? (
        <p className="field__hint">{t('admin.designer.visibility.always')}</p>
      ) : (
        <>
          {conditions.rows.length > 1 ? (
            <div className="field">
              <label htmlFor={`${id}-join`}>{t('admin.designer.visibility.join')}</label>
              <select id={`${id}-join`} value={conditions.join} onChange={(event) => write({ ...conditions, join: event.target.value as 'and' | 'or' })}>
                <option value="and">{t('admin.designer.visibility.and')}</option>
                <option value="or">{t('admin.designer.visibility.or')}</option>
              </select>
            </div>
          ) : null}
          <ol className="designer-conditions">
            {conditions.rows.map((row, index) => {
              const question = byName.get(row.question)
              const kind = valueKind(question)
              const rowId = `${id}-${index}`
              const number = index + 1
              return (
                <li key={index} className="designer-condition">
                  <div className="field">
                    <label htmlFor={`${rowId}-q`}>{t('admin.designer.visibility.question', { number })}</label>
                    <select id={`${rowId}-q`} value={row.question} onChange={(event) => change(index, { question: event.target.value, value: '' })}>
                      {question ? null : <option value={row.question}>{row.question || t('admin.designer.pick')}</option>}
                      {questions.map((candidate) => (
                        <option key={candidate.name} value={candidate.name}>
                          {candidate.title} ({candidate.name})
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`${rowId}-op`}>{t('admin.designer.visibility.operator', { number })}</label>
                    <select id={`${rowId}-op`} value={row.operator} onChange={(event) => change(index, { operator: event.target.value as Operator })}>
                      {OPERATORS.map((operator) => (
                        <option key={operator} value={operator}>
                          {t(OPERATOR_LABELS[operator])}
                        </option>
                      ))}
                    </select>
                  </div>
                  {takesValue(row.operator) ? (
                    <div className="field">
                      <label htmlFor={`${rowId}-v`}>{t('admin.designer.visibility.value', { number })}</label>
                      {kind === 'boolean' ? (
                        <select id={`${rowId}-v`} value={row.value} onChange={(event) => change(index, { value: event.target.value })}>
                          <option value="">{t('admin.designer.pick')}</option>
                          <option value="true">{t('admin.designer.yes')}</option>
                          <option value="false">{t('admin.designer.no')}</option>
                        </select>
                      ) : question && question.choices.length > 0 ? (
                        <select id={`${rowId}-v`} value={row.value} onChange={(event) => change(index, { value: event.target.value })}>
                          {question.choices.some((choice) => choice.value === row.value) ? null : (
                            <option value={row.value}>{row.value || t('admin.designer.pick')}</option>
                          )}
                          {question.choices.map((choice) => (
                            <option key={choice.value} value={choice.value}>
                              {choice.text}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          id={`${rowId}-v`}
                          type="text"
                          inputMode={kind === 'number' ? 'decimal' : undefined}
                          value={row.value}
                          onChange={(event) => change(index, { value: event.target.value })}
                        />
                      )}
                    </div>
                  ) : null}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => write({ ...conditions, rows: conditions.rows.filter((_, i) => i !== index) })}
                  >
                    {t('admin.designer.visibility.remove', { number })}
                  </button>
                </li>
              )
            })}
          </ol>
        </>
      )}
      {conditions !== null ? (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={questions.length === 0}
          onClick={() =>
            write({
              ...conditions,
              rows: [...conditions.rows, { question: questions[0]?.name ?? '', operator: '=', value: questions[0]?.choices[0]?.value ?? '' }],
            })
          }
        >
          {t('admin.designer.visibility.add')}
        </button>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-raw`}>{t('admin.designer.visibility.raw')}</label>
        <input
          id={`${id}-raw`}
          type="text"
          className="designer-code"
          spellCheck={false}
          value={expression}
          aria-describedby={`${id}-raw-hint`}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        />
        <p id={`${id}-raw-hint`} className="field__hint">
          {t('admin.designer.visibility.rawHint')}
        </p>
      </div>
    </fieldset>
  )
}
