import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyReply } from 'fastify'
import { DataPackageQuerySchema, ReleaseFileQuerySchema, WaveParamsSchema } from '@sonde/contracts'
import {
  codebookCsv,
  dataPackageDescriptor,
  dataPackageReadme,
  liveMicrodataSource,
  microdataPlan,
  microdataVariables,
  protectedResponsesCsv,
  releaseMicrodataSource,
  zipStream,
  type MicrodataSource,
} from '@sonde/analysis'
import { findCurrentQuestionnaire, listWaves, recordAudit, type Db, type ReleaseRow, type WaveRow } from '@sonde/db'
import { listQuestions, type QuestionnaireJson } from '@sonde/survey'
import { exportFileName } from '../../csv'
import { AppError } from '../../errors'
import { readers } from '../../plugins/access'
import { chosenRelease, indicatorsCsvOf, resultsOf } from '../../results/wave-results'
import { requireWave } from '../../waves/require-wave'

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

function attachment(reply: FastifyReply, type: string, fileName: string) {
  return reply.type(type).header('Content-Disposition', `attachment; filename="${fileName}"`).header('Cache-Control', 'no-store')
}

function microdataSource(db: Db, wave: WaveRow, release: ReleaseRow | 'live'): Promise<MicrodataSource> {
  return release === 'live' ? liveMicrodataSource(db, wave) : releaseMicrodataSource(db, wave, release)
}

/** The files' names say which release they come from, or that they are provisional. */
const fileSuffix = (release: ReleaseRow | 'live') => (release === 'live' ? 'provisoire' : `publication-${release.number}`)

/** What the audit log records of the release a microdata download read. */
const releaseNumber = (release: ReleaseRow | 'live') => (release === 'live' ? 'live' : release.number)

/**
 * The researchers' files of a wave, read from a release (the latest by default; staff may ask for
 * `?release=live`), streamed and named by the server: protected microdata (`responses.csv`: only
 * for staff and the researchers an admin granted it — k-anonymous on the quasi-identifiers,
 * top-coded, rows in a new random order with new pseudonyms at every download), its codebook
 * (`codebook.csv`), and the indicators with both in a Frictionless Data Package
 * (`datapackage.zip`; without microdata for a researcher who may not read them). Each microdata
 * download is recorded in the audit log.
 */
const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/exports/responses.csv',
    { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: ReleaseFileQuerySchema } },
    async (request, reply) => {
      if (!request.user!.microdataAccess) throw new AppError('MICRODATA_FORBIDDEN')
      const wave = await requireWave(app.db, request.params.id)
      const release = await chosenRelease(app.db, wave, request.user, request.query.release)
      const source = await microdataSource(app.db, wave, release)
      const { variables } = microdataVariables(source)
      await recordAudit(app.db, {
        actorType: 'user',
        actorId: request.user!.id,
        waveId: wave.id,
        action: 'export.responses',
        details: { format: 'csv', dialect: request.query.dialect, release: releaseNumber(release), rows: source.responseIds.length },
      })
      const csv = protectedResponsesCsv(source, variables, await microdataPlan(source, variables), request.query.dialect)
      return attachment(reply, 'text/csv; charset=utf-8', exportFileName(wave.slug, `reponses-${fileSuffix(release)}`)).send(csv)
    },
  )

  app.get(
    '/api/waves/:id/exports/codebook.csv',
    { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: ReleaseFileQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const release = await chosenRelease(app.db, wave, request.user, request.query.release)
      const source = await microdataSource(app.db, wave, release)
      const { variables, excluded } = microdataVariables(source)
      // What the microdata file does to each column is part of its codebook, for those who may read it.
      const plan = request.user!.microdataAccess ? await microdataPlan(source, variables) : undefined
      const csv = codebookCsv(variables, excluded, await wavesByQuestion(app.db), { dialect: request.query.dialect, plan })
      return attachment(reply, 'text/csv; charset=utf-8', exportFileName(wave.slug, `dictionnaire-${fileSuffix(release)}`)).send(csv)
    },
  )

  app.get(
    '/api/waves/:id/exports/datapackage.zip',
    { config: { access: readers }, schema: { params: WaveParamsSchema, querystring: DataPackageQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const release = await chosenRelease(app.db, wave, request.user, request.query.release)
      const results = await resultsOf(app.db, wave, release, null)
      const source = await microdataSource(app.db, wave, release)
      const { variables, excluded } = microdataVariables(source)
      const wavesOf = await wavesByQuestion(app.db)
      const withMicrodata = request.user!.microdataAccess
      if (withMicrodata) {
        await recordAudit(app.db, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'export.responses',
          details: { format: 'datapackage', release: releaseNumber(release), rows: source.responseIds.length },
        })
      }
      const plan = withMicrodata ? await microdataPlan(source, variables) : undefined
      const zip = zipStream([
        { name: 'datapackage.json', content: JSON.stringify(dataPackageDescriptor(wave, variables, { plan, microdata: withMicrodata }), null, 2) },
        {
          name: 'README.md',
          content: dataPackageReadme(wave, { freeText: source.freeText, minCellSize: results.minCellSize, plan, microdata: withMicrodata }),
        },
        ...(plan ? [{ name: 'responses.csv', content: () => protectedResponsesCsv(source, variables, plan, 'rfc4180') }] : []),
        { name: 'codebook.csv', content: () => codebookCsv(variables, excluded, wavesOf, { dialect: 'rfc4180', plan }) },
        { name: 'indicators.csv', content: () => indicatorsCsvOf(wave, results, { user: request.user, dialect: 'rfc4180' }) },
      ])
      return attachment(reply, 'application/zip', exportFileName(wave.slug, `donnees-${fileSuffix(release)}`, 'zip')).send(zip)
    },
  )
}

export default exportRoutes
