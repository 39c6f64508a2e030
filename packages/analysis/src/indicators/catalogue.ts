import type { IndicatorDefinitionInput } from '@sonde/contracts'
import { defaultIndicators } from './default-indicators'
import type { IndicatorDefinition, QuestionInfo } from './types'
import { validateIndicators } from './validate'

// Compile-time check that a definition accepted by the HTTP contract is one the analysis computes.
const _contractComputes = (definition: IndicatorDefinitionInput): IndicatorDefinition => definition

/**
 * The default catalogue (`defaultIndicators`, the 2025 enquête's) as it fits a questionnaire:
 * the indicators that `validateIndicators` accepts against its questions and the wave's
 * families, in the catalogue's order — those whose questions are missing (or changed type) are
 * left out. A wave with the 2025 questionnaire gets the whole catalogue.
 */
export function defaultIndicatorsFor(questions: readonly QuestionInfo[], families: readonly string[]): IndicatorDefinition[] {
  return defaultIndicators.filter((definition) => validateIndicators([definition], questions, { families }).length === 0)
}
