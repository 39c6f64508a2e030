import { fromXlsFormExpression, toXlsFormExpression } from './xlsform-expression'

// A SurveyJS questionnaire as an XLSForm (https://xlsform.org): sheets `survey`, `choices` and
// `settings`, French and English in `::fr` / `::en` columns. What XLSForm cannot say travels in
// one more column, `sonde::json` (see `SONDE_COLUMN`), so that SurveyJS → XLSForm → SurveyJS
// gives back the same questionnaire; a spreadsheet from elsewhere (no such column) becomes the
// closest SurveyJS questionnaire.

export type XlsFormSheetName = 'survey' | 'choices' | 'settings'

/** One row of a sheet: its cells by column header, and the line it was read from (for problems). */
export interface XlsFormRow {
  line: number
  cells: Record<string, string>
}

export interface XlsFormSheet {
  columns: string[]
  rows: XlsFormRow[]
}

export type XlsForm = Record<XlsFormSheetName, XlsFormSheet>

/** Something in a spreadsheet that cannot become a questionnaire, where it is (line 0: the sheet as a whole). */
export interface XlsFormProblem {
  sheet: XlsFormSheetName
  line: number
  message: string
}

/**
 * The column of what XLSForm cannot say, as JSON: SurveyJS properties to set over what the
 * other columns give, `$unset` (properties those columns give that the question lacks),
 * `$replace` (a choice that is not an object) and `$columns` (the columns as they were written:
 * a column changed since in the spreadsheet wins over the JSON it would have corrected).
 */
export const SONDE_COLUMN = 'sonde::json'

/** XLSForm's own column names that are not plain words (snake_case, as xlsform.org spells them). */
const LIST_NAME = 'list_name'
const FORM_TITLE = 'form_title'
const DEFAULT_LANGUAGE = 'default_language'

const XLSFORM_COLUMNS: Record<XlsFormSheetName, readonly string[]> = {
  survey: [
    'type',
    'name',
    'label::fr',
    'label::en',
    'hint::fr',
    'hint::en',
    'required',
    'relevant',
    'constraint',
    'constraint_message::fr',
    'constraint_message::en',
    'appearance',
    'parameters',
    SONDE_COLUMN,
  ],
  choices: [LIST_NAME, 'name', 'label::fr', 'label::en', SONDE_COLUMN],
  settings: [FORM_TITLE, 'form_id', 'version', DEFAULT_LANGUAGE, SONDE_COLUMN],
}

/** The columns each SurveyJS property is read from: an edit there overrides `sonde::json`. */
const COLUMNS_OF: Record<string, readonly string[]> = {
  type: ['type', 'appearance'],
  inputType: ['type', 'appearance'],
  step: ['type'],
  choices: ['type'],
  title: ['label::fr', 'label::en', FORM_TITLE],
  html: ['label::fr', 'label::en'],
  text: ['label::fr', 'label::en'],
  value: ['name'],
  description: ['hint::fr', 'hint::en'],
  isRequired: ['required'],
  visibleIf: ['relevant'],
  validators: ['constraint', 'constraint_message::fr', 'constraint_message::en'],
  min: ['constraint'],
  max: ['constraint'],
  rateMin: ['parameters'],
  rateMax: ['parameters'],
  rateStep: ['parameters'],
  elements: ['type'],
}

/** XLSForm's metadata rows (device, times): no question to ask, skipped on import. */
const METADATA_TYPES = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'audit'])

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]))
  }
  return false
}

// ---- texts -------------------------------------------------------------------------------

/** A SurveyJS text (a string, or `{ default, en }`) as its French and English. */
function textsOf(value: unknown): { fr: string; en: string } {
  if (typeof value === 'string') return { fr: value, en: '' }
  if (isObject(value)) {
    const fr = value.default ?? value.fr
    return { fr: typeof fr === 'string' ? fr : '', en: typeof value.en === 'string' ? value.en : '' }
  }
  return { fr: '', en: '' }
}

/** The SurveyJS text of a French and an English text: a plain string when there is no English. */
function textOf(fr: string, en: string): unknown {
  if (!en) return fr || undefined
  return { default: fr, en }
}

