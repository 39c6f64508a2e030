import type { IndicatorCell } from '@sonde/contracts'
import type { Db } from '@sonde/db'
import { sql } from 'kysely'
import {
  applyDisclosureControl,
  effectiveMinCellSize,
  MEDIAN_MIN_COUNT,
  publishableMedianRanks,
  type CellCandidate,
  type Contribution,
} from '../disclosure/disclosure'
import type {
  DistributionIndicator,
  IndicatorDefinition,
  MedianIndicator,
  RatioIndicator,
  ShareIndicator,
} from '../indicators/types'
import { ratioInterval } from '../statistics/ratio-interval'
import { wilsonInterval } from '../statistics/wilson'
import {
  aggregatesQuery,
  mediansQuery,
  type AggregateRow,
  type MedianRequest,
  type MedianRow,
  type NumericIndicator,
} from './queries'

export interface ComputeOptions {
  /** The wave's minimum cell size; never applied below 3. */
  minCellSize: number
  /** The wave's family keys in display order; read from the `families` table when absent. */
  families?: readonly string[]
}

/** The family keys of a wave, by position then key. */
export async function waveFamilyKeys(db: Db, waveId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('families')
    .select('key')
    .where('wave_id', '=', waveId)
    .orderBy('position')
    .orderBy('key')
    .execute()
  return rows.map((row) => row.key)
}

function isNumeric(definition: IndicatorDefinition): definition is NumericIndicator {
  return definition.aggregation !== 'share' && definition.aggregation !== 'distribution'
}

function isMedian(definition: IndicatorDefinition): definition is MedianIndicator | RatioIndicator {
  return definition.aggregation === 'median' || definition.aggregation === 'median_ratio'
}

function emptyCandidate(definition: IndicatorDefinition, family: string, category: string | null): CellCandidate {
  return {
    indicator: definition.id,
    family,
    category,
    aggregation: definition.aggregation,
    n: 0,
    value: null,
    ciLow: null,
    ciHigh: null,
    q1: null,
    q3: null,
    count: category === null ? null : 0,
    contributions: [],
    partition: definition.aggregation === 'distribution' && !definition.multiple,
  }
}

function numericCandidate(
  definition: NumericIndicator,
  family: string,
  row: AggregateRow | undefined,
  i: number,
  median: MedianRow | undefined,
  request: MedianRequest | undefined,
): CellCandidate {
  const cell = emptyCandidate(definition, family, null)
  const n = row?.n[i] ?? 0
  if (!row || n === 0) return cell
  const sumY = row.sum_y[i] ?? 0
  const y: Contribution = { largest: row.max_abs_y[i] ?? 0, total: row.sum_abs_y[i] ?? 0 }
  switch (definition.aggregation) {
    case 'sum':
    case 'derived_sum':
      return { ...cell, n, value: sumY, contributions: [y] }
    case 'pooled_ratio': {
      const sumX = row.sum_x[i] ?? 0
      const ci = ratioInterval({
        n,
        sumX,
        sumY,
        sumXX: row.sum_xx[i] ?? 0,
        sumYY: row.sum_yy[i] ?? 0,
        sumXY: row.sum_xy[i] ?? 0,
      })
      return {
        ...cell,
        n,
        value: sumX === 0 ? null : sumY / sumX,
        ciLow: ci?.low ?? null,
        ciHigh: ci?.high ?? null,
        contributions: [y, { largest: row.max_abs_x[i] ?? 0, total: row.sum_abs_x[i] ?? 0 }],
      }
    }
    case 'median':
    case 'median_ratio': {
      const [q1, value, q3] = median?.quartiles ?? []
      const withInterval = request?.lower != null
      return {
        ...cell,
        n,
        value: value ?? null,
        q1: q1 ?? null,
        q3: q3 ?? null,
        ciLow: withInterval ? (median?.bounds[0] ?? null) : null,
        ciHigh: withInterval ? (median?.bounds[1] ?? null) : null,
      }
    }
  }
}

function shareCandidate(definition: ShareIndicator, family: string, n: number, x: number): CellCandidate {
  const cell = emptyCandidate(definition, family, null)
  const ci = wilsonInterval(x, n)
  return { ...cell, n, value: n === 0 ? null : x / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null }
}

function distributionCandidates(
  definition: DistributionIndicator,
  family: string,
  n: number,
  counts: readonly number[],
): CellCandidate[] {
  return definition.categories.map((category, c) => {
    const cell = emptyCandidate(definition, family, category)
    if (n === 0) return cell
    const count = counts[c] ?? 0
    const ci = wilsonInterval(count, n)
    return { ...cell, n, count, value: count / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null }
  })
}

