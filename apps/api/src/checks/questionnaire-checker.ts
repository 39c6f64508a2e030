import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { FastifyBaseLogger } from 'fastify'
import type { JsonValue } from '@sonde/db'
import { jsonDepth, prepareQuestionnaire, QUESTIONNAIRE_LIMITS, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'
import { checkQuestionnaireText, questionsOfText, type CheckedQuestionnaire } from './check-questionnaire'
import { checkSubmission, VERSIONS_KEPT, type CheckedSubmission } from './check-submission'

export type CheckRequest =
  /** A questionnaire as JSON text: cheaper to hand over than a structured clone of the object. */
  | { id: number; kind: 'questionnaire'; text: string }
  /** The questions of a questionnaire already checked (JSON text), as `listQuestions` describes them. */
  | { id: number; kind: 'questions'; text: string }
  /**
   * A submission's answers (JSON text) against a questionnaire version, whose definition the thread
   * keeps by id: it comes (`definition`, JSON text) only the first time the thread sees the version.
   */
  | { id: number; kind: 'submission'; questionnaireId: string; definition: string | null; answers: string }

export type CheckReply =
  | { id: number; kind: 'questionnaire'; result: CheckedQuestionnaire }
  | { id: number; kind: 'questions'; result: QuestionInfo[] }
  | { id: number; kind: 'submission'; result: CheckedSubmission }
  | { id: number; error: string }

/** Checks questionnaires (`checkQuestionnaireText`) and submissions (`checkSubmission`) off the event loop. */
export interface QuestionnaireChecker {
  check(definition: unknown): Promise<CheckedQuestionnaire>
  /** The questions of a questionnaire the lint accepted (survey-core builds its model: seconds for 2 000 questions). */
  questions(definition: unknown): Promise<QuestionInfo[]>
  checkSubmission(questionnaire: { id: string; definition: QuestionnaireJson }, answers: Record<string, JsonValue>): Promise<CheckedSubmission>
  close(): Promise<void>
}

/** A thread left without work this long is ended (its memory given back); the next check starts one. */
const IDLE_MS = 60_000

/**
 * The worker thread's code. The server bundle carries it as `lint-worker.mjs` beside itself;
 * from the TypeScript sources (`pnpm dev`, the tests) the thread loads `lint-worker.ts` through
 * tsx, as the main thread does.
 */
function spawnWorker(): Worker | null {
  if (import.meta.url.endsWith('.ts')) {
    const require = createRequire(import.meta.url)
    const manifest = require.resolve('tsx/package.json')
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
    const tsx = new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href
    const file = new URL('./lint-worker.ts', import.meta.url).href
    const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`
    return new Worker(code, { eval: true })
  }
  const file = new URL('./lint-worker.mjs', import.meta.url)
  return existsSync(file) ? new Worker(file) : null
}

/**
 * One worker thread, started on the first check and ended when idle, runs the checks one after
 * the other. Before anything is handed over, the nesting of the JSON is measured without
 * recursion: a body nested thousands deep is refused here, as serialising it would overflow the
 * stack. Should the bundle lack the worker's file, the checks run on the main thread (logged).
 */
export function questionnaireChecker(log: FastifyBaseLogger): QuestionnaireChecker {
  let worker: Worker | null = null
  let idle: NodeJS.Timeout | undefined
  let nextId = 0
  let inline = false
  // The questionnaire versions the current thread holds (a new thread starts with none).
  let known = new Set<string>()
  const pending = new Map<number, { resolve: (result: never) => void; reject: (error: Error) => void }>()

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error)
    pending.clear()
  }

  const start = (): Worker | null => {
    if (worker || inline) return worker
    worker = spawnWorker()
    known = new Set()
    if (!worker) {
      inline = true
      log.warn('questionnaire checks: lint-worker.mjs is missing beside the server bundle, so they run on the main thread')
      return null
    }
    const started = worker
    started.unref()
    started.on('message', (reply: CheckReply) => {
      const job = pending.get(reply.id)
      if (!job) return
      pending.delete(reply.id)
      if ('error' in reply) job.reject(new Error(`check failed: ${reply.error}`))
      else job.resolve(reply.result as never)
      if (pending.size === 0) {
        clearTimeout(idle)
        idle = setTimeout(() => {
          if (pending.size > 0 || worker !== started) return
          worker = null
          void started.terminate()
        }, IDLE_MS).unref()
      }
    })
    // A thread retired when idle, or by close(), had no job left; one that fails takes its jobs with it.
    const lost = (error: Error) => {
      if (worker !== started) return
      worker = null
      failAll(error)
    }
    started.on('error', (error) => {
      log.error({ err: error }, 'questionnaire check thread failed')
      lost(error)
    })
    started.on('exit', (code) => lost(new Error(`questionnaire check thread exited (${code})`)))
    return started
  }

  function post<T>(thread: Worker, request: CheckRequest): Promise<T> {
    clearTimeout(idle)
    return new Promise<T>((resolve, reject) => {
      pending.set(request.id, { resolve: resolve as (result: never) => void, reject })
      thread.postMessage(request)
    })
  }

  return {
    async checkSubmission(questionnaire, answers) {
      const thread = start()
      if (!thread) return checkSubmission(questionnaire.definition, answers)
      const definition = known.has(questionnaire.id) ? null : JSON.stringify(questionnaire.definition)
      if (definition !== null) {
        // The thread forgets its oldest version as it is given a new one (lint-worker.ts): the same here.
        if (known.size >= VERSIONS_KEPT) known.delete(known.values().next().value!)
        known.add(questionnaire.id)
      }
      return post<CheckedSubmission>(thread, {
        id: nextId++,
        kind: 'submission',
        questionnaireId: questionnaire.id,
        definition,
        answers: JSON.stringify(answers),
      })
    },
    async check(definition) {
      if (jsonDepth(definition, QUESTIONNAIRE_LIMITS.jsonDepth).deepest !== null) {
        // The limits alone answer, without walking the structure recursively.
        return { lint: prepareQuestionnaire(definition).lint, cleaned: null, storedWarnings: [] }
      }
      const text = JSON.stringify(definition)
      const thread = start()
      if (!thread) return checkQuestionnaireText(text)
      return post<CheckedQuestionnaire>(thread, { id: nextId++, kind: 'questionnaire', text })
    },
    async questions(definition) {
      const text = JSON.stringify(definition)
      const thread = start()
      if (!thread) return questionsOfText(text)
      return post<QuestionInfo[]>(thread, { id: nextId++, kind: 'questions', text })
    },
    async close() {
      clearTimeout(idle)
      const stopping = worker
      worker = null
      failAll(new Error('checks stopped'))
      await stopping?.terminate()
    },
  }
}