/** A language column: `label::fr`, `label::Français (fr)`, or the bare `label` for French. */
function localised(cells: Record<string, string>, base: string, language: 'fr' | 'en'): string {
  const exact = cells[`${base}::${language}`]
  if (exact) return exact
  for (const [column, value] of Object.entries(cells)) {
    if (value && column.startsWith(`${base}::`) && column.trim().toLowerCase().endsWith(`(${language})`)) return value
  }
  return language === 'fr' ? (cells[base] ?? '') : ''
}

function textColumns(value: unknown, base: string, cells: Record<string, string>): void {
  const { fr, en } = textsOf(value)
  cells[`${base}::fr`] = fr
  cells[`${base}::en`] = en
}

// ---- SurveyJS → XLSForm --------------------------------------------------------------------

interface Writer {
  survey: Record<string, string>[]
  choices: Record<string, string>[]
}

function emptyRow(sheet: XlsFormSheetName): Record<string, string> {
  return Object.fromEntries(XLSFORM_COLUMNS[sheet].map((column) => [column, '']))
}

function numberOrDefault(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}

/** The constraint of a question: its bounds and validators joined by `and`, `.` for itself. */
function constraintOf(element: Json): { constraint: string; fr: string; en: string } {
  const name = String(element.name ?? '')
  const parts: string[] = []
  if (typeof element.min === 'number' || typeof element.min === 'string') parts.push(`. >= ${element.min}`)
  if (typeof element.max === 'number' || typeof element.max === 'string') parts.push(`. <= ${element.max}`)
  if (element.inputType === 'email') parts.push(`regex(., '^[^@ ]+@[^@ ]+$')`)
  let message = { fr: '', en: '' }
  const validators = Array.isArray(element.validators) ? element.validators.filter(isObject) : []
  for (const validator of validators) {
    if (!message.fr && validator.text) message = textsOf(validator.text)
    if (validator.type === 'numeric') {
      if (typeof validator.minValue === 'number') parts.push(`. >= ${validator.minValue}`)
      if (typeof validator.maxValue === 'number') parts.push(`. <= ${validator.maxValue}`)
    } else if (validator.type === 'regex' && typeof validator.regex === 'string' && !validator.regex.includes("'")) {
      parts.push(`regex(., '${validator.regex}')`)
    } else if (validator.type === 'expression' && typeof validator.expression === 'string') {
      const converted = toXlsFormExpression(validator.expression, name)
      if (converted) parts.push(converted)
    }
  }
  const constraint = parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' and ')
  return { constraint, ...message }
}

/** Type, appearance and parameters of an element; `list` is the choice list it uses, if any. */
function typeColumns(element: Json, isPage: boolean): { type: string; appearance: string; parameters: string; list: string | null } {
  const name = String(element.name ?? '')
  const plain = { appearance: '', parameters: '', list: null }
  if (isPage) return { ...plain, type: 'begin_group', appearance: 'field-list' }
  switch (element.type) {
    case 'text':
      if (element.inputType === 'number') return { ...plain, type: element.step === 1 ? 'integer' : 'decimal' }
      if (element.inputType === 'date') return { ...plain, type: 'date' }
      if (element.inputType === 'url') return { ...plain, type: 'text', appearance: 'url' }
      return { ...plain, type: 'text' }
    case 'comment':
      return { ...plain, type: 'text', appearance: 'multiline' }
    case 'radiogroup':
      return { ...plain, type: `select_one ${name}`, list: name }
    case 'dropdown':
      return { ...plain, type: `select_one ${name}`, appearance: 'minimal', list: name }
    case 'checkbox':
    case 'tagbox':
      return { ...plain, type: `select_multiple ${name}`, list: name }
    case 'boolean':
      return { ...plain, type: `select_one ${name}`, list: name }
    case 'rating':
      return {
        ...plain,
        type: 'range',
        parameters: `start=${numberOrDefault(element.rateMin, 1)} end=${numberOrDefault(element.rateMax, 5)} step=${numberOrDefault(element.rateStep, 1)}`,
      }
    case 'matrix':
      return { ...plain, type: 'begin_group', appearance: 'table-list', list: name }
    case 'multipletext':
    case 'panel':
      return { ...plain, type: 'begin_group' }
    default:
      // html, and any type XLSForm has no word for (its JSON carries the rest).
      return { ...plain, type: 'note' }
  }
}

