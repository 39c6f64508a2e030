import {
  ExpressionErrorType,
  ItemValue,
  MatrixDropdownColumn,
  Serializer,
  SurveyValidator,
  type Base,
  type IExpressionValidationResult,
  type Model,
} from 'survey-core'
import { CONFIRMATION_SUFFIX, confirmedQuestion } from './confirmation'
import { NON_ANSWER_TYPES } from './list-questions'
import { checkQuestionnaireLimits } from './questionnaire-limits'
import { regexPatternProblem } from './safe-regex'
import { createModel } from './survey-model'
import { isCodeKey, localisedTextKey, sanitizeQuestionnaire } from './sanitize-questionnaire'
import { findUnsafeHtml } from './unsafe-html'

/** One finding: where (a JSON path such as `pages[2].elements[0].visibleIf`) and what, in French. */
export interface Problem {
  path: string
  message: string
}

/** Errors make a questionnaire unusable (HTTP 422 `QUESTIONNAIRE_INVALID`); warnings are shown to staff. */
export interface LintResult {
  errors: Problem[]
  warnings: Problem[]
}

/** Names of questions, panels and pages: stable snake_case keys, reused across waves and in exports. */
export const NAME_PATTERN = /^[a-z][a-z0-9_]*$/

interface ElementRef {
  json: Record<string, unknown>
  path: string
}

