import questionnaire from '../questionnaires/2025.json' with { type: 'json' }

/**
 * A questionnaire as stored for a wave: SurveyJS JSON (`pages`, `elements`, …), French being the
 * default locale of every text. It comes from the database or an upload, so nothing about its
 * shape is trusted until `lintQuestionnaire` has accepted it.
 */
export type QuestionnaireJson = Record<string, unknown>

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/**
 * The default questionnaire of the 2025 wave (`questionnaires/2025.json`): identity, economy
 * and jobs, governance, one page per family shown only when the organisation ticked that family
 * (`{familles} contains '<key>'`), responsible digital and sovereignty, needs, consent. Question
 * names are stable keys across waves and are what the indicators bind to (docs/indicators.md, "Indicator catalogue").
 * Frozen: copy it (`structuredClone`) before editing.
 */
export const defaultQuestionnaire: QuestionnaireJson = deepFreeze(questionnaire as QuestionnaireJson)
