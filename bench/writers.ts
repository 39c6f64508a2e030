// pnpm bench:writers — the CSV and ZIP writers of the exports, each beside a baseline measured in
// the same run, on 100 000 rows of microdata of the 2025 questionnaire (bench/seed.ts's synthetic
// answers, through the export's own variables).
//
//  - CSV: the hand-written record writer kept for `responses.csv` (`csvRecord`, in chunks of
//    64 KiB as the export writes them) against csv-stringify with the same rules (`csvStream`,
//    which every other CSV file goes through), in both dialects; the baseline is the rows alone,
//    built and thrown away. Both writers must give the same bytes (checked: same SHA-256).
//  - ZIP: `zipStream` (yazl) of a data package holding that CSV, against deflating the same bytes
//    with zlib alone, the floor of any ZIP writer.
//
// Prints the median of SONDE_BENCH_RUNS runs (3), each writer's own time (the baseline taken off)
// and the ratios. No database needed.
//
//   SONDE_BENCH_N=100000 SONDE_BENCH_RUNS=3 npx tsx bench/writers.ts
import { createHash } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { Readable } from 'node:stream'
import { createDeflateRaw } from 'node:zlib'
import { csvRecord, csvStream, exportVariables, zipStream, type CsvCell, type CsvDialect } from '../packages/analysis/src/index.ts'
import { defaultQuestionnaire, listQuestions, type QuestionnaireJson } from '../packages/survey/src/index.ts'
import { writeResults, type Figure } from './results.ts'
import { randomGenerator, syntheticAnswers } from './seed.ts'

const N = Number(process.env.SONDE_BENCH_N ?? 100_000)
const RUNS = Number(process.env.SONDE_BENCH_RUNS ?? 3)

const questionnaire = defaultQuestionnaire as QuestionnaireJson
const { variables } = exportVariables(listQuestions(questionnaire), questionnaire, { freeText: false })
const header = ['id', ...variables.map((v) => v.name)]

/** The same N rows of cells at every call: a pseudonym, then each variable's cell. */
function* rows(): Generator<CsvCell[]> {
  const random = randomGenerator(2025)
  for (let i = 0; i < N; i++) {
    const answers = syntheticAnswers(random, i) as Record<string, unknown>
    const cells = new Array<CsvCell>(variables.length + 1)
    cells[0] = i.toString(16).padStart(32, '0')
    for (let j = 0; j < variables.length; j++) cells[j + 1] = variables[j]!.value(answers[variables[j]!.question])
    yield cells
  }
}

/** The hand-written writer as `responses.csv` uses it: records joined into chunks of 64 KiB. */
function handWritten(dialect: CsvDialect): Readable {
  return Readable.from(
    (function* () {
      let chunk = (dialect === 'excel-fr' ? '\uFEFF' : '') + csvRecord(header, dialect)
      for (const row of rows()) {
        chunk += csvRecord(row, dialect)
        if (chunk.length >= 64 * 1024) {
          yield chunk
          chunk = ''
        }
      }
      if (chunk) yield chunk
    })(),
    { objectMode: false },
  )
}

/** The rows built and dropped: what both CSV writers pay before writing anything. */
function rowsAlone(): Readable {
  return Readable.from(
    (function* () {
      let cells = 0
      for (const row of rows()) cells += row.length
      yield String(cells)
    })(),
    { objectMode: false },
  )
}

async function measure(stream: Readable): Promise<{ ms: number; bytes: number; sha: string }> {
  const started = performance.now()
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer)
    bytes += buffer.length
    hash.update(buffer)
  }
  return { ms: performance.now() - started, bytes, sha: hash.digest('hex') }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

