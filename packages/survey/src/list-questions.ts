import {
  ArrayOperand,
  BinaryOperand,
  ConditionsParser,
  Const,
  FunctionOperand,
  ItemValue,
  NumericValidator,
  PanelModelBase,
  QuestionImagePickerModel,
  QuestionMatrixDropdownModelBase,
  QuestionMatrixModel,
  QuestionMultipleTextModel,
  QuestionPanelDynamicModel,
  QuestionRatingModel,
  QuestionSelectBase,
  QuestionSliderModel,
  QuestionTextModel,
  UnaryOperand,
  Variable,
  type Model,
  type Operand,
  type Question,
} from 'survey-core'
import type { QuestionnaireJson } from './default-questionnaire'
import { LruCache, createModel, definitionKey } from './survey-model'

/** A choice as stored in the answers (`value`) and as shown to the respondent in French (`text`). */
export interface Choice {
  value: string
  text: string
}

/**
 * One comparison a visibility condition makes on an answer, as survey-core parses it: the question
 * read, the operator (`equal`, `notequal`, `greater`, `contains`, `anyof`, `notempty`, `empty`…;
 * `value` for a bare `{q}`, `function` for an argument of a function, `arithmetic` for an operand
 * of a calculation) and, when one question is compared with one constant, that constant.
 */
export interface ConditionTest {
  /** The question: the name in braces up to its first `.` or `[` (`{q.row}` reads `q`). */
  question: string
  operator: string
  value?: string | number | boolean
  /** Under a `!` (negation). */
  negated?: boolean
}

/** A `visibleIf` a question is shown under, where it is written, and the comparisons it makes. */
export interface VisibilityCondition {
  on: 'page' | 'panel' | 'question'
  expression: string
  tests: ConditionTest[]
}

/** What the server needs to know about one answerable question: codebook entry and shape rules. */
export interface QuestionInfo {
  name: string
  /** survey-core type: `text`, `comment`, `boolean`, `radiogroup`, `dropdown`, `checkbox`, … */
  type: string
  /** Title in French (the default locale); the name when the question has no title. */
  title: string
  /** Name of the page holding the question, and its position among the pages. */
  page: string
  pageIndex: number
  /** `text` questions only: `number`, `date`, `email`, … (`text` by default). */
  inputType?: string
  /**
   * Possible values, special items included (`other`, `none`, `refused`, `dontknow` when shown);
   * for a single-select matrix, its columns. Absent when the choices are loaded at run time
   * (`choicesByUrl`, `choicesFromQuestion`): then any string is accepted.
   */
  choices?: Choice[]
  /** Rows of a matrix (`matrix`, `matrixdropdown`). */
  rows?: Choice[]
  /** Keys of the objects a composite question stores: matrix columns, multiple-text items, dynamic-panel questions. */
  fields?: string[]
  /** The answer is a list of choices (`checkbox`, `tagbox`, multi-select `imagepicker`). */
  multiple: boolean
  /** The answer is a number (`text` with `inputType` `number` or `range`, numeric `rating`, single `slider`). */
  numeric: boolean
  isRequired: boolean
  /**
   * The conditions the question is shown under: its page's `visibleIf`, its panels' (outermost
   * first), its own. Absent when it is always shown.
   */
  visibleIf?: VisibilityCondition[]
  /**
   * Numeric questions: the smallest answer the questionnaire accepts — the largest of a number
   * input's `min` and its numeric validators' `minValue`, a rating's lowest value, a slider's
   * `min`. Absent when none is declared.
   */
  minimum?: number
}

/** Elements that display something but never hold an answer. */
export const NON_ANSWER_TYPES: ReadonlySet<string> = new Set(['html', 'image', 'expression', 'empty'])

const cache = new LruCache<QuestionInfo[]>(16)

