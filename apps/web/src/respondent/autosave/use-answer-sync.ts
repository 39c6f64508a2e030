import type { RespondentView } from '@sonde/contracts'
import { confirmedQuestion } from '@sonde/survey/confirmation'
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { Model, ValueChangedEvent } from 'survey-core'
import { localStore } from '../../layout/browser-storage'
import type { SurveyModel } from '../survey/use-survey-model'
import { AnswerSync, type SyncSnapshot } from './answer-sync'
import type { ConflictApi } from './conflict-context'

export interface AnswerSyncWiring {
  sync: AnswerSync
  snapshot: SyncSnapshot
  /** Nothing can be changed: the wave is not open, or the server said it closed meanwhile. */
  readOnly: boolean
  /** What each question's conflict display needs (`ConflictContext`). */
  conflictApi: ConflictApi
  /** Once submitted, changes SurveyJS still makes to its data are not edits to save. */
  stopSaving(): void
}

/**
 * The survey's answers kept in step with the server: the autosave engine made once, what this
 * browser had not sent yet put back (unsent answers, then number drafts where the answer is still
 * empty), every edit of the person saved and checked at the field, the colleagues' answers shown.
 */
export function useAnswerSync(token: string, view: RespondentView, { survey, drafts, checks }: SurveyModel): AnswerSyncWiring {
  const open = view.wave.status === 'open'
  const [sync] = useState(() => {
    const engine = new AnswerSync({
      token,
      revision: view.response.revision,
      answers: view.response.answers,
      storage: localStore(),
      yieldsToColleague: (name) => confirmedQuestion(name) !== null,
      target: {
        getValue: (name) => survey.getValue(name),
        // Not an edit of this person: no onValueChanged, hence no save loop; its rules are checked all the same.
        applyRemote: (name, value) => {
          survey.setValue(name, value, false, false)
          checks.arrived(name)
        },
      },
    })
    // Unsent edits of a wave that has closed since would only pretend to be answers.
    if (open) engine.restore()
    return engine
  })
  // After the unsent answers: a draft is put back only where the answer is still empty.
  const [restoredDrafts] = useState(() => (open ? drafts.restore(survey) : []))
  const [saving] = useState(() => ({ stopped: false }))
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot)
  const readOnly = snapshot.readOnly || !open

  useEffect(() => {
    survey.readOnly = readOnly
  }, [survey, readOnly])

  useEffect(() => {
    checks.start()
    checks.checkLoaded(restoredDrafts)
    return () => checks.dispose()
  }, [checks, restoredDrafts])

  useEffect(() => {
    const onValueChanged = (_: Model, options: ValueChangedEvent) => {
      // Once submitted, SurveyJS still tidies its data (clearing answers to hidden questions):
      // that is not an edit to save.
      if (saving.stopped) return
      sync.change(options.name, options.value)
      checks.changed(options.name, options.value)
    }
    survey.onValueChanged.add(onValueChanged)
    if (open) sync.start()
    return () => {
      survey.onValueChanged.remove(onValueChanged)
      sync.dispose()
    }
  }, [survey, sync, checks, saving, open])

  const conflictApi = useMemo<ConflictApi>(
    () => ({
      survey,
      conflicts: new Map(snapshot.conflicts.map((conflict) => [conflict.name, conflict])),
      keepMine: (name) => sync.keepMine(name),
      takeTheirs: (name) => sync.takeTheirs(name),
    }),
    [survey, sync, snapshot.conflicts],
  )

  const stopSaving = useCallback(() => {
    saving.stopped = true
  }, [saving])

  return { sync, snapshot, readOnly, conflictApi, stopSaving }
}
