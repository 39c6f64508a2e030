export { defaultQuestionnaire, type QuestionnaireJson } from './default-questionnaire'
export { listQuestions, answerableQuestionNames, NON_ANSWER_TYPES, type QuestionInfo, type Choice } from './list-questions'
export { checkAnswer, MAX_TEXT_LENGTH } from './check-answer'
export { applicableQuestions, validateSubmission, type SubmissionResult } from './validate-submission'
export { lintQuestionnaire, prepareQuestionnaire, NAME_PATTERN, type LintResult, type Problem } from './lint-questionnaire'
export { findUnsafeHtml } from './unsafe-html'
export { sanitizeHtml, type SanitizedHtml } from './sanitize-html'
export { sanitizeQuestionnaire, type HtmlChange } from './sanitize-questionnaire'
export { CONFIRMATION_SUFFIX, confirmationKey, confirmedQuestion, confirms } from './confirmation'
export { questionsWithWarnings } from './warnings'
export { registryAnswers, REGISTRY_QUESTIONS, type RegistryOrganisation } from './registry-answers'
export { QUESTIONNAIRE_LIMITS, checkQuestionnaireLimits, jsonDepth } from './questionnaire-limits'
export { linearRegex, regexPatternProblem, MAX_PATTERN_LENGTH, MAX_POSITIONS, MAX_REPEAT, type LinearRegex } from './safe-regex'
export { withoutUnsafeRegexValidators } from './browser-safe'
export {
  diffQuestionnaires,
  isWordingOnly,
  describeStructuralChanges,
  outlineQuestionnaire,
  countQuestions,
  type OutlineElement,
  type QuestionnaireOutline,
} from './diff-questionnaires'
export {
  questionnaireToXlsForm,
  xlsFormToQuestionnaire,
  describeXlsFormProblem,
  sheetToTable,
  tablesToXlsForm,
  xlsFormToCsvRows,
  csvRowsToXlsForm,
  type XlsForm,
  type XlsFormProblem,
} from './xlsform'