/**
 * The answerable questions of a questionnaire, in questionnaire order, including those nested in
 * (static) panels; display-only elements (html, image, expression) are left out. The questions of a
 * dynamic panel or matrix are part of its value, so they appear as `fields` of that question, not
 * as entries. Read through survey-core (`getAllQuestions`), so defaults and localised titles are the
 * ones the respondent sees. Results are cached per questionnaire and returned as fresh copies.
 */
export function listQuestions(definition: QuestionnaireJson): QuestionInfo[] {
  const list = cache.get(definitionKey(definition), () => describeQuestions(createModel(definition, { designMode: true })))
  return structuredClone(list)
}

/**
 * The names under which answers may be stored for this questionnaire: the API answers 400
 * `UNKNOWN_QUESTION` at autosave for any other key.
 */
export function answerableQuestionNames(definition: QuestionnaireJson): Set<string> {
  return new Set(listQuestions(definition).map((question) => question.name))
}

/** Describes the answerable questions of an already built model (shared with `validateSubmission`). */
export function describeQuestions(model: Model): QuestionInfo[] {
  return model
    .getAllQuestions(false, false, false)
    .filter((question) => !NON_ANSWER_TYPES.has(question.getType()))
    .map((question) => describeQuestion(model, question))
}

function describeQuestion(model: Model, question: Question): QuestionInfo {
  const type = question.getType()
  const info: QuestionInfo = {
    name: question.name,
    type,
    title: question.locTitle.textOrHtml || question.name,
    page: question.page?.name ?? '',
    pageIndex: model.pages.findIndex((page) => page === question.page),
    multiple: false,
    numeric: false,
    isRequired: question.isRequired,
  }
  if (question instanceof QuestionTextModel) {
    info.inputType = question.inputType
    info.numeric = question.inputType === 'number' || question.inputType === 'range'
  }
  if (question instanceof QuestionSelectBase) {
    info.multiple = type === 'checkbox' || type === 'tagbox' || (question instanceof QuestionImagePickerModel && question.multiSelect)
    if (!question.choicesFromQuestion && question.choicesByUrl.isEmpty) info.choices = selectChoices(question)
  }
  if (question instanceof QuestionRatingModel) {
    const values = question.rateValues.length > 0 ? question.rateValues.map((item: ItemValue) => item.value) : [0]
    info.numeric = values.every((value) => typeof value === 'number')
    if (!info.numeric) info.choices = toChoices(question.rateValues)
  }
  if (question instanceof QuestionSliderModel) info.numeric = question.sliderType !== 'range'
  if (question instanceof QuestionMatrixDropdownModelBase) {
    info.fields = question.columns.map((column) => column.name)
    if (type === 'matrixdropdown') info.rows = toChoices(question.rows)
  }
  if (question instanceof QuestionMatrixModel) {
    info.rows = toChoices(question.rows)
    info.choices = toChoices(question.columns)
    info.multiple = question.isMultiSelect
  }
  if (question instanceof QuestionMultipleTextModel) info.fields = question.items.map((item) => item.name)
  if (question instanceof QuestionPanelDynamicModel) {
    info.fields = question.template.questions.map((inner) => inner.getValueName())
  }
  const conditions = visibilityConditions(question)
  if (conditions.length > 0) info.visibleIf = conditions
  if (info.numeric) {
    const minimum = declaredMinimum(question)
    if (minimum !== null) info.minimum = minimum
  }
  return info
}

function visibilityConditions(question: Question): VisibilityCondition[] {
  const conditions: VisibilityCondition[] = []
  const own = question.visibleIf
  if (own) conditions.push(condition('question', own))
  for (let parent = question.parent as PanelModelBase | null; parent; parent = parent.parent) {
    if (parent.visibleIf) conditions.unshift(condition(parent.isPage ? 'page' : 'panel', parent.visibleIf))
  }
  return conditions
}

function condition(on: VisibilityCondition['on'], expression: string): VisibilityCondition {
  const parser = new ConditionsParser()
  const operand = parser.parseExpression(expression)
  // An expression that does not parse is the lint's business; here it tests nothing known.
  return { on, expression, tests: operand ? testsOf(operand, false) : [] }
}

