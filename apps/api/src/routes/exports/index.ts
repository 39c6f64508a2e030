import { Readable } from 'node:stream'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  codebookCsv,
  dataPackageDescriptor,
  dataPackageReadme,
  exportVariables,
  indicatorCsvRows,
  indicatorsCsv,
  responsesCsv,
  zipStream,
} from '@sonde/analysis'
import {
  findCurrentQuestionnaire,
  listWaves,
  recordAudit,
  submittedAnswerPages,
  waveSettings,
  type Db,
  type Wave,
} from '@sonde/db'
import { listQuestions, type QuestionnaireJson } from '@sonde/survey'
import { exportFileName } from '../../csv'
import { readers } from '../../plugins/access'
import { waveIndicators } from '../indicators/wave-analysis'
import { requireWave, WaveParamsSchema } from '../waves/require-wave'

const DialectQuerySchema = z.strictObject({ dialect: z.enum(['rfc4180', 'excel-fr']).default('rfc4180') })
const NoQuerySchema = z.strictObject({})

/** The microdata columns of a wave, from its current questionnaire and its free-text setting. */
async function microdata(db: Db, wave: Wave) {
  const questionnaire = await findCurrentQuestionnaire(db, wave.id)
  const raw = questionnaire?.definition
  const definition = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as QuestionnaireJson
  const questions = raw ? listQuestions(definition) : []
  return exportVariables(questions, definition, { freeText: waveSettings(wave).exportFreeText })
}

/** For each question name, the slugs of the waves whose questionnaire has it (oldest first). */
async function wavesByQuestion(db: Db): Promise<(question: string) => string[]> {
  const present = new Map<string, string[]>()
  const waves = (await listWaves(db)).reverse()
  for (const wave of waves) {
    const definition = (await findCurrentQuestionnaire(db, wave.id))?.definition
    if (!definition || typeof definition !== 'object' || Array.isArray(definition)) continue
    for (const { name } of listQuestions(definition as QuestionnaireJson)) {
      present.set(name, [...(present.get(name) ?? []), wave.slug])
    }
  }
  return (question) => present.get(question) ?? []
}

function attachment(reply: import('fastify').FastifyReply, type: string, fileName: string) {
  return reply.type(type).header('Content-Disposition', `attachment; filename="${fileName}"`).header('Cache-Control', 'no-store')
}

/**
 * The researchers' files of a wave, streamed with constant memory and named by the server:
 * pseudonymised microdata (`responses.csv`), its codebook (`codebook.csv`), and both with the
 * indicators in a Frictionless Data Package (`datapackage.zip`). Each microdata export is
 * recorded in the audit log.
 */
const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/exports/responses.csv',
    { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: DialectQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const { variables } = await microdata(app.db, wave)
      await recordAudit(app.db, { actorType: 'user', actorId: request.user!.id, waveId: wave.id, action: 'export.responses', details: { format: 'csv', dialect: request.query.dialect } })
      const csv = responsesCsv(submittedAnswerPages(app.db, wave.id), variables, { dialect: request.query.dialect })
      return attachment(reply, 'text/csv; charset=utf-8', exportFileName(wave.slug, 'reponses')).send(csv)
    },
  )

  app.get(
    '/api/waves/:id/exports/codebook.csv',
    { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: DialectQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const { variables, excluded } = await microdata(app.db, wave)
      const csv = codebookCsv(variables, excluded, await wavesByQuestion(app.db), { dialect: request.query.dialect })
      return attachment(reply, 'text/csv; charset=utf-8', exportFileName(wave.slug, 'dictionnaire')).send(csv)
    },
  )

  app.get(
    '/api/waves/:id/exports/datapackage.zip',
    { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: NoQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const { variables, excluded } = await microdata(app.db, wave)
      const wavesOf = await wavesByQuestion(app.db)
      const settings = waveSettings(wave)
      await recordAudit(app.db, { actorType: 'user', actorId: request.user!.id, waveId: wave.id, action: 'export.responses', details: { format: 'datapackage' } })
      const zip = zipStream([
        { name: 'datapackage.json', content: JSON.stringify(dataPackageDescriptor(wave, variables), null, 2) },
        { name: 'README.md', content: dataPackageReadme(wave, { freeText: settings.exportFreeText, minCellSize: settings.minCellSize }) },
        { name: 'responses.csv', content: () => responsesCsv(submittedAnswerPages(app.db, wave.id), variables, { dialect: 'rfc4180' }) },
        { name: 'codebook.csv', content: () => codebookCsv(variables, excluded, wavesOf, { dialect: 'rfc4180' }) },
        {
          name: 'indicators.csv',
          content: () =>
            Readable.from(
              (async function* () {
                const { definitions, cells } = await waveIndicators(app.db, wave)
                yield* indicatorsCsv(indicatorCsvRows(wave.slug, cells, definitions), { dialect: 'rfc4180' })
              })(),
            ),
        },
      ])
      return attachment(reply, 'application/zip', exportFileName(wave.slug, 'donnees', 'zip')).send(zip)
    },
  )
}

export default exportRoutes
