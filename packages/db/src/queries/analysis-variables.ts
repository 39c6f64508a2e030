import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../types'

/** How an answer is typed in the analysis projection (migration 20261128221000_response_values). */
export type AnalysisVariableKind = 'number' | 'boolean' | 'string' | 'strings'

/**
 * A (question, JSON kind) of a wave and its 1-based position in `response_values`: in `num`
 * (float8[], NaN where absent) for `number` and `boolean` (1/0), in `txt` (text[], NULL where
 * absent) for `string` (over 100 characters: U+001E and its md5) and `strings` (an array's string
 * elements, each followed by U+001F, after a leading U+001F).
 */
export interface AnalysisVariable {
  name: string
  kind: AnalysisVariableKind
  store: 'num' | 'txt'
  position: number
}

type AnalysisTables = {
  analysis_variables: { wave_id: string; name: string; kind: AnalysisVariableKind; store: 'num' | 'txt'; position: number }
}

/**
 * The variables of a wave's analysis projection, by store and position. The database writes
 * them itself (a trigger on `responses`) as submitted answers bring new (question, kind) pairs;
 * positions never change once given, so a list read in a snapshot addresses every row of it.
 */
export async function listAnalysisVariables(db: Kysely<Database> | Transaction<Database>, waveId: string): Promise<AnalysisVariable[]> {
  return db
    .withTables<AnalysisTables>()
    .selectFrom('analysis_variables')
    .select(['name', 'kind', 'store', 'position'])
    .where('wave_id', '=', waveId)
    .orderBy('store')
    .orderBy('position')
    .execute()
}
