import { THEME_KEYS, type Family, type IndicatorDefinitionInput, type IndicatorQuestion } from '@sonde/contracts'
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { t, type MessageKey } from '../../i18n'
import { AGGREGATIONS, fromDraft, proposeId, questionsFor, type ConditionKind, type Draft, type FieldProblems, type TermDraft } from './indicator-draft'

export const aggregationLabels: Record<Draft['aggregation'], MessageKey> = {
  sum: 'admin.indicators.aggregation.sum',
  median: 'admin.indicators.aggregation.median',
  share: 'admin.indicators.aggregation.share',
  pooled_ratio: 'admin.indicators.aggregation.pooled_ratio',
  median_ratio: 'admin.indicators.aggregation.median_ratio',
  distribution: 'admin.indicators.aggregation.distribution',
  derived_sum: 'admin.indicators.aggregation.derived_sum',
}

const TITLE_LENGTH = 80

/** A question as the selects show it: its French title (shortened), then its name. */
function questionLabel(question: IndicatorQuestion): string {
  const title = question.title.replace(/<[^>]*>/g, '').trim()
  const short = title.length > TITLE_LENGTH ? `${title.slice(0, TITLE_LENGTH - 1)}…` : title
  return short && short !== question.name ? `${short} (${question.name})` : question.name
}

interface IndicatorFormProps {
  initial: Draft
  /** Editing an indicator of the list (its label), or adding one (null). */
  editing: string | null
  questions: readonly IndicatorQuestion[]
  families: readonly Family[]
  /** The id can no longer change: the wave has opened with it, or a release published it. */
  idLocked: boolean
  /** The ids of the other indicators, so that a proposed id is free. */
  otherIds: ReadonlySet<string>
  /** What the server said about this indicator at the last save, by field. */
  serverProblems: FieldProblems
  onApply(definition: IndicatorDefinitionInput): void
  onCancel(): void
}

