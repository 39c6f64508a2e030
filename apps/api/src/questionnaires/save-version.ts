import type { Db, JsonValue, QuestionnaireVersionRecord } from '@sonde/db'
import {
  findCurrentQuestionnaireRecord,
  findQuestionnaireVersionRecord,
  listIndicatorDefinitions,
  lockWave,
  lockWaveIndicators,
  recordAudit,
  replaceIndicatorDefinitions,
  saveQuestionnaire,
} from '@sonde/db'
import { describeStructuralChanges, diffQuestionnaires, isWordingOnly, type Problem, type QuestionInfo } from '@sonde/survey'
import { AppError } from '../errors'
import { fitIndicators } from './indicator-guard'

/** Structural changes spelt out in the message of a refusal; details list them all. */
const CHANGES_IN_MESSAGE = 10

export interface VersionToSave {
  waveId: string
  /** Already checked by the lint and cleaned. */
  definition: Record<string, unknown>
  userId: string
  note: string | null
  /** The version the editor started from: another one current means someone saved meanwhile. */
  baseVersion?: number
  /** Lint warnings of the definition, counted in the audit. */
  warnings: number
  /** Where the version came from when it was not the editor (`xlsx`, `csv`), for the audit. */
  source?: string
  /** How a question taken away from an indicator is refused (each route its own error code). */
  refuseTaken(taken: Problem[]): never
  /** The questions of a questionnaire (the check thread's `questions`), to check the indicators with. */
  questionsOf(definition: unknown): Promise<QuestionInfo[]>
}

/**
 * Saves a new version of a wave's questionnaire — the one path of `PUT …/questionnaire` and of a
 * spreadsheet import: saves of one wave run one after the other and the wave cannot open meanwhile
 * (its row locked, and its indicators: an indicator save waits); a stale `baseVersion` is refused (QUESTIONNAIRE_CHANGED, naming who saved);
 * once the wave has opened only a wording fix passes (`isWordingOnly`), a structural change is
 * refused with its list (QUESTIONNAIRE_FROZEN); an edit never takes from the wave's indicators a
 * question they use, nor changes it so that they cannot read it (`fitIndicators`), while a draft
 * wave's questionnaire replaced by another one loses, in the same transaction, the indicators
 * that do not fit it (`removed`: one warning each, their ids in the audit); the version is
 * audited as `questionnaire.save`.
 */
export async function saveQuestionnaireVersion(
  db: Db,
  save: VersionToSave,
): Promise<{ record: QuestionnaireVersionRecord; frozen: boolean; removed: Problem[] }> {
  return db.transaction().execute(async (trx) => {
    // An indicator save checks against the questionnaire under this lock: without it, each could
    // pass its check against the other's old state (a question removed as an indicator starts
    // using it). Taken before the wave's row, as an indicator save does (its rows reference the
    // wave's), so that the two never wait for each other.
    await lockWaveIndicators(trx, save.waveId)
    // The wave's row too: saves of one wave run one after the other (the second sees the first's
    // version), and the wave cannot open between the check of its status and the write.
    const status = (await lockWave(trx, save.waveId))?.status
    if (!status) throw new AppError('WAVE_NOT_FOUND')
    const current = await findCurrentQuestionnaireRecord(trx, save.waveId)
    if (save.baseVersion !== undefined && save.baseVersion !== (current?.version ?? 0)) {
      throw new AppError(
        'QUESTIONNAIRE_CHANGED',
        current?.author
          ? `Version ${current.version} was saved by ${current.author.name} meanwhile; nothing was written.`
          : `Version ${current?.version ?? 0} is the current one; nothing was written.`,
        { version: current?.version ?? 0, author: current?.author ?? null, savedAt: current?.savedAt.toISOString() ?? null },
      )
    }
    const frozen = status !== 'draft'
    if (frozen && current) {
      const diff = diffQuestionnaires(current.definition, save.definition)
      if (!isWordingOnly(diff)) {
        const changes = describeStructuralChanges(diff)
        const more = changes.length > CHANGES_IN_MESSAGE ? ` … et ${changes.length - CHANGES_IN_MESSAGE} autre(s).` : ''
        throw new AppError(
          'QUESTIONNAIRE_FROZEN',
          `La vague est ouverte : seules les corrections de formulation sont acceptées. Changements de structure refusés : ${changes.slice(0, CHANGES_IN_MESSAGE).join(' ')}${more}`,
          { changes, diff },
        )
      }
    }
    const indicators = await listIndicatorDefinitions(trx, save.waveId)
    const fit = await fitIndicators(current?.definition, save.definition, indicators, { draft: !frozen, questionsOf: save.questionsOf })
    if (fit.problems.length > 0) save.refuseTaken(fit.problems)
    if (fit.removed.length > 0) {
      const removed = new Set(fit.removed.map(({ id }) => id))
      const kept = (indicators as { id: string }[]).filter((indicator) => !removed.has(indicator.id))
      await replaceIndicatorDefinitions(
        trx,
        save.waveId,
        kept.map((definition) => ({ id: definition.id, definition: definition as unknown as JsonValue })),
      )
    }
    const row = await saveQuestionnaire(trx, save.waveId, save.definition as JsonValue, { authorId: save.userId, note: save.note })
    await recordAudit(trx, {
      actorType: 'user',
      actorId: save.userId,
      waveId: save.waveId,
      action: 'questionnaire.save',
      details: {
        version: row.version,
        warnings: save.warnings,
        wordingFix: frozen,
        ...(save.source ? { source: save.source } : {}),
        ...(save.note ? { note: save.note } : {}),
        ...(fit.removed.length > 0 ? { removedIndicators: fit.removed.map(({ id }) => id) } : {}),
      },
    })
    return { record: (await findQuestionnaireVersionRecord(trx, save.waveId, row.version))!, frozen, removed: fit.removed.map(({ warning }) => warning) }
  })
}