interface Walk {
  result: LintResult
  /** Element and page paths by name, to place survey-core's findings. */
  pathsByName: Map<string, string>
  /** Path of every JSON object, to place survey-core's loading errors. */
  pathsByObject: Map<object, string>
  /**
   * A structural fault survey-core cannot load (it throws on `null` in a list) or would load
   * differently (it drops elements of unknown types, so expressions naming them would be
   * misreported): the checks that need survey-core are then skipped.
   */
  malformed: boolean
  /** The questionnaire as it is saved: its texts cleaned by the allow-list (`checkHtml`). */
  cleaned: unknown
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * Checks a questionnaire before it is saved for a wave. Errors: beyond a limit of size
 * (`checkQuestionnaireLimits`: then nothing else is checked); not an object or no pages; an
 * element without a type, or of a type survey-core does not know; a missing, malformed (not
 * `NAME_PATTERN`), reserved (ending in `__confirme`, the key of a confirmation) or duplicate name
 * (names inside a dynamic panel are scoped to it); a choice value
 * that is not a string; a yes/no question storing something else than `true`/`false`
 * (`valueTrue`, `valueFalse`); an expression (`visibleIf`, `enableIf`, `requiredIf`, expression validators,
 * triggers, …) that does not parse, calls an unknown function or names an unknown question; active
 * content (`<script>`, `on…=` attributes, `javascript:` URLs) in a name, a value or an expression;
 * a regex validator whose pattern is invalid, beyond the linear-time engine or super-linear for a
 * backtracking one (`regexPatternProblem`).
 * Warnings: markup outside the allow-list in a text (removed on save); an answerable
 * question without a French title (the default locale), an expression that is always true or always
 * false, a property survey-core does not know (a typo is silently ignored by SurveyJS), and "other"
 * or comment boxes, whose text survey-core stores under a separate `<name>-Comment` key that Sonde
 * does not accept as an answer.
 */
export function lintQuestionnaire(definition: unknown): LintResult {
  return prepareQuestionnaire(definition).lint
}

/**
 * What saving a questionnaire needs in one pass: its lint (`lintQuestionnaire`) and the
 * questionnaire to store, its texts cleaned by the allow-list (`sanitizeQuestionnaire`, whose
 * removals are among the warnings).
 */
export function prepareQuestionnaire(definition: unknown): { lint: LintResult; cleaned: unknown } {
  const walk = lintWalk(definition)
  return { lint: walk.result, cleaned: walk.cleaned }
}

function lintWalk(definition: unknown): Walk {
  const result: LintResult = { errors: [], warnings: [] }
  const walk: Walk = { result, pathsByName: new Map(), pathsByObject: new Map(), malformed: false, cleaned: definition }
  // First, and alone when it fails: every other check walks the structure, survey-core at length.
  const oversized = checkQuestionnaireLimits(definition)
  if (oversized.length > 0) {
    result.errors.push(...oversized)
    return walk
  }
  if (!isObject(definition)) {
    result.errors.push({ path: '', message: 'Le questionnaire doit être un objet JSON.' })
    return walk
  }
  if (!Array.isArray(definition.pages) || definition.pages.length === 0) {
    result.errors.push({ path: 'pages', message: 'Le questionnaire doit contenir au moins une page (« pages »).' })
    return walk
  }
  checkValues(definition, '', walk)
  checkHtml(definition, walk)
  checkPages(definition.pages, walk)
  if (walk.malformed) return walk
  let model: Model
  try {
    model = createModel(definition, { designMode: true })
  } catch (error) {
    // The lint is the gate for uploaded JSON: whatever survey-core chokes on is a problem to report.
    result.errors.push({ path: '', message: `Questionnaire illisible par SurveyJS : ${error instanceof Error ? error.message : String(error)}` })
    return walk
  }
  checkLoading(model, walk)
  checkExpressions(model, walk)
  return walk
}

function checkPages(pages: unknown[], walk: Walk): void {
  const pageNames = new Map<string, string>()
  // Questions and panels share one namespace across pages; pages have their own.
  const elementNames = new Map<string, string>()
  pages.forEach((page, index) => {
    const path = `pages[${index}]`
    if (!isObject(page)) {
      walk.result.errors.push({ path, message: 'Une page doit être un objet.' })
      walk.malformed = true
      return
    }
    checkName(page, path, 'page', pageNames, walk)
    checkElements(page.elements, `${path}.elements`, elementNames, walk)
  })
}

function checkName(json: Record<string, unknown>, path: string, kind: string, seen: Map<string, string>, walk: Walk): void {
  const { name } = json
  if (typeof name !== 'string' || name === '') {
    walk.result.errors.push({ path: `${path}.name`, message: `Nom manquant (${kind}).` })
    return
  }
  if (!NAME_PATTERN.test(name)) {
    walk.result.errors.push({
      path: `${path}.name`,
      message: `Nom « ${name} » invalide : minuscules, chiffres et « _ », en commençant par une lettre.`,
    })
  } else if (confirmedQuestion(name) !== null) {
    // The answers keep the confirmation of an unusual value under `<question>__confirme`.
    walk.result.errors.push({
      path: `${path}.name`,
      message: `Nom « ${name} » réservé : « ${CONFIRMATION_SUFFIX} » à la fin d’un nom désigne la confirmation d’une valeur inhabituelle.`,
    })
  }
  const first = seen.get(name)
  if (first !== undefined) {
    walk.result.errors.push({ path: `${path}.name`, message: `Nom « ${name} » déjà utilisé (${first}).` })
    return
  }
  seen.set(name, path)
  if (!walk.pathsByName.has(name)) walk.pathsByName.set(name, path)
}

function checkElements(elements: unknown, path: string, names: Map<string, string>, walk: Walk): void {
  if (elements === undefined) return
  if (!Array.isArray(elements)) {
    walk.result.errors.push({ path, message: '« elements » doit être une liste.' })
    walk.malformed = true
    return
  }
  elements.forEach((element, index) => {
    const elementPath = `${path}[${index}]`
    if (!isObject(element)) {
      walk.result.errors.push({ path: elementPath, message: 'Un élément doit être un objet.' })
      walk.malformed = true
      return
    }
    checkElement({ json: element, path: elementPath }, names, walk)
  })
}

function checkElement({ json, path }: ElementRef, names: Map<string, string>, walk: Walk): void {
  const { errors, warnings } = walk.result
  const type = typeof json.type === 'string' ? json.type.toLowerCase() : undefined
  if (type === undefined) {
    errors.push({ path: `${path}.type`, message: 'Type d’élément manquant.' })
    walk.malformed = true
    return
  }
  const isPanel = type === 'panel' || type === 'flowpanel'
  if (!isPanel && !(Serializer.findClass(type) && Serializer.isDescendantOf(type, 'question'))) {
    errors.push({ path: `${path}.type`, message: `Type d’élément inconnu : « ${String(json.type)} ».` })
    walk.malformed = true
    return
  }
  checkName(json, path, isPanel ? 'panneau' : 'question', names, walk)
  if (isPanel) {
    checkElements(json.elements, `${path}.elements`, names, walk)
    return
  }
  if (!NON_ANSWER_TYPES.has(type) && !hasFrenchText(json.title)) {
    warnings.push({ path: `${path}.title`, message: `Question « ${String(json.name)} » sans titre en français.` })
  }
  if (json.showOtherItem === true || json.showCommentArea === true || json.hasOther === true || json.hasComment === true) {
    warnings.push({
      path,
      message: `La précision « Autre » ou le commentaire de « ${String(json.name)} » serait enregistré sous une clé à part, refusée par Sonde : préférez une question texte conditionnelle.`,
    })
  }
  if (type === 'boolean' && ('valueTrue' in json || 'valueFalse' in json)) {
    errors.push({ path, message: `« valueTrue » et « valueFalse » ne sont pas pris en charge : « ${String(json.name)} » doit enregistrer true ou false.` })
  }
  checkChoiceValues(json, path, walk)
  if (type === 'paneldynamic') checkElements(json.templateElements, `${path}.templateElements`, new Map(), walk)
}

function hasFrenchText(text: unknown): boolean {
  if (typeof text === 'string') return text.trim() !== ''
  if (!isObject(text)) return false
  return [text.default, text.fr].some((value) => typeof value === 'string' && value.trim() !== '')
}

/** Choice values are stored in answers and exports: they must be stable strings, never numbers. */
function checkChoiceValues(json: Record<string, unknown>, path: string, walk: Walk): void {
  for (const key of ['choices', 'rows', 'columns'] as const) {
    const list = json[key]
    if (!Array.isArray(list)) continue
    list.forEach((item, index) => {
      // Matrix-dropdown columns are questions (objects with a name), not choices.
      if (key === 'columns' && isObject(item) && 'name' in item) return
      const value = isObject(item) ? item.value : item
      if (typeof value !== 'string' || value === '') {
        walk.result.errors.push({
          path: `${path}.${key}[${index}]`,
          message: `La valeur d’un choix doit être un texte non vide (code stable), pas ${JSON.stringify(value) ?? 'rien'}.`,
        })
      }
    })
  }
}

/**
 * Walks every value: a name, a value or an expression must not carry active content (texts are
 * cleaned on save instead, see `checkHtml`); lists must not hold `null`; every object's path is
 * recorded to place survey-core's loading errors.
 */
function checkValues(value: unknown, path: string, walk: Walk, key = ''): void {
  if (typeof value === 'string') {
    const found = isCodeKey(key) ? findUnsafeHtml(value) : null
    if (found) walk.result.errors.push({ path, message: `Contenu actif interdit dans un nom, une valeur ou une expression (${found}).` })
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item === null) {
        walk.result.errors.push({ path: `${path}[${index}]`, message: 'Valeur nulle dans une liste.' })
        walk.malformed = true
      } else {
        checkValues(item, `${path}[${index}]`, walk, key)
      }
    })
  } else if (isObject(value)) {
    walk.pathsByObject.set(value, path)
    if (key === 'validators') checkRegexValidator(value, path, walk)
    const textKey = localisedTextKey(key, value)
    for (const [k, item] of Object.entries(value)) checkValues(item, path === '' ? k : `${path}.${k}`, walk, textKey ?? k)
  }
}

