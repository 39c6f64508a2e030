// Statistics: pure functions with their formulas and sources.
export { wilsonInterval } from './statistics/wilson'
export { medianInterval, medianIntervalRanks, type MedianIntervalRanks } from './statistics/median-interval'
export { meanInterval } from './statistics/mean-interval'
export { ratioInterval, ratioStandardError, ratioSums, RATIO_MIN_N, RATIO_MAX_CV, type RatioSums } from './statistics/ratio-interval'
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
export { defaultIndicators, FORMES_JURIDIQUES, ESUS_CAP_HIGHEST_SMIC, ESUS_CAP_TOP_FIVE_SMIC } from './indicators/default-indicators'
export { ademe2022Factors, ademeArcep2022Factors, fullTimeEquivalentFactor } from './indicators/factors'
export { indicatorMeta, indicatorQuestions, indicatorFactorSource, normaliseTerm, themeOf, withThemes, type NormalisedTerm } from './indicators/meta'
export { validateIndicators, type IndicatorProblem, type IndicatorProblemCode } from './indicators/validate'
export { defaultIndicatorsFor } from './indicators/catalogue'

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
export {
  computeIndicators,
  computeCellCandidates,
  protectCells,
  waveFamilyKeys,
  type CellCandidates,
  type ComputeOptions,
  type ProtectOptions,
} from './compute/compute-indicators'
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
  cellKey,
  type CellCandidate,
  type Contribution,
  type DisclosureOptions,
  type FixedOutcome,
  type SuppressionLink,
} from './disclosure/disclosure'
export { findBridges, type Edge } from './disclosure/bridges'
export { publicCell, publicCells, roundFigure, FIGURE_DIGITS } from './disclosure/public-view'
export { DEFAULT_P_PERCENT, largestContributionBound, pPercentFails, type RankEquality, type TotalKnowledge } from './disclosure/p-percent'
export { questionFilters, indicatorFilters, contributionLowerBound, type DisclosureQuestion, type IndicatorFilter } from './disclosure/filters'
export { maximise, type LinearProgram, type LinearProgramResult } from './disclosure/linear-program'

// Exports.
export { csvStream, csvRecord, type CsvCell } from './export/csv'
export { exportVariables, ID_COLUMN, type ExportVariable, type ExcludedQuestion, type VariableType, type VariableValue } from './export/variables'
export { responsesCsv, pseudonymiser, type ResponseRecord } from './export/responses-csv'
export {
  planMicrodata,
  plannedColumns,
  protectedVariables,
  protectionNote,
  protectionSummary,
  shuffled,
  topCodeThreshold,
  QUASI_IDENTIFIERS,
  SEVERAL_FAMILIES,
  TOP_CODE_PERCENTILE,
  type MicrodataPlan,
  type PlannedQuasiIdentifier,
  type PlannedRow,
  type ProtectionNote,
  type QuasiIdentifier,
  type QuasiIdentifierKey,
  type QuasiIdentifierLevel,
  type TopCode,
} from './export/microdata-protection'
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

// Releases: what everyone but staff reads, and the microdata of a release.
export { loadWaveInputs, describeIndicator, questionsOfDefinition, waveDimension, type WaveInputs } from './releases/wave-inputs'
export { publishRelease, ReleaseRefusedError, ReleaseBusyError, RELEASE_TABLES } from './releases/publish-release'
export { releaseResults, liveResults, releaseSummary, type WaveResults } from './releases/read-results'
export {
  publicPageState,
  publicResults,
  publicIndicatorsCsv,
  publicDataPackageFiles,
  publicDataPackageDescriptor,
  publicMethodology,
  publicFactors,
  publicPagePath,
  responseCounts,
  PUBLIC_LICENCE_TERMS,
  PUBLIC_CONFIDENCE,
} from './releases/public-results'
export {
  releaseMicrodataSource,
  liveMicrodataSource,
  microdataVariables,
  protectedResponsesCsv,
  microdataPlan,
  type MicrodataSource,
} from './releases/microdata'
