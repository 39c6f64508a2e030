import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { QuestionnaireSchema, SpreadsheetImportQuerySchema, WaveParamsSchema, type ImportProblem } from '@sonde/contracts'
import { findCurrentQuestionnaire } from '@sonde/db'
import { describeXlsFormProblem, questionnaireToXlsForm, xlsFormToQuestionnaire, type XlsFormProblem } from '@sonde/survey'
import { exportFileName } from '../../csv'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { readXlsFormCsv, readXlsx, writeXlsFormCsv, writeXlsx, XLSX_MEDIA_TYPE } from '../../questionnaires/spreadsheet'
import { requireWave } from '../../waves/require-wave'
import { questionnaireBodyLimit } from '../../questionnaires/body-limit'
import { saveQuestionnaireVersion } from '../../questionnaires/save-version'

const CSV_MEDIA_TYPES = ['text/csv', 'application/csv']

function located(problem: XlsFormProblem): ImportProblem {
  return { path: problem.line > 0 ? `${problem.sheet}, ligne ${problem.line}` : problem.sheet, message: problem.message }
}

function refuse(problems: ImportProblem[]): never {
  const first = problems[0]!
  throw new AppError('SPREADSHEET_INVALID', `${first.path} : ${first.message}`, { problems })
}

/**
 * A wave's questionnaire as an XLSForm spreadsheet (`questionnaireToXlsForm` of @sonde/survey),
 * to download as XLSX or in pyxform's CSV layout, and back: an imported spreadsheet is converted,
 * then checked as every questionnaire is (the server's lint, in the check thread; no question an
 * indicator uses taken away), and saved as a new version of a draft wave's questionnaire with its
 * author and note, audited as `questionnaire.save` like `PUT …/questionnaire`. Any problem — of
 * the file, the conversion or the checks — answers 422 SPREADSHEET_INVALID listing each at its
 * sheet and line (`survey, ligne 12`), and nothing is saved.
 */
const xlsformRoutes: FastifyPluginAsyncZod = async (app) => {
  // The questionnaire's limit bounds an XLSX body; a CSV body has the limit of every CSV upload.
  app.addContentTypeParser(XLSX_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.addContentTypeParser(CSV_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body))

  const currentForm = async (waveId: string) => {
    const current = await findCurrentQuestionnaire(app.db, waveId)
    return questionnaireToXlsForm((current?.definition ?? { pages: [] }) as Record<string, unknown>)
  }

  app.get('/api/waves/:id/questionnaire.xlsx', { config: { access: readers }, schema: { params: WaveParamsSchema } }, async (request, reply) => {
    const wave = await requireWave(app.db, request.params.id)
    const file = await writeXlsx(await currentForm(wave.id))
    return reply
      .type(XLSX_MEDIA_TYPE)
      .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, 'questionnaire', 'xlsx')}"`)
      .header('Cache-Control', 'no-store')
      .send(file)
  })

  app.get('/api/waves/:id/questionnaire.xlsform.csv', { config: { access: readers }, schema: { params: WaveParamsSchema } }, async (request, reply) => {
    const wave = await requireWave(app.db, request.params.id)
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, 'questionnaire-xlsform')}"`)
      .header('Cache-Control', 'no-store')
      .send(writeXlsFormCsv(await currentForm(wave.id)))
  })

  app.post(
    '/api/waves/:id/questionnaire/xlsform',
    {
      bodyLimit: questionnaireBodyLimit,
      config: { access: staff },
      schema: { params: WaveParamsSchema, querystring: SpreadsheetImportQuerySchema, response: { 200: QuestionnaireSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      if (wave.status !== 'draft') throw new AppError('QUESTIONNAIRE_FROZEN', 'La vague est ouverte : un tableur ne peut plus remplacer son questionnaire.')
      const body = request.body
      if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the XLSForm as ${XLSX_MEDIA_TYPE} or text/csv.`)
      const isXlsx = (request.headers['content-type'] ?? '').toLowerCase().startsWith(XLSX_MEDIA_TYPE)
      const read = isXlsx ? await readXlsx(body) : readXlsFormCsv(body)
      if ('problems' in read) refuse(read.problems.map(located))

      const imported = xlsFormToQuestionnaire(read.form)
      const problems = imported.problems.map(located)
      const { lint, cleaned } = await app.checks.check(imported.definition)
      // A line the conversion already found at fault is not reported twice (a duplicate name, say).
      const faulty = new Set(problems.map((p) => p.path))
      for (const error of lint.errors) {
        const where = imported.locate(error.path)
        const path = where ? describeXlsFormProblem({ ...where, message: '' }).replace(/ : $/, '') : `questionnaire.${error.path}`
        if (!faulty.has(path)) problems.push({ path, message: error.message })
      }
      if (problems.length > 0 || cleaned === null) refuse(problems)

      const definition = cleaned as Record<string, unknown>
      const {
        record: saved,
        frozen,
        removed,
      } = await saveQuestionnaireVersion(app.db, {
        waveId: wave.id,
        definition,
        userId: request.user!.id,
        note: request.query.note || null,
        warnings: lint.warnings.length,
        source: isXlsx ? 'xlsx' : 'csv',
        refuseTaken: (taken) => refuse(taken.map((problem) => ({ path: 'survey', message: problem.message }))),
        questionsOf: (questionnaire) => app.checks.questions(questionnaire),
      })
      return {
        version: saved.version,
        // The wave may have opened since the check above: the version was then a wording fix.
        frozen,
        definition,
        warnings: [...lint.warnings, ...removed],
        savedAt: saved.savedAt.toISOString(),
        author: saved.author,
        note: saved.note,
      }
    },
  )
}

export default xlsformRoutes
