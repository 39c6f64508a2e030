import { lintQuestionnaire, listQuestions, prepareQuestionnaire, type LintResult, type Problem, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'

export interface CheckedQuestionnaire {
  lint: LintResult
  /** The questionnaire to store (texts cleaned by the allow-list), or null when the lint found errors. */
  cleaned: unknown
  /** The warnings of the version stored (`cleaned`): those of what was sent, less the markup removed. */
  storedWarnings: Problem[]
}

/**
 * Every check of a questionnaire sent as JSON text (`prepareQuestionnaire`: limits, lint, HTML
 * clean-up), and the warnings its stored version will carry: when the clean-up rewrote a text, the
 * cleaned version is linted again, as readers of it are told about it, not about what was sent.
 */
export function checkQuestionnaireText(text: string): CheckedQuestionnaire {
  const { lint, cleaned } = prepareQuestionnaire(JSON.parse(text) as unknown)
  if (lint.errors.length > 0) return { lint, cleaned: null, storedWarnings: [] }
  const storedWarnings = JSON.stringify(cleaned) === text ? lint.warnings : lintQuestionnaire(cleaned).warnings
  return { lint, cleaned, storedWarnings }
}

/** The questions of a questionnaire sent as JSON text (none when it is not an object). */
export function questionsOfText(text: string): QuestionInfo[] {
  const definition = JSON.parse(text) as unknown
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) return []
  return listQuestions(definition as QuestionnaireJson)
}