/** The choices an element shows in the spreadsheet (a yes/no question: `true` and `false`). */
function choicesOf(element: Json): unknown[] {
  if (element.type === 'boolean') {
    return [
      { value: 'true', text: element.labelTrue ?? { default: 'Oui', en: 'Yes' } },
      { value: 'false', text: element.labelFalse ?? { default: 'Non', en: 'No' } },
    ]
  }
  if (element.type === 'matrix') return Array.isArray(element.columns) ? element.columns : []
  return Array.isArray(element.choices) ? element.choices : []
}

function choiceRow(list: string, choice: unknown): Record<string, string> {
  const row = emptyRow('choices')
  row[LIST_NAME] = list
  if (isObject(choice)) {
    row.name = String(choice.value ?? '')
    textColumns(choice.text, 'label', row)
  } else {
    row.name = String(choice ?? '')
  }
  const rebuilt = choiceFromCells(row)
  if (!isObject(choice) || !isObject(rebuilt)) {
    if (!sameJson(choice, rebuilt)) row[SONDE_COLUMN] = JSON.stringify({ $replace: choice })
  } else {
    const residual = residualOf(choice, rebuilt, [], row)
    if (residual) row[SONDE_COLUMN] = JSON.stringify(residual)
  }
  return row
}

/**
 * What the columns do not say of `original` (`rebuilt` is what they say), with the columns as
 * written for the properties it corrects; null when the columns say it all.
 */
function residualOf(original: Json, rebuilt: Json, ignored: readonly string[], cells: Record<string, string>): Json | null {
  const residual: Json = {}
  const unset: string[] = []
  const columns: Record<string, string> = {}
  const note = (key: string) => {
    for (const column of COLUMNS_OF[key] ?? []) if (column in cells) columns[column] = cells[column] ?? ''
  }
  for (const [key, value] of Object.entries(original)) {
    if (ignored.includes(key) || sameJson(value, rebuilt[key])) continue
    residual[key] = value
    note(key)
  }
  for (const key of Object.keys(rebuilt)) {
    if (ignored.includes(key) || key in original || rebuilt[key] === undefined) continue
    unset.push(key)
    note(key)
  }
  if (Object.keys(residual).length === 0 && unset.length === 0) return null
  if (unset.length > 0) residual.$unset = unset
  if (Object.keys(columns).length > 0) residual.$columns = columns
  return residual
}

function writeElement(element: Json, isPage: boolean, writer: Writer): void {
  const row = emptyRow('survey')
  const { type, appearance, parameters, list } = typeColumns(element, isPage)
  row.type = type
  row.name = String(element.name ?? '')
  textColumns(element.type === 'html' ? element.html : element.title, 'label', row)
  textColumns(element.description, 'hint', row)
  row.required = element.isRequired === true ? 'yes' : ''
  row.relevant = typeof element.visibleIf === 'string' ? (toXlsFormExpression(element.visibleIf) ?? '') : ''
  const constraint = constraintOf(element)
  row.constraint = constraint.constraint
  row['constraint_message::fr'] = constraint.fr
  row['constraint_message::en'] = constraint.en
  row.appearance = appearance
  row.parameters = parameters

  const choiceRows = list !== null && element.type !== 'matrix' ? choicesOf(element).map((choice) => choiceRow(list, choice)) : []
  const lists = new Map<string, unknown[]>()
  if (list !== null) lists.set(list, choiceRows.map(choiceFromRow))
  const built = elementFromCells(row, { lists, topLevel: isPage, skip: new Set(), report: () => undefined })
  const rebuilt = built.kind === 'begin' || built.kind === 'question' ? built.json : {}
  const container = isPage || element.type === 'panel'
  const residual = residualOf(element, rebuilt, container ? ['elements'] : [], row)
  if (residual) row[SONDE_COLUMN] = JSON.stringify(residual)
  writer.survey.push(row)
  writer.choices.push(...choiceRows)

  if (type !== 'begin_group') return
  if (container) {
    for (const child of Array.isArray(element.elements) ? element.elements.filter(isObject) : []) writeElement(child, false, writer)
  } else {
    // A matrix's rows, a multiple text's items: one row each, read back from `sonde::json`.
    const parts = element.type === 'matrix' ? (Array.isArray(element.rows) ? element.rows : []) : Array.isArray(element.items) ? element.items : []
    if (element.type === 'matrix') writer.choices.push(...choicesOf(element).map((choice) => choiceRow(row.name!, choice)))
    for (const item of parts) {
      const part = emptyRow('survey')
      part.type = element.type === 'matrix' ? `select_one ${row.name}` : 'text'
      part.name = `${row.name}__${String(isObject(item) ? (item.value ?? item.name) : item)}`
      textColumns(isObject(item) ? (item.text ?? item.title) : undefined, 'label', part)
      writer.survey.push(part)
    }
  }
  const end = emptyRow('survey')
  end.type = 'end_group'
  writer.survey.push(end)
}

