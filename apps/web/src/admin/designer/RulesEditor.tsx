import { useId, useState } from 'react'
import { t, type MessageKey } from '../../i18n'
import { CheckField, NumberField, TextPair } from './fields'
import { defaultMessage, ruleFromValidator, validatorFromRule, type Rule, type RuleKind, type TitleOf } from './model/rules'
import type { QuestionRef } from './model/tree'
import { valueKind } from './VisibilityBuilder'

const KIND_LABELS: Record<RuleKind, MessageKey> = {
  bounds: 'admin.designer.rule.bounds',
  partOf: 'admin.designer.rule.partOf',
  sum: 'admin.designer.rule.sum',
  ratio: 'admin.designer.rule.ratio',
  digits: 'admin.designer.rule.digits',
  regex: 'admin.designer.rule.regex',
  expression: 'admin.designer.rule.expression',
  other: 'admin.designer.rule.other',
}

const ADDABLE: Exclude<RuleKind, 'other'>[] = ['bounds', 'partOf', 'sum', 'ratio', 'expression', 'digits', 'regex']

/** A new rule of `kind` on question `self`, with the other questions it needs picked for a start. */
function newRule(kind: Exclude<RuleKind, 'other'>, self: string, numbers: QuestionRef[]): Rule {
  const other = numbers.find((question) => question.name !== self)?.name ?? self
  switch (kind) {
    case 'bounds':
      return { kind, min: 0, max: null }
    case 'partOf':
      return { kind, part: self, total: other, severity: 'error' }
    case 'sum':
      return { kind, terms: [other, self].filter((name, i, all) => all.indexOf(name) === i), max: 100, severity: 'error' }
    case 'ratio':
      return { kind, value: self, per: other, min: null, max: 1, skipZero: false, severity: 'warning' }
    case 'digits':
      return { kind, count: 9 }
    case 'regex':
      return { kind, pattern: '' }
    case 'expression':
      return { kind, expression: '', severity: 'warning' }
  }
}

/**
 * The question's rules, picked from the other questions rather than written: bounds, « dont ≤
 * total », « la somme de … ≤ N », a ratio between two answers, plausibility warnings, digits and
 * patterns. Each is one validator of the question, its message in French and English; a message
 * Sonde wrote follows the rule while staff have not rewritten it.
 */
