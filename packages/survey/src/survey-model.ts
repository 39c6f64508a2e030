import { Model } from 'survey-core'
// Registers the French strings ("La réponse à cette question est obligatoire.", …) with survey-core.
// The package ships no typings for its locale files; a side-effect import needs none.
import 'survey-core/i18n/french'
import type { QuestionnaireJson } from './default-questionnaire'
import { useLinearRegexValidator } from './linear-regex-validator'

// Every model built here tests regex validators with the linear-time engine, never `new RegExp`:
// a stored pattern must not be able to stall the server (`^(a+)+$`) or throw (`(`).
useLinearRegexValidator()

/** Locale of every message this package returns: the questionnaires are written in French. */
const LOCALE = 'fr'

/** A cheap, stable identity for a definition: the same JSON text is the same questionnaire. */
export function definitionKey(definition: QuestionnaireJson): string {
  return JSON.stringify(definition)
}

/**
 * Builds a survey-core model in French. `designMode` skips running conditions, which is what
 * linting wants (no console warnings for broken expressions, nothing evaluated).
 */
export function createModel(definition: QuestionnaireJson, options: { designMode?: boolean } = {}): Model {
  const model = new Model()
  if (options.designMode) model.setDesignMode(true)
  model.fromJSON(definition)
  model.locale = LOCALE
  return model
}

/**
 * A small least-recently-used map. Building a survey-core model of the default questionnaire costs
 * tens of milliseconds, so the few questionnaires in use are kept, keyed by their JSON text.
 */
export class LruCache<V> {
  readonly #entries = new Map<string, V>()

  constructor(private readonly capacity: number) {}

  get(key: string, create: () => V): V {
    const found = this.#entries.get(key)
    if (found !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, found)
      return found
    }
    const value = create()
    this.#entries.set(key, value)
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    return value
  }
}