/** The form of one indicator: labels, id, aggregation and what it reads, unit, families. Applied to the list, saved with it. */
export function IndicatorForm({ initial, editing, questions, families, idLocked, otherIds, serverProblems, onApply, onCancel }: IndicatorFormProps) {
  const id = useId()
  const form = useRef<HTMLFormElement>(null)
  const [draft, setDraft] = useState(initial)
  const [clientProblems, setClientProblems] = useState<FieldProblems>(new Map())
  const problems = new Map([...serverProblems, ...clientProblems])

  // Opened with the server's problems: straight to the first field at fault; otherwise to the first field.
  useEffect(() => {
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>('input, select')
    target?.focus()
    // Only when the form opens.
  }, [])

  const fieldId = (field: string) => `${id}-${field.replace(/\./g, '-')}`
  const errorId = (field: string) => `${fieldId(field)}-error`
  const invalid = (field: string) => (problems.has(field) ? true : undefined)
  const describedBy = (field: string, hint?: string) => [problems.has(field) ? errorId(field) : null, hint ?? null].filter(Boolean).join(' ') || undefined

  function update(change: Partial<Draft>) {
    setDraft((current) => {
      const next = { ...current, ...change }
      if (!next.idTyped && !idLocked && change.labelFr !== undefined) next.id = proposeId(next.labelFr, otherIds)
      return next
    })
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const result = fromDraft(draft, questions)
    if ('problems' in result) {
      setClientProblems(result.problems)
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    setClientProblems(new Map())
    onApply(result.definition)
  }

  const errorText = (field: string) =>
    problems.has(field) ? (
      <ul id={errorId(field)} className="field__error">
        {problems.get(field)!.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    ) : null

  const questionSelect = (
    field: string,
    label: string,
    value: string,
    options: readonly IndicatorQuestion[],
    onChange: (name: string) => void,
    allowNone?: string,
  ) => (
    <div className="field">
      <label htmlFor={fieldId(field)}>{label}</label>
      <select
        id={fieldId(field)}
        value={value}
        aria-invalid={invalid(field)}
        aria-describedby={describedBy(field)}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{allowNone ?? t('admin.indicators.chooseQuestion')}</option>
        {/* A question the aggregation cannot read stays listed while chosen, so that the choice is visible (and the server says why). */}
        {value && !options.some((q) => q.name === value) ? <option value={value}>{value}</option> : null}
        {options.map((q) => (
          <option key={q.name} value={q.name}>
            {questionLabel(q)}
          </option>
        ))}
      </select>
      {errorText(field)}
    </div>
  )

  const textField = (
    field: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    options: { hint?: string; lang?: string; decimal?: boolean; readOnly?: boolean } = {},
  ) => (
    <div className="field">
      <label htmlFor={fieldId(field)}>{label}</label>
      <input
        id={fieldId(field)}
        type="text"
        lang={options.lang}
        inputMode={options.decimal ? 'decimal' : undefined}
        autoComplete="off"
        spellCheck={options.decimal ? false : undefined}
        readOnly={options.readOnly}
        value={value}
        aria-invalid={invalid(field)}
        aria-describedby={describedBy(field, options.hint ? `${fieldId(field)}-hint` : undefined)}
        onChange={(event) => onChange(event.target.value)}
      />
      {options.hint ? (
        <p id={`${fieldId(field)}-hint`} className="field__hint">
          {options.hint}
        </p>
      ) : null}
      {errorText(field)}
    </div>
  )

  const question = questions.find((q) => q.name === draft.question)
  const title = editing === null ? t('admin.indicators.form.new') : t('admin.indicators.form.edit', { label: editing })

  return (
    <form ref={form} className="panel form-grid indicator-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {problems.size > 0 ? (
        <div className="problems" role="alert">
          <p className="problems__title">{t('admin.indicators.form.problems', { count: [...problems.values()].flat().length })}</p>
        </div>
      ) : null}
      {textField('labelFr', t('admin.indicators.labelFr'), draft.labelFr, (labelFr) => update({ labelFr }), { lang: 'fr' })}
      {textField('labelEn', t('admin.indicators.labelEn'), draft.labelEn, (labelEn) => update({ labelEn }), { lang: 'en' })}
      {textField('id', t('admin.indicators.id'), draft.id, (value) => update({ id: value, idTyped: true }), {
        hint: idLocked ? t('admin.indicators.idLocked') : t('admin.indicators.idHint'),
        readOnly: idLocked,
      })}
      <div className="field">
        <label htmlFor={fieldId('aggregation')}>{t('admin.indicators.aggregation')}</label>
        <select
          id={fieldId('aggregation')}
          value={draft.aggregation}
          onChange={(event) => {
            const aggregation = event.target.value as Draft['aggregation']
            const keeps = questionsFor(aggregation, questions).some((q) => q.name === draft.question)
            update({ aggregation, question: keeps ? draft.question : '', unit: draft.unit || (aggregation === 'share' ? 'proportion' : '') })
          }}
        >
          {AGGREGATIONS.map((aggregation) => (
            <option key={aggregation} value={aggregation}>
              {t(aggregationLabels[aggregation])}
            </option>
          ))}
        </select>
      </div>

      {draft.aggregation === 'sum' || draft.aggregation === 'median'
        ? questionSelect('question', t('admin.indicators.question'), draft.question, questionsFor(draft.aggregation, questions), (name) =>
            update({ question: name }),
          )
        : null}

      {draft.aggregation === 'share' ? (
        <>
          {questionSelect('question', t('admin.indicators.question'), draft.question, questionsFor('share', questions), (name) => {
            const next = questions.find((q) => q.name === name)
            update({ question: name, conditionKind: next?.numeric ? draft.conditionKind : 'equals', conditionValue: next?.type === 'boolean' ? 'true' : '' })
          })}
          <fieldset className="indicator-form__group" aria-describedby={describedBy('condition')}>
            <legend>{t('admin.indicators.condition')}</legend>
            <div className="field">
              <label htmlFor={fieldId('conditionKind')}>{t('admin.indicators.conditionKind')}</label>
              <select
                id={fieldId('conditionKind')}
                value={draft.conditionKind}
                onChange={(event) => update({ conditionKind: event.target.value as ConditionKind })}
              >
                <option value="equals">{t('admin.indicators.condition.equals')}</option>
                {question?.numeric !== false ? <option value="atMost">{t('admin.indicators.condition.atMost')}</option> : null}
                {question?.numeric !== false ? <option value="atLeast">{t('admin.indicators.condition.atLeast')}</option> : null}
              </select>
            </div>
            <ConditionValue
              fieldId={fieldId('condition')}
              question={draft.conditionKind === 'equals' ? question : undefined}
              value={draft.conditionValue}
              invalid={invalid('condition')}
              describedBy={describedBy('condition')}
              onChange={(conditionValue) => update({ conditionValue })}
            />
            {errorText('condition')}
          </fieldset>
        </>
      ) : null}

      {draft.aggregation === 'pooled_ratio' || draft.aggregation === 'median_ratio' ? (
        <>
          {(['numerator', 'denominator'] as const).map((side) => (
            <fieldset key={side} className="indicator-form__group" aria-describedby={describedBy(side)}>
              <legend>{t(side === 'numerator' ? 'admin.indicators.numerator' : 'admin.indicators.denominator')}</legend>
              {draft[side].map((term, i) => (
                <div key={i} className="indicator-form__term">
                  {questionSelect(
                    `${side}.${i}.question`,
                    t('admin.indicators.termQuestion', { n: i + 1 }),
                    term.question,
                    questionsFor(draft.aggregation, questions, 'term'),
                    (name) => update({ [side]: draft[side].map((other, j) => (j === i ? { ...other, question: name } : other)) } as Partial<Draft>),
                  )}
                  {textField(
                    `${side}.${i}.coefficient`,
                    t('admin.indicators.coefficient', { n: i + 1 }),
                    term.coefficient,
                    (coefficient) => update({ [side]: draft[side].map((other, j) => (j === i ? { ...other, coefficient } : other)) } as Partial<Draft>),
                    { decimal: true, hint: t('admin.indicators.coefficientHint') },
                  )}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => update({ [side]: draft[side].filter((_, j) => j !== i) } as Partial<Draft>)}
                  >
                    {t('admin.indicators.removeTerm', { n: i + 1 })}
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => update({ [side]: [...draft[side], { question: '', coefficient: '', kept: {} } satisfies TermDraft] } as Partial<Draft>)}
              >
                {t(side === 'numerator' ? 'admin.indicators.addNumerator' : 'admin.indicators.addDenominator')}
              </button>
              {errorText(side)}
            </fieldset>
          ))}
        </>
      ) : null}

      {draft.aggregation === 'distribution' ? (
        <>
          {questionSelect('question', t('admin.indicators.question'), draft.question, questionsFor('distribution', questions), (name) => {
            update({ question: name, categories: questions.find((q) => q.name === name)?.choices?.map((c) => c.value) ?? [] })
          })}
          {question?.choices ? (
            <fieldset className="indicator-form__group checkbox-group" aria-describedby={describedBy('categories')}>
              <legend>{t('admin.indicators.categories')}</legend>
              {question.choices.map((choice) => (
                <div key={choice.value} className="field field--check">
                  <input
                    id={fieldId(`category-${choice.value}`)}
                    type="checkbox"
                    checked={draft.categories.includes(choice.value)}
                    onChange={(event) =>
                      update({
                        categories: event.target.checked
                          ? question.choices!.map((c) => c.value).filter((v) => v === choice.value || draft.categories.includes(v))
                          : draft.categories.filter((v) => v !== choice.value),
                      })
                    }
                  />
                  <label htmlFor={fieldId(`category-${choice.value}`)}>{choice.text}</label>
                </div>
              ))}
              {errorText('categories')}
            </fieldset>
          ) : (
            errorText('categories')
          )}
        </>
      ) : null}

      {draft.aggregation === 'derived_sum' ? (
        <>
          <fieldset className="indicator-form__group" aria-describedby={describedBy('terms')}>
            <legend>{t('admin.indicators.terms')}</legend>
            {draft.terms.map((term, i) => {
              const change = (patch: Partial<Draft['terms'][number]>) =>
                update({ terms: draft.terms.map((other, j) => (j === i ? { ...other, ...patch } : other)) })
              const factorField = (field: 'value' | 'unit' | 'source' | 'version', label: MessageKey, options: { decimal?: boolean; hint?: string } = {}) => (
                <div className="field">
                  <label htmlFor={fieldId(`terms.${i}.${field}`)}>{t(label, { n: i + 1 })}</label>
                  <input
                    id={fieldId(`terms.${i}.${field}`)}
                    type="text"
                    inputMode={options.decimal ? 'decimal' : undefined}
                    autoComplete="off"
                    value={term[field]}
                    aria-invalid={invalid(`terms.${i}.${field}`) ?? (field !== 'value' && term[field].trim() === '' ? invalid(`terms.${i}.factor`) : undefined)}
                    aria-describedby={
                      [
                        problems.has(`terms.${i}.${field}`) ? errorId(`terms.${i}.${field}`) : null,
                        problems.has(`terms.${i}.factor`) ? errorId(`terms.${i}.factor`) : null,
                        options.hint ? `${fieldId(`terms.${i}.${field}`)}-hint` : null,
                      ]
                        .filter(Boolean)
                        .join(' ') || undefined
                    }
                    onChange={(event) => change({ [field]: event.target.value })}
                  />
                  {options.hint ? (
                    <p id={`${fieldId(`terms.${i}.${field}`)}-hint`} className="field__hint">
                      {options.hint}
                    </p>
                  ) : null}
                  {errorText(`terms.${i}.${field}`)}
                </div>
              )
              return (
                <fieldset key={i} className="indicator-form__term">
                  <legend>{t('admin.indicators.term', { n: i + 1 })}</legend>
                  {questionSelect(
                    `terms.${i}.question`,
                    t('admin.indicators.termQuestion', { n: i + 1 }),
                    term.question,
                    questionsFor('derived_sum', questions),
                    (name) => change({ question: name }),
                  )}
                  {factorField('value', 'admin.indicators.factorValue', { decimal: true, hint: t('admin.indicators.factorValueHint') })}
                  {factorField('unit', 'admin.indicators.factorUnit')}
                  {factorField('source', 'admin.indicators.factorSource', { hint: t('admin.indicators.factorSourceHint') })}
                  {factorField('version', 'admin.indicators.factorVersion')}
                  {errorText(`terms.${i}.factor`)}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => update({ terms: draft.terms.filter((_, j) => j !== i) })}
                  >
                    {t('admin.indicators.removeTerm', { n: i + 1 })}
                  </button>
                </fieldset>
              )
            })}
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => update({ terms: [...draft.terms, { question: '', value: '', unit: '', source: '', version: '' }] })}
            >
              {t('admin.indicators.addTerm')}
            </button>
            {errorText('terms')}
          </fieldset>
          {questionSelect(
            'multiplier',
            t('admin.indicators.multiplier'),
            draft.multiplierQuestion,
            questionsFor('derived_sum', questions),
            (name) => update({ multiplierQuestion: name }),
            t('admin.indicators.noMultiplier'),
          )}
          {draft.multiplierQuestion
            ? textField(
                'multiplierDefault',
                t('admin.indicators.multiplierDefault'),
                draft.multiplierDefault,
                (multiplierDefault) => update({ multiplierDefault }),
                { decimal: true },
              )
            : null}
        </>
      ) : null}

      {textField('unit', t('admin.indicators.unit'), draft.unit, (unit) => update({ unit }), { hint: t('admin.indicators.unitHint') })}

      <div className="field">
        <label htmlFor={fieldId('theme')}>{t('admin.indicators.theme')}</label>
        <select
          id={fieldId('theme')}
          value={draft.theme}
          aria-describedby={`${fieldId('theme')}-hint`}
          onChange={(event) => update({ theme: event.target.value as Draft['theme'] })}
        >
          <option value="">{t('admin.indicators.theme.none')}</option>
          {THEME_KEYS.map((theme) => (
            <option key={theme} value={theme}>
              {t(`research.themeName.${theme}`)}
            </option>
          ))}
        </select>
        <p id={`${fieldId('theme')}-hint`} className="field__hint">
          {t('admin.indicators.theme.hint')}
        </p>
      </div>

      <fieldset className="indicator-form__group" aria-describedby={describedBy('families')}>
        <legend>{t('admin.indicators.families')}</legend>
        <div className="field field--check">
          <input
            id={fieldId('families-all')}
            type="radio"
            name={fieldId('families')}
            checked={draft.allFamilies}
            onChange={() => update({ allFamilies: true })}
          />
          <label htmlFor={fieldId('families-all')}>{t('admin.indicators.families.all')}</label>
        </div>
        <div className="field field--check">
          <input
            id={fieldId('families-some')}
            type="radio"
            name={fieldId('families')}
            checked={!draft.allFamilies}
            onChange={() => update({ allFamilies: false })}
          />
          <label htmlFor={fieldId('families-some')}>{t('admin.indicators.families.some')}</label>
        </div>
        {!draft.allFamilies ? (
          <div className="checkbox-group indicator-form__families">
            {families.map((family) => (
              <div key={family.key} className="field field--check">
                <input
                  id={fieldId(`family-${family.key}`)}
                  type="checkbox"
                  checked={draft.families.includes(family.key)}
                  onChange={(event) =>
                    update({
                      families: event.target.checked
                        ? families.map((f) => f.key).filter((key) => key === family.key || draft.families.includes(key))
                        : draft.families.filter((key) => key !== family.key),
                    })
                  }
                />
                <label htmlFor={fieldId(`family-${family.key}`)}>{family.labelFr}</label>
              </div>
            ))}
          </div>
        ) : null}
        {errorText('families')}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button">
          {t('admin.indicators.apply')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('admin.indicators.cancel')}
        </button>
      </div>
    </form>
  )
}

/** The value a share's condition compares with: yes/no, one of the choices, a number, or a text. */
function ConditionValue({
  fieldId,
  question,
  value,
  invalid,
  describedBy,
  onChange,
}: {
  fieldId: string
  question: IndicatorQuestion | undefined
  value: string
  invalid: true | undefined
  describedBy: string | undefined
  onChange(value: string): void
}): ReactNode {
  const label = <label htmlFor={fieldId}>{t('admin.indicators.conditionValue')}</label>
  if (question?.type === 'boolean' || question?.choices) {
    const options =
      question.type === 'boolean'
        ? [
            { value: 'true', text: t('admin.indicators.yes') },
            { value: 'false', text: t('admin.indicators.no') },
          ]
        : question.choices!
    return (
      <div className="field">
        {label}
        <select id={fieldId} value={value} aria-invalid={invalid} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value)}>
          {question.type === 'boolean' ? null : <option value="">{t('admin.indicators.chooseValue')}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.text}
            </option>
          ))}
        </select>
      </div>
    )
  }
  return (
    <div className="field">
      {label}
      <input
        id={fieldId}
        type="text"
        className="input--short"
        inputMode={question === undefined || question.numeric ? 'decimal' : undefined}
        autoComplete="off"
        value={value}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  )
}