export function RulesEditor({
  self,
  validators,
  questions,
  titleOf,
  onChange,
  textsOnly,
}: {
  self: string
  validators: Record<string, unknown>[]
  questions: QuestionRef[]
  titleOf: TitleOf
  onChange(validators: Record<string, unknown>[] | undefined): void
  textsOnly: boolean
}) {
  const id = useId()
  const [adding, setAdding] = useState<Exclude<RuleKind, 'other'>>('bounds')
  const rules = validators.map(ruleFromValidator)
  const numbers = questions.filter((question) => valueKind(question) === 'number')
  const write = (next: Rule[]) => onChange(next.length === 0 ? undefined : next.map(validatorFromRule))

  const change = (index: number, next: Rule) => {
    const before = rules[index]!
    // The message Sonde wrote for the rule as it was follows the rule; one staff wrote stays.
    if (before.kind !== 'other' && next.kind !== 'other' && JSON.stringify(before.message) === JSON.stringify(defaultMessage(before, titleOf))) {
      const message = defaultMessage(next, titleOf)
      next = message === undefined ? (({ message: _dropped, ...rest }) => rest as Rule)(next) : { ...next, message }
    }
    write(rules.map((rule, i) => (i === index ? next : rule)))
  }

  return (
    <fieldset className="designer-rules">
      <legend>{t('admin.designer.rules.legend')}</legend>
      {rules.length === 0 ? <p className="field__hint">{t('admin.designer.rules.none')}</p> : null}
      <ol className="designer-rule-list">
        {rules.map((rule, index) => (
          <li key={index}>
            <fieldset className="designer-rule">
              <legend>{t('admin.designer.rules.item', { number: index + 1, kind: t(KIND_LABELS[rule.kind]) })}</legend>
              <RuleFields rule={rule} numbers={numbers} onChange={(next) => change(index, next)} disabled={textsOnly} />
              {rule.kind === 'other' ? null : (
                <>
                  {'severity' in rule ? (
                    <CheckField
                      label={t('admin.designer.rules.warning')}
                      hint={t('admin.designer.rules.warningHint')}
                      checked={rule.severity === 'warning'}
                      disabled={textsOnly}
                      onChange={(checked) => change(index, { ...rule, severity: checked ? 'warning' : 'error' })}
                    />
                  ) : null}
                  <TextPair
                    label={t('admin.designer.rules.message', { number: index + 1 })}
                    value={rule.message}
                    multiline
                    onChange={(message) => write(rules.map((each, i) => (i === index ? ({ ...rule, message } as Rule) : each)))}
                  />
                </>
              )}
              {textsOnly ? null : (
                <button type="button" className="button button--secondary button--small" onClick={() => write(rules.filter((_, i) => i !== index))}>
                  {t('admin.designer.rules.remove', { number: index + 1 })}
                </button>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {textsOnly ? null : (
        <div className="designer-inline">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('admin.designer.rules.kind')}</label>
            <select id={`${id}-kind`} value={adding} onChange={(event) => setAdding(event.target.value as Exclude<RuleKind, 'other'>)}>
              {ADDABLE.map((kind) => (
                <option key={kind} value={kind}>
                  {t(KIND_LABELS[kind])}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              const rule = newRule(adding, self, numbers)
              const message = defaultMessage(rule, titleOf)
              write([...rules, message === undefined ? rule : ({ ...rule, message } as Rule)])
            }}
          >
            {t('admin.designer.rules.add')}
          </button>
        </div>
      )}
    </fieldset>
  )
}

function QuestionPicker({ label, value, questions, onChange }: { label: string; value: string; questions: QuestionRef[]; onChange(name: string): void }) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {questions.some((question) => question.name === value) ? null : <option value={value}>{value}</option>}
        {questions.map((question) => (
          <option key={question.name} value={question.name}>
            {question.title} ({question.name})
          </option>
        ))}
      </select>
    </div>
  )
}

function RuleFields({ rule, numbers, onChange, disabled }: { rule: Rule; numbers: QuestionRef[]; onChange(rule: Rule): void; disabled: boolean }) {
  const id = useId()
  const inner = (() => {
    switch (rule.kind) {
      case 'bounds':
        return (
          <div className="designer-inline">
            <NumberField label={t('admin.designer.rule.min')} value={rule.min} onChange={(min) => onChange({ ...rule, min })} />
            <NumberField label={t('admin.designer.rule.max')} value={rule.max} onChange={(max) => onChange({ ...rule, max })} />
          </div>
        )
      case 'partOf':
        return (
          <div className="designer-inline">
            <QuestionPicker label={t('admin.designer.rule.part')} value={rule.part} questions={numbers} onChange={(part) => onChange({ ...rule, part })} />
            <QuestionPicker label={t('admin.designer.rule.total')} value={rule.total} questions={numbers} onChange={(total) => onChange({ ...rule, total })} />
          </div>
        )
      case 'sum':
        return (
          <>
            <fieldset>
              <legend>{t('admin.designer.rule.terms')}</legend>
              <ul className="designer-checklist">
                {numbers.map((question) => (
                  <li key={question.name}>
                    <CheckField
                      label={`${question.title} (${question.name})`}
                      checked={rule.terms.includes(question.name)}
                      // A sum keeps at least one question.
                      disabled={rule.terms.length === 1 && rule.terms[0] === question.name}
                      onChange={(checked) =>
                        onChange({
                          ...rule,
                          terms: numbers.map((each) => each.name).filter((name) => (name === question.name ? checked : rule.terms.includes(name))),
                        })
                      }
                    />
                  </li>
                ))}
              </ul>
            </fieldset>
            <NumberField label={t('admin.designer.rule.sumMax')} value={rule.max} onChange={(max) => onChange({ ...rule, max: max ?? 0 })} />
          </>
        )
      case 'ratio':
        return (
          <>
            <div className="designer-inline">
              <QuestionPicker
                label={t('admin.designer.rule.ratioValue')}
                value={rule.value}
                questions={numbers}
                onChange={(value) => onChange({ ...rule, value })}
              />
              <QuestionPicker label={t('admin.designer.rule.ratioPer')} value={rule.per} questions={numbers} onChange={(per) => onChange({ ...rule, per })} />
            </div>
            <div className="designer-inline">
              <NumberField
                label={t('admin.designer.rule.ratioMin')}
                value={rule.min}
                onChange={(min) => onChange({ ...rule, min, skipZero: min !== null ? true : rule.skipZero })}
              />
              <NumberField label={t('admin.designer.rule.ratioMax')} value={rule.max} onChange={(max) => onChange({ ...rule, max })} />
            </div>
            <CheckField label={t('admin.designer.rule.skipZero')} checked={rule.skipZero} onChange={(skipZero) => onChange({ ...rule, skipZero })} />
          </>
        )
      case 'digits':
        return <NumberField label={t('admin.designer.rule.digitsCount')} value={rule.count} onChange={(count) => onChange({ ...rule, count: count ?? 1 })} />
      case 'regex':
        return (
          <div className="field">
            <label htmlFor={id}>{t('admin.designer.rule.pattern')}</label>
            <input
              id={id}
              type="text"
              className="designer-code"
              spellCheck={false}
              value={rule.pattern}
              onChange={(event) => onChange({ ...rule, pattern: event.target.value })}
            />
          </div>
        )
      case 'expression':
        return (
          <div className="field">
            <label htmlFor={id}>{t('admin.designer.rule.expressionText')}</label>
            <textarea
              id={id}
              rows={2}
              className="designer-code"
              spellCheck={false}
              value={rule.expression}
              aria-describedby={`${id}-hint`}
              onChange={(event) => onChange({ ...rule, expression: event.target.value })}
            />
            <p id={`${id}-hint`} className="field__hint">
              {t('admin.designer.rule.expressionHint')}
            </p>
          </div>
        )
      case 'other':
        return <pre className="designer-code">{JSON.stringify(rule.json, null, 2)}</pre>
    }
  })()
  return (
    <fieldset className="designer-rule__fields" disabled={disabled}>
      {inner}
    </fieldset>
  )
}