/** A regex validator (`{ "type": "regex", "regex": … }`): its pattern must be safe to test anywhere. */
function checkRegexValidator(validator: Record<string, unknown>, path: string, walk: Walk): void {
  const type = typeof validator.type === 'string' ? validator.type.toLowerCase() : ''
  if (type !== 'regex' && type !== 'regexvalidator') return
  const ignoreCase = validator.caseInsensitive === true || validator.insensitive === true
  const problem = regexPatternProblem(validator.regex ?? '', ignoreCase)
  if (problem) walk.result.errors.push({ path: `${path}.regex`, message: problem })
}

/** Markup outside the allow-list in texts: saving removes it (`sanitizeQuestionnaire`); staff are told where and what. */
function checkHtml(definition: Record<string, unknown>, walk: Walk): void {
  const { definition: cleaned, changes } = sanitizeQuestionnaire(definition)
  walk.cleaned = cleaned
  for (const { path, removed } of changes) {
    walk.result.warnings.push({ path, message: `Balisage hors liste autorisée, retiré à l’enregistrement : ${removed.join(', ')}.` })
  }
}

function checkLoading(model: Model, walk: Walk): void {
  for (const error of model.jsonErrors ?? []) {
    const path = walk.pathsByObject.get(error.jsonObj as object) ?? ''
    if (error.type === 'unknownproperty') {
      const property = (error as { propertyName?: string }).propertyName ?? ''
      walk.result.warnings.push({
        path: property ? `${path}.${property}` : path,
        message: `Propriété inconnue de SurveyJS, ignorée : « ${property} ».`,
      })
    } else if (error.type === 'incorrecttypeproperty') {
      // Elements of unknown types stop the lint earlier: this is a validator, trigger, column…
      const type = isObject(error.jsonObj) ? String(error.jsonObj.type) : '?'
      walk.result.errors.push({ path: `${path}.type`, message: `Type inconnu : « ${type} ».` })
    } else {
      walk.result.errors.push({ path, message: `Définition incorrecte : ${error.message}` })
    }
  }
}