function variableName(operand: Variable): string {
  return operand.variable.split(/[.[]/)[0]!
}

function testsOf(operand: Operand, negated: boolean): ConditionTest[] {
  const mark = (test: ConditionTest): ConditionTest => (negated ? { ...test, negated: true } : test)
  if (operand instanceof Variable) return [mark({ question: variableName(operand), operator: 'value' })]
  if (operand instanceof UnaryOperand) {
    const inner = operand.expression
    if (operand.operator === 'negate') return testsOf(inner, !negated)
    if (inner instanceof Variable) return [mark({ question: variableName(inner), operator: operand.operator })]
    return variablesOf(inner).map((question) => mark({ question, operator: operand.operator }))
  }
  if (operand instanceof BinaryOperand) {
    if (operand.isConjunction) return [...testsOf(operand.leftOperand, negated), ...testsOf(operand.rightOperand, negated)]
    if (operand.isArithmetic) return variablesOf(operand).map((question) => mark({ question, operator: 'arithmetic' }))
    const [left, right] = [operand.leftOperand as Operand, operand.rightOperand as Operand]
    const [variable, constant] = left instanceof Variable ? [left, right] : [right, left]
    if (variable instanceof Variable && constant instanceof Const && !(constant instanceof Variable)) {
      const value: unknown = constant.correctValue
      const test: ConditionTest = { question: variableName(variable), operator: operand.operator }
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') test.value = value
      return [mark(test)]
    }
    return variablesOf(operand).map((question) => mark({ question, operator: operand.operator }))
  }
  if (operand instanceof FunctionOperand) return variablesOf(operand).map((question) => mark({ question, operator: 'function' }))
  return []
}

function variablesOf(operand: Operand | undefined): string[] {
  if (!operand) return []
  if (operand instanceof Variable) return [variableName(operand)]
  if (operand instanceof UnaryOperand) return variablesOf(operand.expression)
  if (operand instanceof BinaryOperand) return [...new Set([...variablesOf(operand.leftOperand), ...variablesOf(operand.rightOperand)])]
  if (operand instanceof FunctionOperand) return [...new Set(operand.paramValues.flatMap(variablesOf))]
  if (operand instanceof ArrayOperand) return [...new Set(operand.values.flatMap(variablesOf))]
  return []
}

function declaredMinimum(question: Question): number | null {
  const minima: number[] = []
  if (question instanceof QuestionTextModel && question.min !== undefined && question.min !== null && question.min !== '') {
    const min = Number(question.min)
    if (Number.isFinite(min)) minima.push(min)
  }
  for (const validator of question.validators) {
    if (validator instanceof NumericValidator && typeof validator.minValue === 'number') minima.push(validator.minValue)
  }
  if (question instanceof QuestionRatingModel) {
    const values = question.rateValues.length > 0 ? question.rateValues.map((item: ItemValue) => Number(item.value)) : [question.rateMin]
    minima.push(Math.min(...values))
  }
  if (question instanceof QuestionSliderModel && typeof question.min === 'number') minima.push(question.min)
  return minima.length > 0 ? Math.max(...minima) : null
}

function selectChoices(question: QuestionSelectBase): Choice[] {
  const choices = toChoices(question.choices)
  const special: Array<[boolean, ItemValue]> = [
    [question.showNoneItem, question.noneItem],
    [question.showRefuseItem, question.refuseItem],
    [question.showDontKnowItem, question.dontKnowItem],
    [question.showOtherItem, question.otherItem],
  ]
  for (const [shown, item] of special) if (shown) choices.push(...toChoices([item]))
  return choices
}

function toChoices(items: ItemValue[]): Choice[] {
  return items.map((item) => ({ value: String(item.value), text: item.locText.textOrHtml || String(item.value) }))
}
