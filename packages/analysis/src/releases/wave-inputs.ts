import type { IndicatorMeta } from '@sonde/contracts'
import { findCurrentQuestionnaire, listIndicatorDefinitions, waveSettings, type Db, type WaveRow } from '@sonde/db'
import { listQuestions, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'
import { dimensionFor, type Dimension, type DimensionKey } from '../dimensions/dimensions'
import { indicatorMeta } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'

/** What a wave's indicators are computed from: its definitions, its questionnaire's questions, its rules. */
export interface WaveInputs {
  definitions: IndicatorDefinition[]
  questions: QuestionInfo[]
  questionnaireVersion: number | null
  minCellSize: number
  pPercent: number
}

/** The questions of a questionnaire definition as stored (none when it is not an object). */
export function questionsOfDefinition(definition: unknown): QuestionInfo[] {
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) return []
  return listQuestions(definition as QuestionnaireJson)
}

/**
 * The inputs of a wave's analysis as they stand now: its indicator definitions (validated when
 * they were saved), the questions of its current questionnaire, the minimum cell size and the p
 * of the p % rule of its settings.
 */
export async function loadWaveInputs(db: Db, wave: WaveRow): Promise<WaveInputs> {
  const [rows, questionnaire] = await Promise.all([listIndicatorDefinitions(db, wave.id), findCurrentQuestionnaire(db, wave.id)])
  const settings = waveSettings(wave)
  return {
    definitions: rows as unknown as IndicatorDefinition[],
    questions: questionsOfDefinition(questionnaire?.definition),
    questionnaireVersion: questionnaire?.version ?? null,
    minCellSize: settings.minCellSize,
    pPercent: settings.pPercent,
  }
}

/** The dimension `key` of a wave from its questions, or none. */
export function waveDimension(key: DimensionKey | null, questions: readonly QuestionInfo[]): Dimension | null {
  return key ? dimensionFor(key, questions) : null
}

/**
 * The published description of a wave's indicator, with the labels of a distribution's categories
 * taken from the questionnaire (the French text of each choice; English when it has one).
 */
export function describeIndicator(definition: IndicatorDefinition, questions: readonly QuestionInfo[]): IndicatorMeta {
  const meta = indicatorMeta(definition)
  if (definition.aggregation !== 'distribution') return { ...meta, categories: null }
  const choices = questions.find((q) => q.name === definition.question)?.choices ?? []
  return {
    ...meta,
    categories: definition.categories.map((key) => {
      const text = choices.find((c) => c.value === key)?.text ?? key
      return { key, labelFr: text, labelEn: text }
    }),
  }
}