function sheetOf(sheet: XlsFormSheetName, rows: Record<string, string>[]): XlsFormSheet {
  return { columns: [...XLSFORM_COLUMNS[sheet]], rows: rows.map((cells, i) => ({ line: i + 2, cells })) }
}

/**
 * A SurveyJS questionnaire as an XLSForm. Types: text → text, number → integer (`step: 1`) or
 * decimal, date → date, url → text (appearance url), e-mail → text with a `regex()` constraint,
 * comment → text (appearance multiline), radiogroup → select_one, dropdown → select_one
 * (appearance minimal), checkbox → select_multiple, boolean → select_one of its own `true` /
 * `false` list, rating → range (parameters start, end, step), matrix → a group (appearance
 * table-list) of one select_one per row, multipletext → a group of texts, html → note, panel →
 * begin_group … end_group, page → begin_group (appearance field-list). Expressions as
 * `toXlsFormExpression`; bounds and validators in `constraint`, the first validator's text in
 * `constraint_message`. Everything else in `sonde::json` (`SONDE_COLUMN`).
 */
export function questionnaireToXlsForm(definition: Json): XlsForm {
  const writer: Writer = { survey: [], choices: [] }
  for (const page of Array.isArray(definition.pages) ? definition.pages.filter(isObject) : []) writeElement(page, true, writer)
  const settings = emptyRow('settings')
  settings[FORM_TITLE] = textsOf(definition.title).fr
  settings[DEFAULT_LANGUAGE] = 'fr'
  const rebuilt = surveyFromSettings(settings)
  const residual = residualOf(definition, rebuilt, ['pages'], settings)
  if (residual) settings[SONDE_COLUMN] = JSON.stringify(residual)
  return { survey: sheetOf('survey', writer.survey), choices: sheetOf('choices', writer.choices), settings: sheetOf('settings', [settings]) }
}

// ---- XLSForm → SurveyJS --------------------------------------------------------------------

interface RowContext {
  lists: Map<string, unknown[]>
  /** Whether the row is outside any group (a group there is a page). */
  topLevel: boolean
  /** Columns whose content `sonde::json` replaces as it stands: not read. */
  skip: Set<string>
  report(message: string, names?: string[]): void
}

type Built = { kind: 'question' | 'begin'; json: Json; isPage: boolean } | { kind: 'end' } | { kind: 'skip' }

function compact(json: Json): Json {
  return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined && value !== ''))
}

function parseParameters(text: string): Record<string, number> {
  const parameters: Record<string, number> = {}
  for (const part of text.split(/[\s;,]+/)) {
    const [key, value] = part.split('=')
    if (key && value !== undefined && Number.isFinite(Number(value))) parameters[key.trim()] = Number(value)
  }
  return parameters
}

