import type { DimensionValue, IndicatorCell, ReleaseDifference, SuppressionReason } from '@sonde/contracts'
import {
  answersForComparison,
  insertRelease,
  latestReleaseNumber,
  listReleasedResponses,
  listReleases,
  listReleaseTables,
  lockWaveReleases,
  sameJson,
  submittedSnapshot,
  type Db,
  type JsonValue,
  type ReleasedResponse,
  type ReleaseRow,
  type WaveRow,
} from '@sonde/db'
import { cellKey, computeCellCandidates, protectCells, type CellCandidates } from '../compute/compute-indicators'
import { FAMILIES_QUESTION } from '../compute/queries'
import { DIMENSION_KEYS, type DimensionKey } from '../dimensions/dimensions'
import { effectiveMinCellSize } from '../disclosure/disclosure'
import { indicatorQuestions } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'
import { describeIndicator, loadWaveInputs, waveDimension, type WaveInputs } from './wave-inputs'

/** The tables of a release: by family (null), then crossed with each dimension. */
export const RELEASE_TABLES: readonly (DimensionKey | null)[] = [null, ...DIMENSION_KEYS]

/** How many differences a refusal lists at most (the total is always given). */
const MAX_LISTED_DIFFERENCES = 200
/** Attempts at computing a release while submissions keep arriving. */
const MAX_ATTEMPTS = 3

/** A release refused: cells that an earlier release would isolate fewer than k organisations of. */
export class ReleaseRefusedError extends Error {
  constructor(
    readonly differences: ReleaseDifference[],
    readonly total: number,
  ) {
    super(`${total} cell(s) moved by fewer organisations than the minimum since an earlier release`)
    this.name = 'ReleaseRefusedError'
  }
}

/** Submissions kept arriving while the release was computed: try again in a moment. */
export class ReleaseBusyError extends Error {
  constructor() {
    super('the submitted responses changed while the release was computed')
    this.name = 'ReleaseBusyError'
  }
}

interface ComputedTable {
  dimension: DimensionKey | null
  dimensionValues: DimensionValue[]
  candidates: CellCandidates
  /** Outcomes imposed by earlier releases (`earlierConstraints`). */
  fixed: Map<string, SuppressionReason | null>
  checks: ((cells: readonly IndicatorCell[], k: number) => ReleaseDifference[])[]
  cells: IndicatorCell[]
}

const sameSnapshot = (a: readonly ReleasedResponse[], b: readonly ReleasedResponse[]) =>
  a.length === b.length &&
  a.every((r, i) => {
    const o = b[i]!
    return r.responseId === o.responseId && r.revision === o.revision && r.submittedAt?.getTime() === o.submittedAt?.getTime()
  })

const keyOf = (cell: Pick<IndicatorCell, 'indicator' | 'family' | 'dimensionValue' | 'category'>) =>
  cellKey(cell.indicator, cell.family, cell.dimensionValue, cell.category)

/** An earlier release as the check reads it: its responses and its tables' staff cells by key. */
interface EarlierRelease {
  release: ReleaseRow
  responses: ReleasedResponse[]
  tables: Map<DimensionKey | null, Map<string, IndicatorCell>>
}

/**
 * For each response new or submitted again since an earlier release (`before`), the questions
 * whose answers differ from that release's — null for a response the release did not have, or
 * whose earlier answers are not on record (then every question counts as changed).
 */
async function changesSince(db: Db, now: readonly ReleasedResponse[], before: readonly ReleasedResponse[]): Promise<Map<string, Set<string> | null>> {
  const earlier = new Map(before.map((r) => [r.responseId, r]))
  const changes = new Map<string, Set<string> | null>()
  const resubmitted: { responseId: string; submissionId: string }[] = []
  for (const r of now) {
    const e = earlier.get(r.responseId)
    if (!e) changes.set(r.responseId, null)
    else if (e.revision !== r.revision || e.submittedAt?.getTime() !== r.submittedAt?.getTime()) {
      if (e.submissionId) resubmitted.push({ responseId: r.responseId, submissionId: e.submissionId })
      else changes.set(r.responseId, null)
    }
  }
  const { current, submitted } = await answersForComparison(
    db,
    resubmitted.map((r) => r.responseId),
    resubmitted.map((r) => r.submissionId),
  )
  for (const { responseId, submissionId } of resubmitted) {
    const then = submitted.get(submissionId)
    const nowAnswers = current.get(responseId)
    if (!then || !nowAnswers) {
      changes.set(responseId, null)
      continue
    }
    const differ = new Set([...Object.keys(then), ...Object.keys(nowAnswers)].filter((q) => !sameJson(then[q], nowAnswers[q])))
    if (differ.size > 0) changes.set(responseId, differ)
  }
  return changes
}

