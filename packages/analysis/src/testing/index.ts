// What the tests of other packages and the benchmarks share: test data, readers written apart.
export { seededRandom } from './random'
export { parseCsv, table } from './csv-reader'