const REGEX_CONSTRAINT = /^regex\(\s*\.\s*,\s*(['"])(.*)\1\s*\)$/

function validatorsFromConstraint(cells: Record<string, string>, name: string, context: RowContext): unknown[] | undefined {
  const constraint = (cells.constraint ?? '').trim()
  if (!constraint || context.skip.has('constraint')) return undefined
  const text = textOf(localised(cells, 'constraint_message', 'fr'), localised(cells, 'constraint_message', 'en'))
  const regex = REGEX_CONSTRAINT.exec(constraint)
  if (regex) return [compact({ type: 'regex', regex: regex[2], text })]
  const converted = fromXlsFormExpression(constraint, name)
  if ('problem' in converted) {
    context.report(`contrainte « ${constraint} » illisible : ${converted.problem}`)
    return undefined
  }
  context.report('', converted.names)
  // XLSForm checks a constraint only once the question is answered.
  return [compact({ type: 'expression', expression: `{${name}} empty or (${converted.expression})`, text })]
}

function elementFromCells(cells: Record<string, string>, context: RowContext): Built {
  const rawType = (cells.type ?? '').trim().replace(/\s+/g, ' ')
  const normalised = rawType.toLowerCase().replace(/^(begin|end) (group|repeat)$/, '$1_$2')
  const [base = '', list = ''] = normalised.split(' ')
  const listName = rawType.split(' ')[1] ?? ''
  const appearance = (cells.appearance ?? '').trim().toLowerCase()
  const name = (cells.name ?? '').trim()

  if (base === 'end_group') return { kind: 'end' }
  if (METADATA_TYPES.has(base)) return { kind: 'skip' }

  const label = textOf(localised(cells, 'label', 'fr'), localised(cells, 'label', 'en'))
  const common = (): Json => {
    let visibleIf: string | undefined
    const relevant = (cells.relevant ?? '').trim()
    if (relevant && !context.skip.has('relevant')) {
      const converted = fromXlsFormExpression(relevant)
      if ('problem' in converted) context.report(`condition « ${relevant} » illisible : ${converted.problem}`)
      else {
        visibleIf = converted.expression
        context.report('', converted.names)
      }
    }
    return {
      title: label,
      description: textOf(localised(cells, 'hint', 'fr'), localised(cells, 'hint', 'en')),
      isRequired: /^(yes|true|1|oui|vrai)$/i.test((cells.required ?? '').trim()) ? true : undefined,
      visibleIf,
    }
  }
  const question = (json: Json): Built => {
    const { title, description, isRequired, visibleIf } = common()
    const validators = validatorsFromConstraint(cells, name, context)
    return { kind: 'question', isPage: false, json: compact({ type: json.type, name, title, description, isRequired, visibleIf, ...json, validators }) }
  }
  const choicesFor = (): unknown[] => {
    const choices = context.lists.get(listName)
    if (!choices) context.report(`liste « ${listName || '?'} » absente de la feuille choices`)
    return choices ?? []
  }

  switch (base) {
    case 'text':
      if (appearance.includes('multiline')) return question({ type: 'comment' })
      if (appearance.includes('url')) return question({ type: 'text', inputType: 'url' })
      return question({ type: 'text' })
    case 'integer':
      return question({ type: 'text', inputType: 'number', step: 1 })
    case 'decimal':
      return question({ type: 'text', inputType: 'number' })
    case 'date':
      return question({ type: 'text', inputType: 'date' })
    case 'select_one':
      if (!list) break
      return question({ type: appearance.includes('minimal') ? 'dropdown' : 'radiogroup', choices: choicesFor() })
    case 'select_multiple':
      if (!list) break
      return question({ type: 'checkbox', choices: choicesFor() })
    case 'acknowledge':
      return question({ type: 'boolean' })
    case 'range': {
      const parameters = parseParameters(cells.parameters ?? '')
      return question({
        type: 'rating',
        rateMin: parameters.start !== undefined && parameters.start !== 1 ? parameters.start : undefined,
        rateMax: parameters.end !== undefined && parameters.end !== 5 ? parameters.end : undefined,
        rateStep: parameters.step !== undefined && parameters.step !== 1 ? parameters.step : undefined,
      })
    }
    case 'note': {
      const { visibleIf } = common()
      return { kind: 'question', isPage: false, json: compact({ type: 'html', name, visibleIf, html: label }) }
    }
    case 'begin_group': {
      // SurveyJS has pages at the top and panels inside them: a group at the top is a page.
      const isPage = context.topLevel
      const { title, description, visibleIf } = common()
      const json = isPage ? compact({ name, title, description, visibleIf }) : compact({ type: 'panel', name, title, description, visibleIf })
      return { kind: 'begin', isPage, json: { ...json, elements: [] } }
    }
    default:
      break
  }
  context.report(`type « ${rawType} » inconnu`)
  return { kind: 'skip' }
}

function choiceFromCells(cells: Record<string, string>): unknown {
  const name = (cells.name ?? '').trim()
  const text = textOf(localised(cells, 'label', 'fr'), localised(cells, 'label', 'en'))
  return text === undefined ? name : { value: name, text }
}

/** `sonde::json` of a row, without what a column edited since it was written now says. */
function residualFor(cells: Record<string, string>): { residual: Json | null; error: boolean } {
  const text = (cells[SONDE_COLUMN] ?? '').trim()
  if (!text) return { residual: null, error: false }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { residual: null, error: true }
  }
  if (!isObject(parsed)) return { residual: null, error: true }
  const columns = isObject(parsed.$columns) ? parsed.$columns : {}
  const edited = (key: string) => (COLUMNS_OF[key] ?? []).some((column) => column in columns && (cells[column] ?? '') !== columns[column])
  const residual: Json = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '$columns' || key === '$unset' || edited(key)) continue
    residual[key] = value
  }
  const unset = Array.isArray(parsed.$unset) ? parsed.$unset.filter((key): key is string => typeof key === 'string' && !edited(key)) : []
  if (unset.length > 0) residual.$unset = unset
  return { residual, error: false }
}