/**
 * Per cell of one table, how many of its organisations changed since an earlier release in a way
 * that moves the cell: new, or a changed answer to a question of its indicator, to the families or
 * to the dimension. Indicators affected by the same responses are computed together, over those
 * responses only.
 */
async function changedCounts(
  db: Db,
  wave: WaveRow,
  definitions: readonly IndicatorDefinition[],
  changes: ReadonlyMap<string, Set<string> | null>,
  options: Parameters<typeof computeCellCandidates>[3],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (changes.size === 0) return counts
  const around = [FAMILIES_QUESTION, ...(options.dimension ? [options.dimension.question] : [])]
  const groups = new Map<string, IndicatorDefinition[]>()
  for (const definition of definitions) {
    const questions = new Set([...indicatorQuestions(definition), ...around])
    const ids = [...changes].filter(([, changed]) => changed === null || [...changed].some((q) => questions.has(q))).map(([id]) => id)
    if (ids.length === 0) continue
    const key = ids.join(',')
    groups.set(key, [...(groups.get(key) ?? []), definition])
  }
  for (const [ids, group] of groups) {
    const restricted = await computeCellCandidates(db, wave.id, group, { ...options, responseIds: ids.split(',') })
    for (const c of restricted.candidates) if (c.n > 0) counts.set(keyOf(c), c.n)
  }
  return counts
}

/**
 * What earlier releases impose on one table of the new one. For each cell, the newest earlier
 * release that has it decides:
 *  - unchanged since then (same n, none of its organisations new or changed): its figure is known
 *    already, so it keeps that release's outcome — published stays published (and is never hidden
 *    to protect another cell: hiding a known figure protects nothing), hidden stays hidden
 *    (publishing it now would give away the hidden figure of that release);
 *  - changed: where an earlier release published it, its n must have moved by 0 or at least k,
 *    and 0 or at least k of its organisations be new or changed — otherwise, read beside that
 *    release, the cell gives those few organisations' answers by difference (`differences`).
 */
function earlierConstraints(
  key: DimensionKey | null,
  candidates: CellCandidates,
  earlier: readonly EarlierRelease[],
  changedCounts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  k: number,
): { fixed: Map<string, SuppressionReason | null>; checks: ((cells: readonly IndicatorCell[], k: number) => ReleaseDifference[])[] } {
  const fixed = new Map<string, SuppressionReason | null>()
  const nowN = new Map(candidates.candidates.map((c) => [keyOf(c), c.n]))
  for (const [cellId, n] of nowN) {
    const newest = earlier.find((e) => e.tables.get(key)?.has(cellId))
    if (!newest) continue
    const before = newest.tables.get(key)!.get(cellId)!
    const changed = changedCounts.get(newest.release.id)?.get(cellId) ?? 0
    if (before.n === n && changed === 0) {
      fixed.set(cellId, before.suppressed ? (before.reason ?? 'secondary') : null)
      continue
    }
    // Hidden in an earlier release and changed by fewer than k organisations since: published now,
    // it would give that release's hidden figure but for those few — it stays hidden.
    const revealing = earlier.some((e) => {
      const then = e.tables.get(key)?.get(cellId)
      if (!then?.suppressed || then.n === null) return false
      return Math.abs(n - then.n) < k && (changedCounts.get(e.release.id)?.get(cellId) ?? 0) < k
    })
    if (revealing) fixed.set(cellId, 'release_difference')
  }
  const checks = earlier.map((e) => (cells: readonly IndicatorCell[], k: number) => {
    const stored = e.tables.get(key)
    if (!stored) return []
    const counts = changedCounts.get(e.release.id)
    const found: ReleaseDifference[] = []
    for (const cell of cells) {
      if (cell.suppressed || cell.n === null || fixed.has(keyOf(cell))) continue
      const before = stored.get(keyOf(cell))
      if (!before || before.suppressed || before.n === null) continue
      const moved = Math.abs(cell.n - before.n)
      const changed = counts?.get(keyOf(cell)) ?? 0
      if ((moved > 0 && moved < k) || (changed > 0 && changed < k)) {
        found.push({
          indicator: cell.indicator,
          family: cell.family,
          dimension: key,
          dimensionValue: cell.dimensionValue,
          category: cell.category,
          releaseNumber: e.release.number,
          nBefore: before.n,
          nAfter: cell.n,
          changed,
        })
      }
    }
    return found
  })
  return { fixed, checks }
}

/**
 * Computes the tables of a new release of `wave` — protected cells by family and crossed with
 * each dimension — consistent with every earlier release of the wave (`earlierConstraints`).
 * Without `hideDifferences`, a cell that differs from an earlier release by fewer than k
 * organisations refuses the release (`ReleaseRefusedError`); with it, such cells are hidden as
 * primary suppressions (`release_difference`) and disclosure control runs again — until no
 * published cell differs. The submitted responses are read before and after the computation:
 * when they changed meanwhile the computation starts again (`ReleaseBusyError` after a few
 * attempts).
 */