/**
 * Computes indicator cells for one wave: for every definition and every family of the wave it
 * applies to (× category for a distribution), over the wave's submitted responses, where a
 * response belongs to each family listed in its `familles` answer. Only JSON numbers count as
 * numeric answers; n is the number of organisations with a valid answer. The database does the
 * aggregation in two queries over one repeatable-read snapshot: one for every indicator and
 * family at once (counts, sums, max for dominance, sums of squares, counts per category), one for
 * the medians (percentile_cont quartiles, and the order statistics of the exact interval by
 * percentile_disc). Statistics follow domain/indicators.md: sums without interval, medians with
 * quartiles and the distribution-free interval [x₍L₎, x₍U₎], shares and categories with the Wilson
 * interval, pooled ratios with Cochran's linearised interval where valid. Disclosure control
 * (`applyDisclosureControl`) is applied before returning: suppressed cells have null figures.
 * Call it on a `Db`, not inside a transaction: it opens its own.
 */
export async function computeIndicators(
  db: Db,
  waveId: string,
  definitions: readonly IndicatorDefinition[],
  options: ComputeOptions,
): Promise<IndicatorCell[]> {
  const k = effectiveMinCellSize(options.minCellSize)
  const families = options.families ?? (await waveFamilyKeys(db, waveId))
  const applies = (definition: IndicatorDefinition, family: string) =>
    definition.families === null || definition.families.includes(family)
  const numeric = definitions.filter(isNumeric)
  const shares = definitions.filter((d): d is ShareIndicator => d.aggregation === 'share')
  const distributions = definitions.filter((d): d is DistributionIndicator => d.aggregation === 'distribution')
  const medians = definitions.filter(isMedian)
  if (definitions.length === 0 || families.length === 0) return []

  const { aggregates, medianRows, requests } = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      // The aggregate query is one long expression list: compiling it with LLVM (PostgreSQL's
      // JIT, on by default where built in) costs seconds and saves nothing at this size. The
      // median query sorts the values of a few indicators: give it memory to sort in.
      await sql`set local jit = off`.execute(trx)
      await sql`set local work_mem = '64MB'`.execute(trx)
      const aggregates = (await aggregatesQuery(waveId, families, { numeric, shares, distributions }).execute(trx)).rows
      const requests: MedianRequest[] = []
      for (const row of aggregates) {
        medians.forEach((definition, index) => {
          const n = row.n[numeric.indexOf(definition)] ?? 0
          // Quartiles and intervals only where they can be published.
          if (!applies(definition, row.family) || n < Math.max(k, MEDIAN_MIN_COUNT)) return
          const ranks = publishableMedianRanks(n)
          requests.push({ index, family: row.family, n, lower: ranks?.lower ?? null, upper: ranks?.upper ?? null })
        })
      }
      const medianRows = requests.length > 0 ? (await mediansQuery(waveId, families, medians, requests).execute(trx)).rows : []
      return { aggregates, medianRows, requests }
    })

  const rowsByFamily = new Map(aggregates.map((row) => [row.family, row]))
  const key = (index: number, family: string) => `${index}\u0000${family}`
  const mediansByCell = new Map(medianRows.map((row) => [key(row.index, row.family), row]))
  const requestsByCell = new Map(requests.map((r) => [key(r.index, r.family), r]))
  const categoryOffsets = distributions.map((_, d) =>
    distributions.slice(0, d).reduce((sum, previous) => sum + previous.categories.length, 0),
  )

  const candidates: CellCandidate[] = []
  for (const definition of definitions) {
    for (const family of families) {
      if (!applies(definition, family)) continue
      const row = rowsByFamily.get(family)
      if (definition.aggregation === 'share') {
        const s = shares.indexOf(definition)
        candidates.push(shareCandidate(definition, family, row?.share_n[s] ?? 0, row?.share_x[s] ?? 0))
      } else if (definition.aggregation === 'distribution') {
        const d = distributions.indexOf(definition)
        const offset = categoryOffsets[d] ?? 0
        const counts = row?.category_count.slice(offset, offset + definition.categories.length) ?? []
        candidates.push(...distributionCandidates(definition, family, row?.distribution_n[d] ?? 0, counts))
      } else {
        const m = isMedian(definition) ? medians.indexOf(definition) : -1
        candidates.push(
          numericCandidate(
            definition,
            family,
            row,
            numeric.indexOf(definition),
            mediansByCell.get(key(m, family)),
            requestsByCell.get(key(m, family)),
          ),
        )
      }
    }
  }
  return applyDisclosureControl(candidates, { minCellSize: k })
}