/** Columns whose whole content a residual replaces (their text is then not read, nor checked). */
function replacedColumns(residual: Json | null): Set<string> {
  const columns = new Set<string>()
  if (!residual) return columns
  const keys = [...Object.keys(residual), ...(Array.isArray(residual.$unset) ? (residual.$unset as string[]) : [])]
  if (keys.includes('visibleIf')) columns.add('relevant')
  if (keys.includes('validators')) columns.add('constraint')
  return columns
}

function applyResidual(json: Json, residual: Json | null): Json {
  if (!residual) return json
  const result: Json = { ...json }
  for (const key of Array.isArray(residual.$unset) ? (residual.$unset as string[]) : []) delete result[key]
  for (const [key, value] of Object.entries(residual)) if (!key.startsWith('$')) result[key] = value
  return result
}

function choiceFromRow(row: Record<string, string>): unknown {
  const { residual } = residualFor(row)
  if (residual && '$replace' in residual) return residual.$replace
  const choice = choiceFromCells(row)
  return isObject(choice) ? applyResidual(choice, residual) : residual ? applyResidual({ value: choice }, residual) : choice
}

function surveyFromSettings(cells: Record<string, string>): Json {
  return compact({ title: textOf((cells[FORM_TITLE] ?? '').trim(), '') })
}

function isBlank(cells: Record<string, string>): boolean {
  return Object.values(cells).every((value) => !value || !value.trim())
}

/** The object at each JSON path of the questionnaire, to place the lint's findings on a line. */
function objectAt(definition: unknown, path: string): unknown[] {
  const trail: unknown[] = [definition]
  let current = definition
  for (const [, key, index] of path.matchAll(/([A-Za-z_$][\w$]*)|\[(\d+)\]/g)) {
    if (current === null || typeof current !== 'object') break
    current = (current as Record<string, unknown>)[key ?? Number(index)]
    trail.push(current)
  }
  return trail
}

export interface XlsFormImport {
  definition: Json
  problems: XlsFormProblem[]
  /** Where the element at a JSON path of `definition` was read from (for the lint's findings), or null. */
  locate(path: string): { sheet: XlsFormSheetName; line: number } | null
}

