import { surveyAttachment } from '../survey-attachment'
import type { Model, Question } from 'survey-core'
import { entryProblem } from './entry-text'

/**
 * What a person typed in a numeric field that is not a number Sonde can store ("12,5,3", "1,607"):
 * the question's answer is cleared meanwhile, so that what is stored is always the reading of what
 * is shown, or nothing. `shown` says whether the message is shown at the field yet: not while the
 * person is still typing it for the first time, only once they leave the field.
 */
export interface NumberDraft {
  text: string
  shown: boolean
}

const keyFor = (token: string) => `sonde.numberDrafts.${token}`

/**
 * The drafts of one questionnaire page. Those of top-level questions are kept in this browser
 * (localStorage, per invitation and question) so that a reload shows the text again with its
 * message: nothing typed is lost, even what cannot be stored.
 */
export class NumberDrafts {
  private readonly drafts = new Map<Question, NumberDraft>()

  constructor(
    private readonly storage: Storage | undefined,
    private readonly token: string,
  ) {}

  get(question: Question): NumberDraft | undefined {
    return this.drafts.get(question)
  }

  /** Why the draft of `question` is not stored, or null when it has none. */
  problem(question: Question): string | null {
    const draft = this.drafts.get(question)
    return draft ? entryProblem(draft.text) : null
  }

  set(question: Question, text: string): void {
    const shown = this.drafts.get(question)?.shown ?? false
    this.drafts.set(question, { text, shown })
    this.persist()
  }

  /** The person left the field: its message is shown from now on. */
  show(question: Question): void {
    const draft = this.drafts.get(question)
    if (draft) draft.shown = true
  }

  clear(question: Question): void {
    if (this.drafts.delete(question)) this.persist()
  }

  /**
   * Puts back the drafts this browser kept for `survey`, for questions still without an answer (an
   * answer saved since, by a colleague for instance, is newer than the draft), shown at once.
   */
  restore(survey: Model): Question[] {
    const restored: Question[] = []
    for (const [name, text] of Object.entries(this.read())) {
      const question = survey.getQuestionByName(name) as Question | null
      if (!question || !question.isEmpty() || typeof text !== 'string' || entryProblem(text) === null) continue
      this.drafts.set(question, { text, shown: true })
      restored.push(question)
    }
    this.persist()
    return restored
  }

  private read(): Record<string, unknown> {
    try {
      const raw = this.storage?.getItem(keyFor(this.token))
      const parsed: unknown = raw ? JSON.parse(raw) : {}
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }

  private persist(): void {
    const kept: Record<string, string> = {}
    // Fields inside a matrix or a dynamic panel have no stable name of their own: kept in the page only.
    for (const [question, draft] of this.drafts) if (!question.parentQuestion) kept[question.name] = draft.text
    try {
      if (Object.keys(kept).length === 0) this.storage?.removeItem(keyFor(this.token))
      else this.storage?.setItem(keyFor(this.token), JSON.stringify(kept))
    } catch {
      // Storage full or refused: the draft still lives in the page.
    }
  }
}

/** The drafts of a survey, for its numeric fields (none for a survey shown read-only). */
export const surveyDrafts = surveyAttachment<NumberDrafts>()
