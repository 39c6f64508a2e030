import type { DimensionValue, IndicatorCell, ReleaseDifference, SuppressionReason } from '@sonde/contracts'
import {
  insertRelease,
  latestReleaseNumber,
  listReleasedResponses,
  listReleases,
  listReleaseTables,
  lockWaveReleases,
  submittedSnapshot,
  type Db,
  type JsonValue,
  type ReleasedResponse,
  type ReleaseRow,
  type Wave,
} from '@sonde/db'
import { cellKey, computeCellCandidates, protectCells, type CellCandidates } from '../compute/compute-indicators'
import { DIMENSION_KEYS, type DimensionKey } from '../dimensions/dimensions'
import { effectiveMinCellSize } from '../disclosure/disclosure'
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

/** The responses of `now` that are not, at the same revision and submission time, in `before`. */
function changedSince(now: readonly ReleasedResponse[], before: readonly ReleasedResponse[]): string[] {
  const earlier = new Map(before.map((r) => [r.responseId, r]))
  return now
    .filter((r) => {
      const e = earlier.get(r.responseId)
      return !e || e.revision !== r.revision || e.submittedAt?.getTime() !== r.submittedAt?.getTime()
    })
    .map((r) => r.responseId)
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
): { fixed: Map<string, SuppressionReason | null>; checks: ((cells: readonly IndicatorCell[], k: number) => ReleaseDifference[])[] } {
  const fixed = new Map<string, SuppressionReason | null>()
  const nowN = new Map(candidates.candidates.map((c) => [keyOf(c), c.n]))
  for (const [cellId, n] of nowN) {
    const newest = earlier.find((e) => e.tables.get(key)?.has(cellId))
    if (!newest) continue
    const before = newest.tables.get(key)!.get(cellId)!
    const changed = changedCounts.get(newest.release.id)?.get(cellId) ?? 0
    if (before.n === n && changed === 0) fixed.set(cellId, before.suppressed ? (before.reason ?? 'secondary') : null)
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
async function computeRelease(db: Db, wave: Wave, inputs: WaveInputs, hideDifferences: boolean) {
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
  const optionsFor = (key: DimensionKey | null, responseIds?: string[]) => ({
    minCellSize: k,
    pPercent: inputs.pPercent,
    questions: inputs.questions,
    dimension: waveDimension(key, inputs.questions),
    ...(responseIds ? { responseIds } : {}),
  })

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const snapshot = await submittedSnapshot(db, wave.id)
    const tables: ComputedTable[] = []
    for (const key of RELEASE_TABLES) {
      const candidates = await computeCellCandidates(db, wave.id, inputs.definitions, optionsFor(key))
      // The cells' n over the responses changed since each earlier release.
      const changedCounts = new Map<string, Map<string, number>>()
      for (const { release, responses } of earlier) {
        const counts = new Map<string, number>()
        const changed = changedSince(snapshot, responses)
        if (changed.length > 0) {
          const restricted = await computeCellCandidates(db, wave.id, inputs.definitions, optionsFor(key, changed))
          for (const c of restricted.candidates) if (c.n > 0) counts.set(keyOf(c), c.n)
        }
        changedCounts.set(release.id, counts)
      }
      const { fixed: own, checks } = earlierConstraints(key, candidates, earlier, changedCounts)
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
  wave: Wave,
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