console.log(
  `Sonde writers benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPU, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log(`  ${N.toLocaleString('fr-FR')} rows × ${header.length} columns, ${RUNS} runs each, writers in turn`)

const figures: Figure[] = []
let csv = Buffer.alloc(0)
for (const dialect of ['rfc4180', 'excel-fr'] as const) {
  const times = { rows: [] as number[], hand: [] as number[], library: [] as number[] }
  for (let run = 0; run < RUNS; run++) {
    times.rows.push((await measure(rowsAlone())).ms)
    const hand = await measure(handWritten(dialect))
    const library = await measure(csvStream(header, rows(), dialect))
    if (hand.sha !== library.sha) throw new Error(`${dialect}: the two writers differ (${hand.bytes} and ${library.bytes} bytes)`)
    times.hand.push(hand.ms)
    times.library.push(library.ms)
    if (run === 0) console.log(`  ${dialect}: ${mb(hand.bytes)}, the same bytes from both writers`)
  }
  const rowsMs = median(times.rows)
  const handMs = median(times.hand) - rowsMs
  const libraryMs = median(times.library) - rowsMs
  console.log(`    rows alone (baseline): median ${Math.round(rowsMs)} ms (runs: ${times.rows.map(Math.round).join(', ')})`)
  console.log(
    `    hand-written csvRecord: median ${Math.round(median(times.hand))} ms, ${Math.round(handMs)} ms of writing (runs: ${times.hand.map(Math.round).join(', ')})`,
  )
  console.log(
    `    csv-stringify (csvStream): median ${Math.round(median(times.library))} ms, ${Math.round(libraryMs)} ms of writing (runs: ${times.library.map(Math.round).join(', ')})`,
  )
  console.log(
    `    csv-stringify / hand-written, writing only: ${(libraryMs / handMs).toFixed(2)} ×; per download: +${((libraryMs - handMs) / 1000).toFixed(1)} s`,
  )
  figures.push({
    label: `writers, CSV ${dialect}, ${N} rows: csv-stringify / hand-written`,
    value: libraryMs / handMs,
    unit: '×',
    baseline: `hand-written csvRecord ${Math.round(handMs)} ms of writing`,
    target: null,
    met: null,
  })
  if (dialect === 'rfc4180') {
    const parts: Buffer[] = []
    for await (const chunk of handWritten(dialect)) parts.push(Buffer.from(chunk as string, 'utf8'))
    csv = Buffer.concat(parts)
  }
}

// The CSV in chunks of 64 KiB, as the export streams it.
const chunks = () =>
  Readable.from(
    (function* () {
      for (let at = 0; at < csv.length; at += 64 * 1024) yield csv.subarray(at, at + 64 * 1024)
    })(),
    { objectMode: false },
  )
const descriptor = JSON.stringify(
  { name: 'bench', resources: [{ name: 'responses', path: 'responses.csv', schema: { fields: header.map((name) => ({ name })) } }] },
  null,
  2,
)
const zipTimes = { deflate: [] as number[], zip: [] as number[] }
let sizes = { deflate: 0, zip: 0 }
for (let run = 0; run < RUNS; run++) {
  const deflate = await measure(chunks().pipe(createDeflateRaw({ level: 6 })))
  const zip = await measure(
    zipStream([
      { name: 'datapackage.json', content: descriptor },
      { name: 'responses.csv', content: chunks },
    ]),
  )
  zipTimes.deflate.push(deflate.ms)
  zipTimes.zip.push(zip.ms)
  sizes = { deflate: deflate.bytes, zip: zip.bytes }
}
console.log(`  ZIP of the rfc4180 file (${mb(csv.length)}):`)
console.log(
  `    zlib deflate alone (baseline): median ${Math.round(median(zipTimes.deflate))} ms, ${mb(sizes.deflate)} (runs: ${zipTimes.deflate.map(Math.round).join(', ')})`,
)
console.log(`    zipStream (yazl): median ${Math.round(median(zipTimes.zip))} ms, ${mb(sizes.zip)} (runs: ${zipTimes.zip.map(Math.round).join(', ')})`)
console.log(`    ratio to deflate alone: ${(median(zipTimes.zip) / median(zipTimes.deflate)).toFixed(2)} ×`)
figures.push({
  label: `writers, ZIP of the CSV: zipStream / deflate alone`,
  value: median(zipTimes.zip) / median(zipTimes.deflate),
  unit: '×',
  baseline: `zlib deflate ${Math.round(median(zipTimes.deflate))} ms`,
  target: null,
  met: null,
})
writeResults('writers', figures)
console.log(
  `load at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
