import type { QuestionInfo, QuestionnaireJson } from '@sonde/survey'
import type { CsvCell } from './csv'

/** The first column of `responses.csv`: a random pseudonym of the organisation, stable within one export. */
export const ID_COLUMN = 'id'

/** Frictionless field types used by the microdata export. */
export type VariableType = 'number' | 'integer' | 'boolean' | 'string' | 'date'

export interface VariableValue {
  value: string
  labelFr: string
  labelEn: string
}

/** One column of `responses.csv`, with its codebook entry. */
export interface ExportVariable {
  /** Column name: the question's name, or `question__row`, `question__choice`… for flattened parts. */
  name: string
  /** The question it comes from. */
  question: string
  labelFr: string
  labelEn: string
  type: VariableType
  /** The SurveyJS question type, and for flattened parts what the column holds. */
  kind: string
  /** The possible values and their labels (choices), or null. */
  values: VariableValue[] | null
  page: string
  pageIndex: number
  /**
   * The fixed upper bound of a number column in the questionnaire (the question's `max`, the
   * `maxValue` of a numeric validator, a rating's highest rate, a slider's or range's `max`), or
   * null when it has none (amounts and counts): such columns are top-coded in protected microdata.
   */
  max: number | null
  /**
   * The `visibleIf` conditions of the question, of the panels holding it and of its page: all held
   * when it was answered, so an answer tells them (a family page gives away the family).
   */
  visibleIf: readonly string[]
  /** The cell, from the answer to `question` (undefined when unanswered: then always empty). */
  value(answer: unknown): CsvCell
}

/** A question of the questionnaire left out of the microdata, and why. */
export interface ExcludedQuestion {
  question: string
  labelFr: string
  reason: 'identifying' | 'free_text' | 'file'
}

/** English texts of a questionnaire, where it has them (SurveyJS localisable strings `{ default, en }`). */
interface EnglishTexts {
  titles: Map<string, string>
  choices: Map<string, Map<string, string>>
}

// Names and input types that identify an organisation or a person: never exported.
const IDENTIFYING_NAME = /(^|_)(nom|name|prenom|email|e_mail|mail|courriel|telephone|tel|phone|adresse|address|siren|siret|contact)(_|$)/
const IDENTIFYING_INPUT = new Set(['email', 'tel', 'url', 'password'])
// Text inputs that hold a value, not free text.
const VALUE_INPUT = new Set(['date', 'datetime-local', 'month', 'time', 'week', 'color'])

function localised(text: unknown, locale: 'en'): string | undefined {
  if (text && typeof text === 'object' && !Array.isArray(text)) {
    const value = (text as Record<string, unknown>)[locale]
    return typeof value === 'string' ? value : undefined
  }
  return undefined
}

/** The English titles and choice texts of a questionnaire's elements, walking pages and panels. */
function englishTexts(definition: QuestionnaireJson): EnglishTexts {
  const titles = new Map<string, string>()
  const choices = new Map<string, Map<string, string>>()
  const visit = (element: unknown) => {
    if (!element || typeof element !== 'object') return
    const e = element as Record<string, unknown>
    if (typeof e.name === 'string') {
      const title = localised(e.title, 'en')
      if (title) titles.set(e.name, title)
      for (const key of ['choices', 'columns', 'rows'] as const) {
        const list = e[key]
        if (!Array.isArray(list)) continue
        for (const item of list) {
          if (!item || typeof item !== 'object') continue
          const text = localised((item as Record<string, unknown>).text, 'en')
          const value = (item as Record<string, unknown>).value
          if (text && (typeof value === 'string' || typeof value === 'number')) {
            const map = choices.get(e.name) ?? new Map<string, string>()
            map.set(String(value), text)
            choices.set(e.name, map)
          }
        }
      }
    }
    for (const key of ['pages', 'elements', 'templateElements'] as const) {
      const children = e[key]
      if (Array.isArray(children)) children.forEach(visit)
    }
  }
  visit(definition)
  return { titles, choices }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

const finiteNumber = (value: unknown): number | null => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : null
}

/**
 * The fixed upper bound of a question's answer: the smallest of its `max`, the `maxValue` of its
 * numeric validators, a rating's highest rate (survey-core's default `rateMax` is 5) and a slider's
 * or range's `max` (100 by default). Bounds given by an expression depend on another answer, not a
 * fixed ceiling: they do not count.
 */
function upperBound(element: Record<string, unknown>): number | null {
  const bounds: number[] = []
  const max = finiteNumber(element.max)
  if (max !== null) bounds.push(max)
  for (const validator of Array.isArray(element.validators) ? element.validators : []) {
    const maxValue = isObject(validator) && validator.type === 'numeric' ? finiteNumber(validator.maxValue) : null
    if (maxValue !== null) bounds.push(maxValue)
  }
  if (element.type === 'rating') {
    const rates = (Array.isArray(element.rateValues) ? element.rateValues : [])
      .map((rate) => finiteNumber(isObject(rate) ? rate.value : rate))
      .filter((rate): rate is number => rate !== null)
    bounds.push(rates.length > 0 ? Math.max(...rates) : (finiteNumber(element.rateMax) ?? 5))
  }
  if (element.type === 'slider' || (element.type === 'text' && element.inputType === 'range')) bounds.push(max ?? 100)
  return bounds.length > 0 ? Math.min(...bounds) : null
}

