import type { Aggregation, IndicatorDefinitionInput, IndicatorQuestion, ThemeKey } from '@sonde/contracts'
import { t } from '../../i18n'
import { entryProblem, formatEntry } from '../../survey/number-entry/entry-text'
import { parseNumber } from '../../survey/number-entry/parse-number'
import { uniqueName } from '../designer/model/names'

/** The aggregations offered, in the order of the form. */
export const AGGREGATIONS: readonly Aggregation[] = ['sum', 'median', 'share', 'pooled_ratio', 'median_ratio', 'distribution', 'derived_sum']

export type ConditionKind = 'equals' | 'atMost' | 'atLeast'

/** A term of a ratio side as the form edits it; what the form does not show (`times`, `default`) is kept as it was. */
export interface TermDraft {
  question: string
  coefficient: string
  kept: { times?: string; default?: number }
}

interface FactorTermDraft {
  question: string
  value: string
  unit: string
  source: string
  version: string
}

/** One indicator as the form holds it: every field as typed (numbers as text, read with `parseNumber`). */
export interface Draft {
  id: string
  /** The id follows the French label until someone types it. */
  idTyped: boolean
  labelFr: string
  labelEn: string
  unit: string
  aggregation: Aggregation
  question: string
  conditionKind: ConditionKind
  conditionValue: string
  numerator: TermDraft[]
  denominator: TermDraft[]
  categories: string[]
  terms: FactorTermDraft[]
  multiplierQuestion: string
  multiplierDefault: string
  allFamilies: boolean
  families: string[]
  /** The theme the research portal reads it under; '' for none chosen (« Autres », or the default catalogue's by id). */
  theme: ThemeKey | ''
}

const numberText = (value: number | undefined) => (value === undefined ? '' : formatEntry(value, false))

/** The longest id the server accepts (`ID_PATTERN` of packages/analysis/src/indicators/validate.ts). */
const ID_MAX_LENGTH = 63

/**
 * An id proposed from a label, free among `taken` (`_2`, `_3`… added within the length limit):
 * "Budget médian (€)" → "budget_median".
 */
export function proposeId(label: string, taken: ReadonlySet<string>): string {
  const id = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, ID_MAX_LENGTH)
    .replace(/_+$/, '')
  return uniqueName(id, taken, ID_MAX_LENGTH)
}

export function emptyDraft(): Draft {
  return {
    id: '',
    idTyped: false,
    labelFr: '',
    labelEn: '',
    unit: '',
    aggregation: 'median',
    question: '',
    conditionKind: 'equals',
    conditionValue: '',
    numerator: [{ question: '', coefficient: '', kept: {} }],
    denominator: [{ question: '', coefficient: '', kept: {} }],
    categories: [],
    terms: [{ question: '', value: '', unit: '', source: '', version: '' }],
    multiplierQuestion: '',
    multiplierDefault: '',
    allFamilies: true,
    families: [],
    theme: '',
  }
}

function termDraft(term: string | { question: string; count?: boolean; times?: string; coefficient?: number; default?: number }): TermDraft {
  if (typeof term === 'string') return { question: term, coefficient: '', kept: {} }
  const kept: TermDraft['kept'] = {}
  if (term.times !== undefined) kept.times = term.times
  if (term.default !== undefined) kept.default = term.default
  return { question: term.question, coefficient: term.coefficient === undefined || term.coefficient === 1 ? '' : numberText(term.coefficient), kept }
}

/** The form's fields for a stored definition. */
export function toDraft(definition: IndicatorDefinitionInput): Draft {
  const draft: Draft = {
    ...emptyDraft(),
    id: definition.id,
    idTyped: true,
    labelFr: definition.labelFr,
    labelEn: definition.labelEn,
    unit: definition.unit,
    aggregation: definition.aggregation,
    allFamilies: definition.families === null,
    families: definition.families ?? [],
    theme: definition.theme ?? '',
  }
  switch (definition.aggregation) {
    case 'sum':
    case 'median':
      return { ...draft, question: definition.question }
    case 'share': {
      const when = definition.when
      if ('equals' in when)
        return {
          ...draft,
          question: definition.question,
          conditionKind: 'equals',
          conditionValue: typeof when.equals === 'number' ? numberText(when.equals) : String(when.equals),
        }
      if ('atMost' in when) return { ...draft, question: definition.question, conditionKind: 'atMost', conditionValue: numberText(when.atMost) }
      return { ...draft, question: definition.question, conditionKind: 'atLeast', conditionValue: numberText(when.atLeast) }
    }
    case 'pooled_ratio':
    case 'median_ratio':
      return { ...draft, numerator: definition.numerator.map(termDraft), denominator: definition.denominator.map(termDraft) }
    case 'distribution':
      return { ...draft, question: definition.question, categories: [...definition.categories] }
    case 'derived_sum':
      return {
        ...draft,
        terms: definition.terms.map((term) => ({
          question: term.question,
          value: numberText(term.factor.value),
          unit: term.factor.unit,
          source: term.factor.source,
          version: term.factor.version,
        })),
        multiplierQuestion: definition.multiplier?.question ?? '',
        multiplierDefault: definition.multiplier ? numberText(definition.multiplier.default) : '',
      }
  }
}

/** Field → message: the keys are those of `fieldOf` (`labelFr`, `condition`, `terms.0.value`…). */
export type FieldProblems = Map<string, string[]>

function addProblem(problems: FieldProblems, field: string, message: string) {
  problems.set(field, [...(problems.get(field) ?? []), message])
}

