import type { AnswerConflict } from '@sonde/contracts'
import { createContext } from 'react'
import type { Model } from 'survey-core'

/** What a question needs to show its conflict and settle it; null outside an editable survey. */
export interface ConflictApi {
  survey: Model
  conflicts: ReadonlyMap<string, AnswerConflict>
  keepMine(name: string): void
  takeTheirs(name: string): void
}

export const ConflictContext = createContext<ConflictApi | null>(null)
