import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { FastifyBaseLogger } from 'fastify'
import { jsonDepth, prepareQuestionnaire, QUESTIONNAIRE_LIMITS } from '@sonde/survey'
import { checkQuestionnaireText, type CheckedQuestionnaire } from './check-questionnaire'

export interface CheckRequest {
  id: number
  /** The questionnaire as JSON text: cheaper to hand over than a structured clone of the object. */
  text: string
}

export type CheckReply = ({ id: number } & CheckedQuestionnaire) | { id: number; error: string }

/** Checks questionnaires (`checkQuestionnaireText`) off the event loop. */
export interface QuestionnaireChecker {
  check(definition: unknown): Promise<CheckedQuestionnaire>
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
  const pending = new Map<number, { resolve: (result: CheckedQuestionnaire) => void; reject: (error: Error) => void }>()

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error)
    pending.clear()
  }

  const start = (): Worker | null => {
    if (worker || inline) return worker
    worker = spawnWorker()
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
      if ('error' in reply) job.reject(new Error(`questionnaire check failed: ${reply.error}`))
      else job.resolve({ lint: reply.lint, cleaned: reply.cleaned, storedWarnings: reply.storedWarnings })
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

  return {
    async check(definition) {
      if (jsonDepth(definition, QUESTIONNAIRE_LIMITS.jsonDepth).deepest !== null) {
        // The limits alone answer, without walking the structure recursively.
        return { lint: prepareQuestionnaire(definition).lint, cleaned: null, storedWarnings: [] }
      }
      const text = JSON.stringify(definition)
      const thread = start()
      if (!thread) return checkQuestionnaireText(text)
      clearTimeout(idle)
      const id = nextId++
      return new Promise<CheckedQuestionnaire>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        thread.postMessage({ id, text } satisfies CheckRequest)
      })
    },
    async close() {
      clearTimeout(idle)
      const stopping = worker
      worker = null
      failAll(new Error('questionnaire checks stopped'))
      await stopping?.terminate()
    },
  }
}
