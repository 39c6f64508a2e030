// Statistics: pure functions with their formulas and sources.
export { wilsonInterval } from './statistics/wilson'
export { medianInterval, medianIntervalRanks, type MedianIntervalRanks } from './statistics/median-interval'
export { meanInterval } from './statistics/mean-interval'
export {
  ratioInterval,
  ratioStandardError,
  ratioSums,
  RATIO_MIN_N,
  RATIO_MAX_CV,
  type RatioSums,
} from './statistics/ratio-interval'
export { quantile } from './statistics/quantile'
export { qbinom, QBINOM_EXACT_LIMIT } from './statistics/binomial'
export { studentTQuantile } from './statistics/student-t'
export type { Interval } from './statistics/interval'

// Indicator definitions.
export type {
  IndicatorDefinition,
  SumIndicator,
  MedianIndicator,
  ShareIndicator,
  ShareCondition,
  RatioIndicator,
  DistributionIndicator,
  DerivedSumIndicator,
  DerivedTerm,
  Factor,
  QuestionInfo,
} from './indicators/types'
export { defaultIndicators, FORMES_JURIDIQUES } from './indicators/default-indicators'
export { ademe2022Factors } from './indicators/factors'
export { indicatorMeta, indicatorQuestions, indicatorFactorSource } from './indicators/meta'
export { validateIndicators, type IndicatorProblem, type IndicatorProblemCode } from './indicators/validate'

// Computation in SQL.
export { computeIndicators, waveFamilyKeys, type ComputeOptions } from './compute/compute-indicators'
export { FAMILIES_QUESTION } from './compute/queries'

// Disclosure control.
export {
  applyDisclosureControl,
  primarySuppression,
  effectiveMinCellSize,
  publishableMedianRanks,
  MIN_CELL_SIZE_FLOOR,
  MEDIAN_MIN_COUNT,
  DOMINANCE_SHARE,
  type CellCandidate,
  type Contribution,
} from './disclosure/disclosure'

// Exports.
export {
  indicatorsCsv,
  indicatorCsvRows,
  neutraliseCsvText,
  formatCsvNumber,
  INDICATOR_CSV_COLUMNS,
  type CsvDialect,
  type IndicatorCsvRow,
} from './export/indicators-csv'
