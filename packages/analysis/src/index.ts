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
  RatioTerm,
  DistributionIndicator,
  DerivedSumIndicator,
  DerivedTerm,
  Factor,
  QuestionInfo,
} from './indicators/types'
export {
  defaultIndicators,
  FORMES_JURIDIQUES,
  ESUS_CAP_HIGHEST_SMIC,
  ESUS_CAP_TOP_FIVE_SMIC,
} from './indicators/default-indicators'
export { ademe2022Factors, ademeArcep2022Factors, fullTimeEquivalentFactor } from './indicators/factors'
export {
  indicatorMeta,
  indicatorQuestions,
  indicatorFactorSource,
  normaliseTerm,
  type NormalisedTerm,
} from './indicators/meta'
export { validateIndicators, type IndicatorProblem, type IndicatorProblemCode } from './indicators/validate'

// Dimensions crossed with the families.
export {
  DIMENSION_KEYS,
  ALL,
  NOT_STATED,
  dimensionFor,
  sizeClassOf,
  type Dimension,
  type DimensionKey,
  type DimensionValue,
  type DimensionQuestion,
} from './dimensions/dimensions'

// Computation in SQL.
export { computeIndicators, waveFamilyKeys, type ComputeOptions } from './compute/compute-indicators'
export { FAMILIES_QUESTION, projectedText } from './compute/queries'

// Disclosure control.
export {
  applyDisclosureControl,
  disclosureLinks,
  primarySuppression,
  effectiveMinCellSize,
  publishableMedianRanks,
  MIN_CELL_SIZE_FLOOR,
  MEDIAN_MIN_COUNT,
  DOMINANCE_SHARE,
  type CellCandidate,
  type Contribution,
  type SuppressionLink,
} from './disclosure/disclosure'
export { findBridges, type Edge } from './disclosure/bridges'

// Exports.
export { csvStream, csvCell, type CsvCell } from './export/csv'
export {
  exportVariables,
  ID_COLUMN,
  type ExportVariable,
  type ExcludedQuestion,
  type VariableType,
  type VariableValue,
} from './export/variables'
export { responsesCsv, pseudonymiser, type ResponseRecord } from './export/responses-csv'
export { codebookCsv, codebookRows, CODEBOOK_COLUMNS } from './export/codebook-csv'
export { dataPackageDescriptor, dataPackageReadme, type TableSchemaField } from './export/datapackage'
export { zipStream, type ZipEntry } from './export/zip'
export {
  indicatorsCsv,
  indicatorCsvRows,
  neutraliseCsvText,
  formatCsvNumber,
  INDICATOR_CSV_COLUMNS,
  type CsvDialect,
  type IndicatorCsvRow,
} from './export/indicators-csv'

// Each organisation's own report.
export { ownValue, memberReportItems } from './report/member-report'