interface QuestionContext {
  max: number | null
  visibleIf: string[]
}

/** Each question's fixed upper bound and the `visibleIf` conditions of the question, its panels and its page. */
function questionContexts(definition: QuestionnaireJson): Map<string, QuestionContext> {
  const contexts = new Map<string, QuestionContext>()
  const visit = (element: unknown, conditions: string[]) => {
    if (!isObject(element)) return
    const visibleIf = typeof element.visibleIf === 'string' && element.visibleIf.trim() !== '' ? [...conditions, element.visibleIf] : conditions
    if (typeof element.name === 'string' && typeof element.type === 'string' && element.type !== 'panel') {
      contexts.set(element.name, { max: upperBound(element), visibleIf })
    }
    for (const key of ['pages', 'elements'] as const) {
      const children = element[key]
      if (Array.isArray(children)) for (const child of children) visit(child, visibleIf)
    }
  }
  visit(definition, [])
  return contexts
}

function columnPart(value: string): string {
  const cleaned = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
  return cleaned || 'x'
}

const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const anyText = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value))

/**
 * The columns of the pseudonymised microdata export for a questionnaire, in questionnaire order,
 * and the questions left out (docs/security.md, "Pseudonymised microdata"): a number, a boolean, a choice or a
 * date is one column; a multiple choice is one 0/1 column per choice (`q__choice`, empty when
 * the question is unanswered) plus the joined choices (`q`, separated by `;`); a matrix is one
 * column per row (`q__row`), a matrix of dropdowns one per row and column (`q__row__column`), a
 * multiple text one per item; dynamic panels and matrices are one JSON column. Never exported:
 * questions that identify (e-mail, phone, URL inputs; names such as `nom`, `email`, `siren`…)
 * and files. Free text — text inputs, comments, and the cells of matrices of dropdowns, multiple
 * texts and dynamic panels — only with `freeText` (the wave's `exportFreeText`). English labels
 * come from the questionnaire's `en` texts where it has them, else the French ones. Each column
 * carries what protected microdata needs to know of its question: its fixed upper bound (`max`,
 * unbounded columns are top-coded) and the conditions under which it is shown (`visibleIf`).
 */
