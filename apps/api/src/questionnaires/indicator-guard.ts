import { indicatorQuestions, type IndicatorDefinition } from '@sonde/analysis'
import { outlineQuestionnaire, type Problem } from '@sonde/survey'

/**
 * The questions a new version would take away from the wave's indicators: one error per question
 * that the current version has, that an indicator uses (`indicatorQuestions`) and that the new
 * version lacks — removed, or renamed, names being the keys — placed at the question's path in the
 * current version (where the editor showed it), naming the indicators by their French label.
 * A version sharing no question with the current one replaces the questionnaire rather than
 * edits it (a new wave's 2025 questionnaire replaced by another): its indicators are then the
 * indicator editor's to check, not a reason to refuse the questionnaire.
 */
export function questionsTakenFromIndicators(current: unknown, next: unknown, indicators: readonly unknown[]): Problem[] {
  if (current === undefined) return []
  const before = new Map(outlineQuestionnaire(current).elements.map((element) => [element.key, element.path]))
  const after = new Set(outlineQuestionnaire(next).elements.map((element) => element.key))
  if (![...before.keys()].some((key) => after.has(key))) return []

  const users = new Map<string, string[]>()
  for (const indicator of indicators as IndicatorDefinition[]) {
    for (const name of indicatorQuestions(indicator)) {
      if (!before.has(name) || after.has(name)) continue
      users.set(name, [...(users.get(name) ?? []), indicator.labelFr])
    }
  }
  return [...users].map(([name, labels]) => ({
    path: before.get(name)!,
    message:
      labels.length === 1
        ? `La question ${name} est utilisée par l’indicateur « ${labels[0]} » : retirez-la de l’indicateur d’abord.`
        : `La question ${name} est utilisée par les indicateurs ${labels.map((label) => `« ${label} »`).join(', ')} : retirez-la de ces indicateurs d’abord.`,
  }))
}
