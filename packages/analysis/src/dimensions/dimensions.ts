/** The extra dimensions a researcher can cross the families with. */
export const DIMENSION_KEYS = ['region', 'legal_form', 'size_class'] as const
export type DimensionKey = (typeof DIMENSION_KEYS)[number]

/** The margin of an axis (every family, every value of the dimension) in published cells. */
export const ALL = '_all'
/** Organisations whose answer is missing or not one of the listed values. */
export const NOT_STATED = '_none'

export interface DimensionValue {
  key: string
  labelFr: string
  labelEn: string
}

/**
 * A dimension as computed: the question it reads and its values in display order, `_none` last.
 * `classes` marks a numeric question cut into classes (`sizeClassOf`), otherwise the values are
 * the question's choices and the answer is compared with them as it is.
 */
export interface Dimension {
  key: DimensionKey
  question: string
  classes: boolean
  values: DimensionValue[]
}

/** What a dimension needs to know of a choice question (`listQuestions` output fits). */
export interface DimensionQuestion {
  name: string
  choices?: readonly { value: string; text?: string }[]
}

const SIZE_CLASSES: DimensionValue[] = [
  { key: 'etp_0', labelFr: 'Aucun salarié (0 ETP)', labelEn: 'No employee (0 FTE)' },
  { key: 'etp_1_9', labelFr: 'Plus de 0 et moins de 10 ETP', labelEn: 'More than 0 and under 10 FTE' },
  { key: 'etp_10_49', labelFr: 'De 10 à moins de 50 ETP', labelEn: '10 to under 50 FTE' },
  { key: 'etp_50_plus', labelFr: '50 ETP ou plus', labelEn: '50 FTE or more' },
]

const LEGAL_FORMS_EN: Record<string, string> = {
  association: 'Association',
  scop: 'Worker cooperative (SCOP)',
  scic: 'Multi-stakeholder cooperative (SCIC)',
  cae: 'Business and employment cooperative (CAE)',
  sas_ess: 'Commercial company of the social economy',
  fondation: 'Foundation or endowment fund',
  mutuelle: 'Mutual',
  cooperative_autre: 'Other cooperative',
  autre: 'Other',
}

const NOT_STATED_VALUE: DimensionValue = { key: NOT_STATED, labelFr: 'Non renseigné', labelEn: 'Not stated' }

/**
 * Size class of an organisation from its full-time equivalent employees (`salaries_etp`): 0,
 * more than 0 and under 10, 10 to under 50, 50 or more — the INSEE size bands (0, 1–9, 10–49,
 * 50+) read on FTE, so that 0.5 FTE falls in the first band with staff. A missing, negative or
 * non-finite value has no class (`_none`).
 */
export function sizeClassOf(fte: number | null): string {
  if (fte === null || !Number.isFinite(fte) || fte < 0) return NOT_STATED
  if (fte === 0) return 'etp_0'
  if (fte < 10) return 'etp_1_9'
  if (fte < 50) return 'etp_10_49'
  return 'etp_50_plus'
}

/**
 * The dimension `key` of a wave, from its questionnaire: region (`region`) and legal form
 * (`forme_juridique`) take the question's choices as values (labels in French from the
 * questionnaire; English where Sonde knows it), size class the four FTE bands of `sizeClassOf`.
 * Every dimension ends with `_none` (not stated, or not one of the values), so that the values of
 * a family always add up to its total.
 */
export function dimensionFor(key: DimensionKey, questions: readonly DimensionQuestion[]): Dimension {
  if (key === 'size_class') return { key, question: 'salaries_etp', classes: true, values: [...SIZE_CLASSES, NOT_STATED_VALUE] }
  const question = key === 'region' ? 'region' : 'forme_juridique'
  const choices = questions.find((q) => q.name === question)?.choices ?? []
  const values = choices
    .filter((choice) => choice.value !== NOT_STATED && choice.value !== ALL)
    .map((choice) => {
      const labelFr = choice.text ?? choice.value
      return { key: choice.value, labelFr, labelEn: key === 'legal_form' ? (LEGAL_FORMS_EN[choice.value] ?? labelFr) : labelFr }
    })
  return { key, question, classes: false, values: [...values, NOT_STATED_VALUE] }
}