/**
 * The definition the form describes, or the problems that keep it from being one: empty labels,
 * numbers that do not read as one number (the same reading as the respondent's number fields,
 * whatever the browser's language: "0,35" is 0.35). What depends on the questionnaire is the
 * server's to say.
 */
export function fromDraft(draft: Draft, questions: readonly IndicatorQuestion[]): { definition: IndicatorDefinitionInput } | { problems: FieldProblems } {
  const problems: FieldProblems = new Map()
  const required = (field: 'labelFr' | 'labelEn') => {
    if (draft[field].trim() === '') addProblem(problems, field, t('admin.indicators.problem.required'))
  }
  required('labelFr')
  required('labelEn')
  const number = (field: string, text: string, optional = false): number | undefined => {
    const reading = parseNumber(text)
    if (reading.kind === 'number') return reading.value
    if (reading.kind === 'empty') {
      if (!optional) addProblem(problems, field, t('admin.indicators.problem.numberRequired'))
      return undefined
    }
    addProblem(problems, field, entryProblem(text) ?? t('admin.indicators.problem.numberRequired'))
    return undefined
  }
  const questionOf = (name: string) => questions.find((q) => q.name === name)
  const base = {
    id: draft.id.trim(),
    labelFr: draft.labelFr.trim(),
    labelEn: draft.labelEn.trim(),
    unit: draft.unit.trim(),
    families: draft.allFamilies ? null : draft.families,
    ...(draft.theme ? { theme: draft.theme } : {}),
  }
  const terms = (side: 'numerator' | 'denominator') =>
    draft[side].map((term, i) => {
      const coefficient = number(`${side}.${i}.coefficient`, term.coefficient, true)
      const count = questionOf(term.question)?.multiple === true
      if (!count && coefficient === undefined && term.kept.times === undefined && term.kept.default === undefined) return term.question
      return {
        question: term.question,
        ...(count ? { count: true } : {}),
        ...(term.kept.times !== undefined ? { times: term.kept.times } : {}),
        ...(coefficient !== undefined ? { coefficient } : {}),
        ...(term.kept.default !== undefined ? { default: term.kept.default } : {}),
      }
    })

  let definition: IndicatorDefinitionInput
  switch (draft.aggregation) {
    case 'sum':
    case 'median':
      definition = { ...base, aggregation: draft.aggregation, question: draft.question }
      break
    case 'share': {
      const question = questionOf(draft.question)
      let when: { equals: string | number | boolean } | { atMost: number } | { atLeast: number }
      if (draft.conditionKind === 'equals') {
        if (question?.type === 'boolean') when = { equals: draft.conditionValue === 'true' }
        else if (question?.numeric) when = { equals: number('condition', draft.conditionValue) ?? 0 }
        else when = { equals: draft.conditionValue }
      } else {
        const bound = number('condition', draft.conditionValue) ?? 0
        when = draft.conditionKind === 'atMost' ? { atMost: bound } : { atLeast: bound }
      }
      definition = { ...base, aggregation: 'share', question: draft.question, when }
      break
    }
    case 'pooled_ratio':
    case 'median_ratio':
      definition = { ...base, aggregation: draft.aggregation, numerator: terms('numerator'), denominator: terms('denominator') }
      break
    case 'distribution':
      definition = {
        ...base,
        aggregation: 'distribution',
        question: draft.question,
        categories: draft.categories,
        multiple: questionOf(draft.question)?.multiple ?? false,
      }
      break
    case 'derived_sum': {
      const multiplierDefault = draft.multiplierQuestion ? (number('multiplier', draft.multiplierDefault) ?? 0) : 0
      definition = {
        ...base,
        aggregation: 'derived_sum',
        terms: draft.terms.map((term, i) => ({
          question: term.question,
          factor: {
            value: number(`terms.${i}.value`, term.value) ?? 0,
            unit: term.unit.trim(),
            source: term.source.trim(),
            version: term.version.trim(),
          },
        })),
        multiplier: draft.multiplierQuestion ? { question: draft.multiplierQuestion, default: multiplierDefault } : null,
      }
      break
    }
  }
  return problems.size > 0 ? { problems } : { definition }
}

/**
 * The form field a server problem is about, from its path inside the indicator (`question`,
 * `when`, `terms[0].factor`, `families[1]`…): `terms[2].factor` is the third term's factor,
 * a ratio term its side, a category the list of categories.
 */
export function fieldOf(path: string): string {
  const term = /^terms\[(\d+)\]\.(factor|question)/.exec(path)
  if (term) return `terms.${term[1]}.${term[2]}`
  const head = path.split(/[.[]/)[0] ?? ''
  switch (head) {
    case 'when':
      return 'condition'
    case 'multiple':
      return 'question'
    default:
      return head
  }
}

/** Questions an aggregation can read: numbers for totals, medians, ratios and conversions; choices for a distribution. */
export function questionsFor(aggregation: Aggregation, questions: readonly IndicatorQuestion[], role: 'main' | 'term' = 'main'): IndicatorQuestion[] {
  switch (aggregation) {
    case 'sum':
    case 'median':
    case 'derived_sum':
      return questions.filter((q) => q.numeric)
    case 'share':
      return questions.filter((q) => !q.multiple && (q.numeric || q.type === 'boolean' || q.choices !== null))
    case 'pooled_ratio':
    case 'median_ratio':
      return questions.filter((q) => q.numeric || (role === 'term' && q.multiple))
    case 'distribution':
      return questions.filter((q) => q.choices !== null)
  }
}