async function computeRelease(db: Db, wave: WaveRow, inputs: WaveInputs, hideDifferences: boolean) {
  const k = effectiveMinCellSize(inputs.minCellSize)
  const releases = await listReleases(db, wave.id)
  const earlier: EarlierRelease[] = await Promise.all(
    releases.map(async (release) => ({
      release,
      responses: await listReleasedResponses(db, release.id),
      tables: new Map(
        (await listReleaseTables(db, release.id)).map((t) => [
          t.dimension as DimensionKey | null,
          new Map((t.cells as unknown as IndicatorCell[]).map((c) => [keyOf(c), c])),
        ]),
      ),
    })),
  )
  const optionsFor = (key: DimensionKey | null) => ({
    minCellSize: k,
    pPercent: inputs.pPercent,
    questions: inputs.questions,
    dimension: waveDimension(key, inputs.questions),
  })

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const snapshot = await submittedSnapshot(db, wave.id)
    const changes = new Map<string, Map<string, Set<string> | null>>()
    for (const { release, responses } of earlier) changes.set(release.id, await changesSince(db, snapshot, responses))
    const tables: ComputedTable[] = []
    for (const key of RELEASE_TABLES) {
      const candidates = await computeCellCandidates(db, wave.id, inputs.definitions, optionsFor(key))
      // Per cell, its organisations changed since each earlier release.
      const counts = new Map<string, Map<string, number>>()
      for (const { release } of earlier) {
        counts.set(release.id, await changedCounts(db, wave, inputs.definitions, changes.get(release.id)!, optionsFor(key)))
      }
      const { fixed: own, checks } = earlierConstraints(key, candidates, earlier, counts, k)
      // A crossed table's margins are the cells by family: what earlier releases impose on those applies to them.
      const fixed = key === null ? own : new Map([...tables[0]!.fixed, ...own])
      const dimension = waveDimension(key, inputs.questions)
      tables.push({ dimension: key, dimensionValues: dimension?.values ?? [], candidates, fixed, checks, cells: protectCells(candidates, { fixed }) })
    }

    // One map for every table: a cell by family hidden here is hidden as the margin of each crossing too.
    const hidden = new Map<string, SuppressionReason>()
    let differences: ReleaseDifference[] = []
    for (;;) {
      differences = tables.flatMap((table) => table.checks.flatMap((check) => check(table.cells, k)))
      if (differences.length === 0 || !hideDifferences) break
      // Hiding a cell may publish again a cell that only protected it: check until nothing differs.
      for (const difference of differences) hidden.set(keyOf(difference), 'release_difference')
      for (const table of tables) table.cells = protectCells(table.candidates, { fixed: table.fixed, hide: hidden })
    }
    if (differences.length > 0) throw new ReleaseRefusedError(differences.slice(0, MAX_LISTED_DIFFERENCES), differences.length)

    if (sameSnapshot(snapshot, await submittedSnapshot(db, wave.id))) return { snapshot, tables, latest: releases[0]?.number ?? 0 }
  }
  throw new ReleaseBusyError()
}

/**
 * Publishes a release of `wave`: computes and checks it (`computeRelease`), then stores it —
 * numbered after the wave's newest, with the definitions, rules, questionnaire version, tables
 * (staff cells) and the list of responses it was computed from — under a lock on the wave's
 * releases. Returns the stored release.
 */
export async function publishRelease(
  db: Db,
  wave: WaveRow,
  options: { publishedBy: string | null; note: string; hideDifferences: boolean },
): Promise<ReleaseRow> {
  const inputs = await loadWaveInputs(db, wave)
  const { snapshot, tables, latest } = await computeRelease(db, wave, inputs, options.hideDifferences)
  return db.transaction().execute(async (trx) => {
    await lockWaveReleases(trx, wave.id)
    // Another release published meanwhile was not checked against: this one must be computed again.
    if ((await latestReleaseNumber(trx, wave.id)) !== latest) throw new ReleaseBusyError()
    return insertRelease(
      trx,
      {
        waveId: wave.id,
        publishedBy: options.publishedBy,
        note: options.note,
        minCellSize: effectiveMinCellSize(inputs.minCellSize),
        pPercent: inputs.pPercent,
        questionnaireVersion: inputs.questionnaireVersion,
        definitions: inputs.definitions as unknown as JsonValue,
        indicators: inputs.definitions.map((d) => describeIndicator(d, inputs.questions)) as unknown as JsonValue,
      },
      tables.map((t) => ({
        dimension: t.dimension,
        dimensionValues: t.dimensionValues as unknown as JsonValue,
        cells: t.cells as unknown as JsonValue,
      })),
      snapshot,
    )
  })
}