function checkExpressions(model: Model, walk: Walk): void {
  for (const { obj, propertyName, errors } of model.validateExpressions() as IExpressionValidationResult[]) {
    const path = `${objectPath(model, obj, walk)}.${propertyName}`
    for (const error of errors) {
      switch (error.errorType) {
        case ExpressionErrorType.SyntaxError:
          walk.result.errors.push({ path, message: 'Expression invalide (syntaxe).' })
          break
        case ExpressionErrorType.UnknownFunction:
          walk.result.errors.push({ path, message: `Fonction inconnue dans l’expression : « ${error.functionName ?? ''} ».` })
          break
        case ExpressionErrorType.UnknownVariable:
          walk.result.errors.push({ path, message: `L’expression nomme une question inconnue : « ${error.variableName ?? ''} ».` })
          break
        default:
          walk.result.warnings.push({ path, message: 'Expression toujours vraie ou toujours fausse.' })
      }
    }
  }
}

/** The JSON path of a survey-core object, found through its owner and its name. */
function objectPath(model: Model, obj: Base, walk: Walk): string {
  const byName = (owner: unknown): string | undefined => {
    const name = (owner as { name?: unknown } | null | undefined)?.name
    return typeof name === 'string' ? walk.pathsByName.get(name) : undefined
  }
  if (obj === model) return ''
  if (obj instanceof SurveyValidator) {
    const owner = obj.errorOwner as unknown as { validators?: SurveyValidator[] } | undefined
    const index = owner?.validators?.indexOf(obj) ?? -1
    return `${byName(owner) ?? ''}.validators[${index}]`
  }
  if (obj instanceof MatrixDropdownColumn) {
    const owner = obj.colOwner as unknown as { columns?: MatrixDropdownColumn[] } | null
    return `${byName(owner) ?? ''}.columns[${owner?.columns?.indexOf(obj) ?? -1}]`
  }
  if (obj instanceof ItemValue) {
    const owner = obj.locOwner as unknown as { choices?: ItemValue[]; rows?: ItemValue[]; columns?: ItemValue[] } | undefined
    for (const key of ['choices', 'rows', 'columns'] as const) {
      const index = owner?.[key]?.indexOf(obj) ?? -1
      if (index >= 0) return `${byName(owner) ?? ''}.${key}[${index}]`
    }
    return byName(owner) ?? ''
  }
  for (const key of ['triggers', 'calculatedValues', 'completedHtmlOnCondition'] as const) {
    const list = (model as unknown as Record<string, unknown>)[key]
    if (Array.isArray(list) && list.includes(obj)) return `${key}[${list.indexOf(obj)}]`
  }
  return byName(obj) ?? obj.getType()
}
