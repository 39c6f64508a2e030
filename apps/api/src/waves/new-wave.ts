import type { Transaction } from 'kysely'
import { defaultIndicators } from '@sonde/analysis'
import { defaultFamilies, type Family } from '@sonde/contracts'
import {
  createWave,
  replaceFamilies,
  replaceIndicatorDefinitions,
  saveQuestionnaire,
  type Database,
  type JsonValue,
  type SettingsChanges,
  type WaveRow,
  type WaveStatus,
} from '@sonde/db'
import { defaultQuestionnaire } from '@sonde/survey'

/**
 * A new wave with everything a wave starts with: the network's families (`defaultFamilies`) unless
 * others are given, the 2025 questionnaire (`defaultQuestionnaire`) as its first version, the
 * default indicators, and the default settings under those given. The console, the demo and the
 * tests all create waves through here.
 */
export async function createWaveWithDefaults(
  trx: Transaction<Database>,
  wave: {
    slug: string
    title: string
    status?: WaveStatus
    settings?: SettingsChanges
    families?: readonly Family[]
    isDemo?: boolean
    /** Another questionnaire than the 2025 one (tests of a particular questionnaire). */
    questionnaire?: unknown
  },
): Promise<WaveRow> {
  const created = await createWave(trx, {
    slug: wave.slug,
    title: wave.title,
    status: wave.status,
    settings: wave.settings ?? {},
    isDemo: wave.isDemo,
  })
  await replaceFamilies(trx, created.id, wave.families ?? defaultFamilies)
  await saveQuestionnaire(trx, created.id, (wave.questionnaire ?? defaultQuestionnaire) as JsonValue)
  await replaceIndicatorDefinitions(
    trx,
    created.id,
    defaultIndicators.map((d) => ({ id: d.id, definition: d as unknown as JsonValue })),
  )
  return created
}
