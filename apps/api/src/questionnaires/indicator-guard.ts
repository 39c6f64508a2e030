import { validateIndicators, type IndicatorDefinition, type IndicatorProblem } from '@sonde/analysis'
import { outlineQuestionnaire, REGISTRY_QUESTIONS, type Problem, type QuestionInfo } from '@sonde/survey'

/** What a new version of the questionnaire does to the wave's indicators. */
export interface IndicatorFit {
  /** What an edit would break: refused, each at the question, naming the indicators. */
  problems: Problem[]
  /** The indicators a replacement of a draft wave's questionnaire leaves without their questions: removed, each with its warning. */
  removed: { id: string; warning: Problem }[]
}

const NOTHING: IndicatorFit = { problems: [], removed: [] }

/** A problem's reason inside a sentence: « la question … » after a colon. */
function reason(problem: IndicatorProblem): string {
  return problem.message.charAt(0).toLocaleLowerCase('fr') + problem.message.slice(1)
}

function quoted(labels: readonly string[]): string {
  return labels.map((label) => `« ${label} »`).join(', ')
}

/** One refusal per question and reason, naming every indicator it breaks. */
function refusal(name: string, path: string, found: readonly IndicatorProblem[], labelOf: (index: number) => string): Problem {
  const labels = [...new Set(found.map((problem) => labelOf(problem.index)))]
  const users = labels.length === 1 ? `l’indicateur ${quoted(labels)}` : `les indicateurs ${quoted(labels)}`
  const them = labels.length === 1 ? 'de l’indicateur' : 'de ces indicateurs'
  const first = found[0]!
  const message =
    first.code === 'UNKNOWN_QUESTION'
      ? `La question ${name} est utilisée par ${users} : retirez-la ${them} d’abord.`
      : `La question ${name} est utilisée par ${users} : ${reason(first)} Changez la question, ou retirez-la ${them} d’abord.`
  return { path, message }
}

/** Why a replacement takes an indicator away, in the save's warnings. */
function removal(label: string, found: readonly IndicatorProblem[]): Problem {
  const missing = [...new Set(found.filter((problem) => problem.code === 'UNKNOWN_QUESTION').map((problem) => problem.question!))]
  const message =
    missing.length === 0
      ? `L’indicateur « ${label} » a été retiré : ${reason(found[0]!)}`
      : missing.length === 1
        ? `L’indicateur « ${label} » a été retiré : il utilise la question ${missing[0]} que ce questionnaire n’a pas.`
        : `L’indicateur « ${label} » a été retiré : il utilise les questions ${missing.join(', ')} que ce questionnaire n’a pas.`
  return { path: '', message }
}

function groupBy<K>(problems: readonly IndicatorProblem[], key: (problem: IndicatorProblem) => K): Map<K, IndicatorProblem[]> {
  const groups = new Map<K, IndicatorProblem[]>()
  for (const problem of problems) groups.set(key(problem), [...(groups.get(key(problem)) ?? []), problem])
  return groups
}

const problemKey = (problem: IndicatorProblem) => `${problem.index}\u0000${problem.path}\u0000${problem.code}`

/**
 * Checks the wave's indicators against a new version of its questionnaire (`validateIndicators`:
 * each question there, of a type the aggregation reads, with the choices the indicator counts).
 * - An edit (the new version keeps at least one question of the current one): every problem the
 *   new version brings — a question removed or renamed (names are the keys), its type changed, a
 *   choice counted taken away — is refused at the question's path in the current version (where
 *   the editor showed it; in the new one for a question the current version lacks), naming the
 *   indicators by their French label. A problem the current version already had is not the
 *   edit's doing and does not block it (the indicator editor shows it).
 * - A replacement (no question in common but the registry's, e.g. a new wave's 2025 questionnaire replaced by
 *   another one): in a draft wave the indicators that do not fit are removed, each with a
 *   warning; in a wave that has opened it is refused as an edit (and, before that, as a change
 *   of structure).
 * `questionsOf` describes a questionnaire's questions (survey-core, off the event loop); it runs
 * only when an indicator uses a question, and for the current version only when the new one
 * has a problem.
 */
export async function fitIndicators(
  current: unknown,
  next: unknown,
  stored: readonly unknown[],
  options: { draft: boolean; questionsOf(definition: unknown): Promise<QuestionInfo[]> },
): Promise<IndicatorFit> {
  const indicators = stored as IndicatorDefinition[]
  if (current === undefined || indicators.length === 0) return NOTHING
  const before = new Map(outlineQuestionnaire(current).elements.map((element) => [element.key, element.path]))
  const after = new Map(outlineQuestionnaire(next).elements.map((element) => [element.key, element.path]))
  // The registry's questions (name, families, region, SIREN) belong in every design: keeping them does not make a new design an edit.
  const registry = new Set<string>(Object.values(REGISTRY_QUESTIONS))
  const replacement = ![...before.keys()].some((key) => after.has(key) && !registry.has(key))

  const found = validateIndicators(indicators, await options.questionsOf(next)).filter((problem) => problem.question)
  if (found.length === 0) return NOTHING
  const labelOf = (index: number) => indicators[index]!.labelFr

  if (replacement && options.draft) {
    const byIndicator = groupBy(found, (problem) => problem.index)
    return {
      problems: [],
      removed: [...byIndicator].map(([index, problems]) => ({ id: indicators[index]!.id, warning: removal(labelOf(index), problems) })),
    }
  }

  const already = new Set(validateIndicators(indicators, await options.questionsOf(current)).map(problemKey))
  const fresh = found.filter((problem) => !already.has(problemKey(problem)))
  const byQuestion = groupBy(fresh, (problem) => `${problem.question}\u0000${problem.code === 'UNKNOWN_QUESTION' ? '' : problem.message}`)
  return {
    problems: [...byQuestion.values()].map((problems) => {
      const name = problems[0]!.question!
      return refusal(name, before.get(name) ?? after.get(name) ?? '', problems, labelOf)
    }),
    removed: [],
  }
}