export function exportVariables(
  questions: readonly QuestionInfo[],
  definition: QuestionnaireJson,
  options: { freeText: boolean },
): { variables: ExportVariable[]; excluded: ExcludedQuestion[] } {
  const english = englishTexts(definition)
  const contexts = questionContexts(definition)
  const variables: ExportVariable[] = []
  const excluded: ExcludedQuestion[] = []
  const used = new Set<string>([ID_COLUMN])
  const unique = (name: string) => {
    let candidate = name
    for (let i = 2; used.has(candidate); i++) candidate = `${name}_${i}`
    used.add(candidate)
    return candidate
  }

  for (const q of questions) {
    const labelEn = english.titles.get(q.name) ?? q.title
    const context = contexts.get(q.name)
    const base = { question: q.name, page: q.page, pageIndex: q.pageIndex, max: null, visibleIf: context?.visibleIf ?? [] }
    const choiceValues = (q.choices ?? []).map((c) => ({
      value: c.value,
      labelFr: c.text,
      labelEn: english.choices.get(q.name)?.get(c.value) ?? c.text,
    }))
    const add = (v: Omit<ExportVariable, 'question' | 'page' | 'pageIndex' | 'max' | 'visibleIf'> & { max?: number | null }) =>
      variables.push({ ...base, ...v, name: unique(v.name) })
    const exclude = (reason: ExcludedQuestion['reason']) => excluded.push({ question: q.name, labelFr: q.title, reason })
    const freeTextAllowed = () => {
      if (options.freeText) return true
      exclude('free_text')
      return false
    }

    if (IDENTIFYING_NAME.test(q.name) || (q.inputType !== undefined && IDENTIFYING_INPUT.has(q.inputType))) {
      exclude('identifying')
      continue
    }
    if (q.type === 'file' || q.type === 'signaturepad') {
      exclude('file')
      continue
    }
    if (q.type === 'slider' && !q.numeric) {
      for (const [i, end] of (['min', 'max'] as const).entries()) {
        add({
          name: `${q.name}__${end}`,
          labelFr: `${q.title} (${end})`,
          labelEn: `${labelEn} (${end})`,
          type: 'number',
          kind: `${q.type}/${end}`,
          values: null,
          max: context?.max ?? null,
          value: (answer) => (Array.isArray(answer) ? number((answer as unknown[])[i]) : null),
        })
      }
      continue
    }
    if (q.numeric) {
      add({ name: q.name, labelFr: q.title, labelEn, type: 'number', kind: q.type, values: null, max: context?.max ?? null, value: (answer) => number(answer) })
      continue
    }
    if (q.type === 'boolean') {
      add({
        name: q.name,
        labelFr: q.title,
        labelEn,
        type: 'boolean',
        kind: q.type,
        values: null,
        value: (answer) => (typeof answer === 'boolean' ? answer : null),
      })
      continue
    }
    if (q.type === 'matrix' && q.rows) {
      for (const row of q.rows) {
        const rowEn = english.choices.get(q.name)?.get(row.value) ?? row.text
        add({
          name: `${q.name}__${columnPart(row.value)}`,
          labelFr: `${q.title} — ${row.text}`,
          labelEn: `${labelEn} — ${rowEn}`,
          type: 'string',
          kind: `${q.type}/row`,
          values: q.multiple ? null : choiceValues,
          value: (answer) => {
            const cell = isObject(answer) ? answer[row.value] : undefined
            return q.multiple && Array.isArray(cell) ? cell.filter((v) => typeof v === 'string').join(';') : text(cell)
          },
        })
      }
      continue
    }
    if (q.multiple && q.choices) {
      for (const choice of choiceValues) {
        add({
          name: `${q.name}__${columnPart(choice.value)}`,
          labelFr: `${q.title} — ${choice.labelFr}`,
          labelEn: `${labelEn} — ${choice.labelEn}`,
          type: 'integer',
          kind: `${q.type}/choice`,
          values: [
            { value: '0', labelFr: 'non coché', labelEn: 'not ticked' },
            { value: '1', labelFr: 'coché', labelEn: 'ticked' },
          ],
          value: (answer) => (Array.isArray(answer) ? (answer.includes(choice.value) ? 1 : 0) : null),
        })
      }
      add({
        name: q.name,
        labelFr: `${q.title} (choix séparés par ;)`,
        labelEn: `${labelEn} (choices separated by ;)`,
        type: 'string',
        kind: `${q.type}/joined`,
        values: choiceValues,
        value: (answer) => (Array.isArray(answer) ? answer.filter((v) => typeof v === 'string').join(';') : null),
      })
      continue
    }
    if (q.type === 'ranking' && q.choices) {
      add({
        name: q.name,
        labelFr: `${q.title} (ordre, séparé par ;)`,
        labelEn: `${labelEn} (order, separated by ;)`,
        type: 'string',
        kind: q.type,
        values: choiceValues,
        value: (answer) => (Array.isArray(answer) ? answer.filter((v) => typeof v === 'string').join(';') : null),
      })
      continue
    }
    if (q.choices) {
      add({ name: q.name, labelFr: q.title, labelEn, type: 'string', kind: q.type, values: choiceValues, value: (answer) => text(answer) })
      continue
    }
    if (q.type === 'text' && q.inputType === 'date') {
      add({ name: q.name, labelFr: q.title, labelEn, type: 'date', kind: `${q.type}/date`, values: null, value: (answer) => text(answer) })
      continue
    }
    if (q.type === 'text' && q.inputType !== undefined && VALUE_INPUT.has(q.inputType)) {
      add({ name: q.name, labelFr: q.title, labelEn, type: 'string', kind: `${q.type}/${q.inputType}`, values: null, value: (answer) => text(answer) })
      continue
    }
    if ((q.type === 'matrixdropdown' && q.rows && q.fields) || (q.type === 'multipletext' && q.fields)) {
      if (!freeTextAllowed()) continue
      const rows = q.type === 'matrixdropdown' ? q.rows! : [null]
      for (const row of rows) {
        for (const field of q.fields!) {
          const path = row ? `${row.value}__${field}` : field
          add({
            name: `${q.name}__${columnPart(path)}`,
            labelFr: `${q.title} — ${row ? `${row.text} — ` : ''}${field}`,
            labelEn: `${labelEn} — ${row ? `${row.text} — ` : ''}${field}`,
            type: 'string',
            kind: `${q.type}/cell`,
            values: null,
            value: (outer) => {
              const holder = row ? (isObject(outer) ? outer[row.value] : undefined) : outer
              return isObject(holder) ? anyText(holder[field]) : null
            },
          })
        }
      }
      continue
    }
    // Free text, and structures without a fixed shape (dynamic panels and matrices) as JSON.
    if (!freeTextAllowed()) continue
    const structured = q.type === 'matrixdynamic' || q.type === 'paneldynamic'
    add({
      name: q.name,
      labelFr: q.title,
      labelEn,
      type: 'string',
      kind: structured ? `${q.type}/json` : q.type,
      values: null,
      value: (answer) => anyText(answer),
    })
  }
  return { variables, excluded }
}
