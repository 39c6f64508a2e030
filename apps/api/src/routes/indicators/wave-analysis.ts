import type { IndicatorMeta } from '@sonde/contracts'
import {
  computeIndicators,
  indicatorMeta,
  DIMENSION_KEYS,
  dimensionFor,
  type Dimension,
  type DimensionKey,
  type IndicatorDefinition,
} from '@sonde/analysis'
import { findCurrentQuestionnaire, listIndicatorDefinitions, waveSettings, type Db, type Wave } from '@sonde/db'
import { listQuestions, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'
import { AppError } from '../../errors'

/** `?dimension=`: one of the dimensions Sonde knows, or 400 UNKNOWN_DIMENSION listing them. */
export function parseDimension(value: string | undefined): DimensionKey | null {
  if (value === undefined) return null
  if ((DIMENSION_KEYS as readonly string[]).includes(value)) return value as DimensionKey
  throw new AppError('UNKNOWN_DIMENSION', `Unknown dimension "${value.slice(0, 40)}"; use one of ${DIMENSION_KEYS.join(', ')}.`, {
    allowed: DIMENSION_KEYS,
  })
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

/** The indicator definitions stored for a wave (validated when they were saved). */
export async function waveDefinitions(db: Db, waveId: string): Promise<IndicatorDefinition[]> {
  return (await listIndicatorDefinitions(db, waveId)) as unknown as IndicatorDefinition[]
}

/** The questions of a wave's current questionnaire; none before it has one. */
export async function waveQuestions(db: Db, waveId: string): Promise<QuestionInfo[]> {
  const questionnaire = await findCurrentQuestionnaire(db, waveId)
  const definition = questionnaire?.definition
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) return []
  return listQuestions(definition as QuestionnaireJson)
}

/**
 * A wave's indicator cells by family (and by `dimensionKey` when given), with disclosure control
 * applied: the one computation behind the JSON, the CSV, the portal and the members' reports.
 */
export async function waveIndicators(db: Db, wave: Wave, dimensionKey: DimensionKey | null = null) {
  const definitions = await waveDefinitions(db, wave.id)
  const minCellSize = waveSettings(wave).minCellSize
  const dimension: Dimension | null = dimensionKey ? dimensionFor(dimensionKey, await waveQuestions(db, wave.id)) : null
  const cells = await computeIndicators(db, wave.id, definitions, { minCellSize, dimension })
  return { definitions, minCellSize, dimension, cells }
}

