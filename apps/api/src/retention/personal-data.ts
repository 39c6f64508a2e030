import { randomUUID } from 'node:crypto'
import { exportVariables, questionsOfDefinition } from '@sonde/analysis'
import type { RetainedQuestion } from '@sonde/contracts'
import {
  applyRetention,
  eraseOrganisationData,
  listQuestionnaireDefinitions,
  listWaves,
  PSEUDONYM_PREFIX,
  recordAudit,
  waveSettings,
  type Db,
  type ErasureCounts,
  type JsonValue,
  type RetentionCounts,
  type WaveRow,
} from '@sonde/db'
import type { QuestionnaireJson } from '@sonde/survey'
import { retentionDue } from './schedule'

/**
 * The questions of a wave whose answers identify an organisation or are free text — the ones the
 * pseudonymised microdata never carry (`exportVariables` with free text refused): names, e-mails,
 * SIREN, text inputs, comments, files — across every version of its questionnaire.
 */
export async function identifyingQuestions(db: Db, waveId: string): Promise<RetainedQuestion[]> {
  const found = new Map<string, RetainedQuestion>()
  for (const definition of await listQuestionnaireDefinitions(db, waveId)) {
    if (!definition || typeof definition !== 'object' || Array.isArray(definition)) continue
    const questionnaire = definition as unknown as QuestionnaireJson
    const { excluded } = exportVariables(questionsOfDefinition(questionnaire), questionnaire, { freeText: false })
    for (const q of excluded) found.set(q.question, { name: q.question, label: q.labelFr, reason: q.reason })
  }
  return [...found.values()]
}

/** The waves whose retention date has passed at `now`. */
export async function dueWaves(db: Db, now: Date): Promise<WaveRow[]> {
  return (await listWaves(db)).filter((wave) => retentionDue(waveSettings(wave).retentionUntil, now))
}

export const removedSomething = (counts: RetentionCounts) => Object.entries(counts).some(([key, value]) => key !== 'organisationsKept' && value > 0)

/**
 * One retention pass over every wave whose date has passed (`applyRetention`, one transaction per
 * wave). A pass that removed something leaves an entry in the audit log with the counts.
 */
export async function runRetention(db: Db, now = new Date()): Promise<{ wave: WaveRow; counts: RetentionCounts }[]> {
  const due = await dueWaves(db, now)
  const dueWaveIds = due.map((wave) => wave.id)
  const results: { wave: WaveRow; counts: RetentionCounts }[] = []
  for (const wave of due) {
    const questions = (await identifyingQuestions(db, wave.id)).map((q) => q.name)
    const counts = await db.transaction().execute(async (trx) => {
      const counts = await applyRetention(trx, wave.id, { questions, dueWaveIds })
      if (removedSomething(counts)) {
        await recordAudit(trx, {
          actorType: 'system',
          actorId: null,
          waveId: wave.id,
          action: 'retention.applied',
          details: { retentionUntil: waveSettings(wave).retentionUntil, ...counts },
        })
      }
      return counts
    })
    results.push({ wave, counts })
  }
  return results
}

/**
 * Erases one organisation's data in one wave, on request (`eraseOrganisationData`), and leaves a
 * tombstone in the audit log: what went and the pseudonym that now stands for the organisation in
 * the wave's earlier entries — no name, address, SIREN or id of it.
 */
export async function eraseOrganisation(
  db: Db,
  request: { waveId: string; organisationId: string; actor: { type: 'user' | 'system'; id: string | null } },
): Promise<(ErasureCounts & { pseudonym: string }) | undefined> {
  const pseudonym = `${PSEUDONYM_PREFIX}${randomUUID()}`
  return db.transaction().execute(async (trx) => {
    const counts = await eraseOrganisationData(trx, request.waveId, request.organisationId, pseudonym)
    if (!counts) return undefined
    await recordAudit(trx, {
      actorType: request.actor.type,
      actorId: request.actor.id,
      waveId: request.waveId,
      action: 'organisation.erased',
      details: { pseudonym, ...counts } satisfies Record<string, JsonValue>,
    })
    return { ...counts, pseudonym }
  })
}
