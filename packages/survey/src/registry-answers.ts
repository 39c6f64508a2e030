import { FAMILIES_QUESTION } from '@sonde/contracts/rules'
import { checkAnswer } from './check-answer'
import type { QuestionnaireJson } from './default-questionnaire'
import { listQuestions, type Choice, type QuestionInfo } from './list-questions'

/** What Sonde's registry knows of an organisation, as staff entered or imported it. */
export interface RegistryOrganisation {
  name: string
  familyKeys: readonly string[]
  region: string | null
  siren: string | null
}

/** The questions of the 2025 questionnaire (and of any questionnaire reusing their names) that the registry answers. */
export const REGISTRY_QUESTIONS = {
  name: 'nom_organisation',
  families: FAMILIES_QUESTION,
  region: 'region',
  siren: 'siren',
} as const

/** Lower case, without accents, punctuation and repeated spaces: "Île-de-France" and "ile de france" read the same. */
function comparable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function matchingChoice(choices: readonly Choice[] | undefined, text: string): string | undefined {
  const wanted = comparable(text)
  if (!wanted) return undefined
  return choices?.find((choice) => comparable(choice.value) === wanted || comparable(choice.text) === wanted)?.value
}

/**
 * The answers the registry gives for a questionnaire: the organisation's name for
 * `nom_organisation`, its families (those the question offers) for `familles`, its region for
 * `region` when the registry's text is one of the question's choices by value or by French text
 * (ignoring case, accents and punctuation), its SIREN (9 digits) for `siren`. A question the
 * questionnaire does not have, or a value its shape check (`checkAnswer`) refuses, is left out:
 * what is returned is stored and validated like any answer, and stays editable.
 */
export function registryAnswers(definition: QuestionnaireJson, organisation: RegistryOrganisation): Record<string, unknown> {
  const questions = new Map(listQuestions(definition).map((question) => [question.name, question]))
  const answers: Record<string, unknown> = {}
  const give = (name: string, value: unknown) => {
    const question: QuestionInfo | undefined = questions.get(name)
    if (!question || value === undefined || checkAnswer(question, value) !== null) return
    answers[name] = value
  }

  const name = organisation.name.trim()
  if (name) give(REGISTRY_QUESTIONS.name, name)

  const offered = new Set(questions.get(REGISTRY_QUESTIONS.families)?.choices?.map((choice) => choice.value) ?? [])
  const families = [...new Set(organisation.familyKeys)].filter((key) => offered.has(key))
  if (families.length > 0) give(REGISTRY_QUESTIONS.families, families)

  if (organisation.region) give(REGISTRY_QUESTIONS.region, matchingChoice(questions.get(REGISTRY_QUESTIONS.region)?.choices, organisation.region))

  const siren = organisation.siren?.replace(/\s/g, '')
  if (siren && /^\d{9}$/.test(siren)) give(REGISTRY_QUESTIONS.siren, siren)
  return answers
}