/**
 * A SurveyJS questionnaire from an XLSForm (the inverse of `questionnaireToXlsForm`, exact on
 * what it wrote), with every problem found on the way, each at its sheet and line: an unknown
 * type (`geopoint`, `begin_repeat`…), a missing or duplicate name, a choice list that is not in
 * `choices`, an expression that does not parse or names a question that is not in the form, a
 * group never closed or closed twice, unreadable `sonde::json`. Metadata rows (`start`,
 * `deviceid`…) are skipped. A group outside any other is a page (a SurveyJS page holds panels, never
 * the reverse); questions outside any group are gathered into pages of their own.
 */
export function xlsFormToQuestionnaire(form: XlsForm): XlsFormImport {
  const problems: XlsFormProblem[] = []
  const lineOf = new Map<object, number>()

  const lists = new Map<string, unknown[]>()
  const choiceNames = new Map<string, Map<string, number>>()
  for (const { line, cells } of form.choices.rows) {
    if (isBlank(cells)) continue
    const list = (cells[LIST_NAME] ?? '').trim()
    const name = (cells.name ?? '').trim()
    if (!list || !name) {
      problems.push({ sheet: 'choices', line, message: !list ? 'list_name manquant' : 'nom du choix manquant' })
      continue
    }
    if (residualFor(cells).error) problems.push({ sheet: 'choices', line, message: `colonne ${SONDE_COLUMN} illisible (JSON attendu)` })
    const seen = choiceNames.get(list) ?? new Map<string, number>()
    choiceNames.set(list, seen)
    if (seen.has(name))
      problems.push({ sheet: 'choices', line, message: `choix « ${name} » en double dans la liste « ${list} » (déjà ligne ${seen.get(name)})` })
    seen.set(name, line)
    lists.set(list, [...(lists.get(list) ?? []), choiceFromRow(cells)])
  }

  const settingsRow = form.settings.rows.find((row) => !isBlank(row.cells))
  let survey: Json = {}
  if (settingsRow) {
    const { residual, error } = residualFor(settingsRow.cells)
    if (error) problems.push({ sheet: 'settings', line: settingsRow.line, message: `colonne ${SONDE_COLUMN} illisible (JSON attendu)` })
    survey = applyResidual(surveyFromSettings(settingsRow.cells), residual)
  }

  const pages: Json[] = []
  const stack: { json: Json; line: number; name: string }[] = []
  let loosePage: Json | null = null
  const names = new Map<string, number>()
  const references: { line: number; names: string[] }[] = []

  if (form.survey.rows.length === 0) problems.push({ sheet: 'survey', line: 0, message: 'la feuille survey est vide ou absente' })
  for (const { line, cells } of form.survey.rows) {
    if (isBlank(cells)) continue
    const { residual, error } = residualFor(cells)
    if (error) problems.push({ sheet: 'survey', line, message: `colonne ${SONDE_COLUMN} illisible (JSON attendu)` })
    const built = elementFromCells(cells, {
      lists,
      topLevel: stack.length === 0,
      skip: replacedColumns(residual),
      report: (message, used) => {
        if (message) problems.push({ sheet: 'survey', line, message })
        if (used && used.length > 0) references.push({ line, names: used })
      },
    })
    if (built.kind === 'skip') continue
    if (built.kind === 'end') {
      if (!stack.pop()) problems.push({ sheet: 'survey', line, message: 'end_group sans begin_group' })
      continue
    }
    const name = (cells.name ?? '').trim()
    if (!name) problems.push({ sheet: 'survey', line, message: 'nom manquant' })
    else if (names.has(name)) problems.push({ sheet: 'survey', line, message: `nom « ${name} » en double (déjà ligne ${names.get(name)})` })
    else names.set(name, line)

    const json = applyResidual(built.json, residual)
    lineOf.set(json, line)
    if (built.kind === 'begin' && built.isPage) {
      pages.push(json)
      loosePage = null
      stack.push({ json, line, name })
      continue
    }
    let parent = stack.at(-1)?.json
    if (!parent) {
      if (!loosePage) {
        loosePage = { name: `page_${pages.length + 1}`, elements: [] }
        pages.push(loosePage)
      }
      parent = loosePage
    }
    // A matrix or multiple text keeps its own JSON: the rows written under its group are its parts.
    if (Array.isArray(parent.elements)) parent.elements.push(json)
    if (built.kind === 'begin') stack.push({ json, line, name })
  }
  for (const open of stack) problems.push({ sheet: 'survey', line: open.line, message: `groupe « ${open.name} » sans end_group` })

  for (const { line, names: used } of references) {
    for (const name of used) {
      if (!names.has(name)) problems.push({ sheet: 'survey', line, message: `l'expression cite « ${name} », qui n'est pas une question du formulaire` })
    }
  }

  const definition: Json = { ...survey, pages }
  return {
    definition,
    problems,
    locate(path) {
      const found = objectAt(definition, path)
        .filter((node): node is object => node !== null && typeof node === 'object')
        .map((node) => lineOf.get(node))
        .filter((line) => line !== undefined)
        .at(-1)
      return found === undefined ? null : { sheet: 'survey', line: found }
    },
  }
}

/** A problem as staff read it: « survey, ligne 12 : type « geopoint » inconnu ». */
export function describeXlsFormProblem(problem: XlsFormProblem): string {
  return problem.line > 0 ? `${problem.sheet}, ligne ${problem.line} : ${problem.message}` : `${problem.sheet} : ${problem.message}`
}

// ---- tables and pyxform's CSV layout -------------------------------------------------------

/** A sheet as a table: the header row, then one row per line. */
export function sheetToTable(sheet: XlsFormSheet): string[][] {
  return [sheet.columns, ...sheet.rows.map((row) => sheet.columns.map((column) => row.cells[column] ?? ''))]
}

/** A sheet from a table whose first row is the header; `firstLine` is the line of that header. */
function tableToSheet(table: readonly (readonly string[])[], firstLine = 1, lines?: readonly number[]): XlsFormSheet {
  const [header = [], ...rows] = table
  const columns = header.map((column) => column.trim())
  return {
    columns,
    rows: rows.map((row, i) => ({
      line: lines?.[i + 1] ?? firstLine + i + 1,
      cells: Object.fromEntries(columns.map((column, c) => [column, row[c] ?? '']).filter(([column]) => column !== '')),
    })),
  }
}

function emptySheet(): XlsFormSheet {
  return { columns: [], rows: [] }
}

/** An XLSForm from its sheets by name (other sheets are ignored). */
export function tablesToXlsForm(tables: ReadonlyMap<string, readonly (readonly string[])[]>): XlsForm {
  const sheet = (name: XlsFormSheetName) => {
    const table = tables.get(name)
    return table ? tableToSheet(table) : emptySheet()
  }
  return { survey: sheet('survey'), choices: sheet('choices'), settings: sheet('settings') }
}

/**
 * pyxform's CSV layout of an XLSForm: a row with the sheet's name in the first column, then its
 * header and rows, each shifted one column right.
 */
export function xlsFormToCsvRows(form: XlsForm): string[][] {
  const rows: string[][] = []
  for (const name of ['survey', 'choices', 'settings'] as const) {
    rows.push([name])
    for (const row of sheetToTable(form[name])) rows.push(['', ...row])
  }
  return rows
}

/** An XLSForm from pyxform's CSV layout (the sheet's name may share its row with the header); lines count from 1. */
export function csvRowsToXlsForm(rows: readonly (readonly string[])[]): XlsForm {
  const tables = new Map<string, { rows: string[][]; lines: number[] }>()
  let current: { rows: string[][]; lines: number[] } | null = null
  rows.forEach((row, i) => {
    const [first = '', ...rest] = row
    if (first.trim()) {
      current = { rows: [], lines: [] }
      tables.set(first.trim().toLowerCase(), current)
    }
    if (current && rest.some((cell) => cell.trim())) {
      current.rows.push([...rest])
      current.lines.push(i + 1)
    }
  })
  const sheet = (name: XlsFormSheetName) => {
    const table = tables.get(name)
    return table ? tableToSheet(table.rows, 0, table.lines) : emptySheet()
  }
  return { survey: sheet('survey'), choices: sheet('choices'), settings: sheet('settings') }
}
