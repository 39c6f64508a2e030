import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  BundleSchema,
  ImportBundleQuerySchema,
  parseBundle,
  WaveParamsSchema,
  WaveSchema,
  type Bundle,
  type BundleSettings,
  type ImportProblem,
  type IndicatorDefinitionInput,
} from '@sonde/contracts'
import { validateIndicators, type IndicatorDefinition } from '@sonde/analysis'
import {
  findCurrentQuestionnaire,
  listFamilies,
  listIndicatorDefinitions,
  recordAudit,
  replaceIndicatorDefinitions,
  slugTaken,
  toFamily,
  toWave,
  waveSettings,
  type JsonValue,
} from '@sonde/db'
import apiPackage from '../../../package.json' with { type: 'json' }
import { AppError } from '../../errors'
import { staff } from '../../plugins/access'
import { createWaveWithDefaults } from '../../waves/new-wave'
import { requireWave } from '../../waves/require-wave'
import { questionnaireBodyLimit } from '../../questionnaires/body-limit'

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The settings of a wave that belong to its design (no dates, retention or publication). */
function designSettings(settings: ReturnType<typeof waveSettings>): BundleSettings {
  return {
    minCellSize: settings.minCellSize,
    pPercent: settings.pPercent,
    editAfterSubmit: settings.editAfterSubmit,
    openLink: settings.openLink,
    exportFreeText: settings.exportFreeText,
    ...(settings.templates && Object.keys(settings.templates).length > 0 ? { templates: settings.templates } : {}),
    ...(settings.reminderDays && settings.reminderDays.length > 0 ? { reminderDays: settings.reminderDays } : {}),
  }
}

/**
 * A wave's design as one versioned file (`BundleSchema`, JSON Schema in schemas/), and its import
 * into another Sonde as a new draft wave. An import checks everything before it creates anything
 * — the format and its version, the shape of every field, the questionnaire through the server's
 * lint (in the check thread), the indicators against that questionnaire and the bundle's families
 * — and answers 422 BUNDLE_INVALID listing each problem (French, with its path in the bundle);
 * then it creates the wave, its families, questionnaire and indicators in one transaction.
 */
const bundleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/bundle',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: BundleSchema } } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const [families, questionnaire, indicators] = await Promise.all([
        listFamilies(app.db, wave.id),
        findCurrentQuestionnaire(app.db, wave.id),
        listIndicatorDefinitions(app.db, wave.id),
      ])
      const bundle: Bundle = {
        format: BUNDLE_FORMAT,
        schemaVersion: BUNDLE_SCHEMA_VERSION,
        exportedAt: new Date().toISOString(),
        generator: `Sonde ${apiPackage.version}`,
        wave: { slug: wave.slug, title: wave.title, settings: designSettings(waveSettings(wave)) },
        families: families.map(toFamily),
        questionnaire: (questionnaire?.definition ?? {}) as Record<string, unknown>,
        indicators: indicators as unknown as IndicatorDefinitionInput[],
      }
      return reply.header('Content-Disposition', `attachment; filename="${wave.slug}-conception.sonde.json"`).header('Cache-Control', 'no-store').send(bundle)
    },
  )

  app.post(
    '/api/bundles',
    {
      bodyLimit: questionnaireBodyLimit,
      // Every problem of the bundle is answered together, as 422 BUNDLE_INVALID (below), not as 400.
      attachValidation: true,
      config: { access: staff },
      schema: { querystring: ImportBundleQuerySchema, body: BundleSchema, response: { 201: WaveSchema } },
    },
    async (request, reply) => {
      // attachValidation holds back the query's failures too: those are refused as on any route
      // (Fastify checks the query only after a valid body, which is the only case that reads it).
      if (request.validationError && request.validationError.validationContext !== 'body') throw request.validationError
      const body: unknown = request.body
      const problems: ImportProblem[] = []
      if (!isObject(body) || body.format !== BUNDLE_FORMAT) {
        problems.push({ path: 'format', message: `ce n’est pas un fichier de conception Sonde (« format » doit valoir « ${BUNDLE_FORMAT} »)` })
      } else if (body.schemaVersion !== BUNDLE_SCHEMA_VERSION) {
        problems.push({
          path: 'schemaVersion',
          message: `version ${JSON.stringify(body.schemaVersion ?? null)} inconnue : ce Sonde lit la version ${BUNDLE_SCHEMA_VERSION} des fichiers de conception`,
        })
      }
      if (problems.length > 0) throw new AppError('BUNDLE_INVALID', `${problems[0]!.path}: ${problems[0]!.message}`, { problems })

      const parsed = parseBundle(body)
      if ('problems' in parsed)
        throw new AppError('BUNDLE_INVALID', `${parsed.problems[0]!.path}: ${parsed.problems[0]!.message}`, { problems: parsed.problems })
      const { bundle } = parsed

      const familyKeys = bundle.families.map((f) => f.key)
      familyKeys.forEach((key, i) => {
        if (familyKeys.indexOf(key) !== i) problems.push({ path: `families[${i}].key`, message: `la famille « ${key} » est listée deux fois` })
      })
      const { lint, cleaned } = await app.checks.check(bundle.questionnaire)
      for (const error of lint.errors) problems.push({ path: `questionnaire.${error.path}`, message: error.message })
      // survey-core's model of the questionnaire, built in the check thread as the lint is: an import never holds up saves.
      const questions = await app.checks.questions(cleaned ?? bundle.questionnaire)
      for (const problem of validateIndicators(bundle.indicators as readonly IndicatorDefinition[], questions, { families: familyKeys })) {
        problems.push({ path: `indicators[${problem.index}].${problem.path}`, message: problem.message })
      }
      if (problems.length > 0) throw new AppError('BUNDLE_INVALID', `${problems[0]!.path}: ${problems[0]!.message}`, { problems })

      const slug = request.query.slug ?? bundle.wave.slug
      const title = request.query.title ?? bundle.wave.title
      if (await slugTaken(app.db, slug)) throw new AppError('SLUG_TAKEN', undefined, { slug })
      const wave = await app.db.transaction().execute(async (trx) => {
        const created = await createWaveWithDefaults(trx, {
          slug,
          title,
          settings: bundle.wave.settings,
          families: bundle.families,
          questionnaire: cleaned,
        })
        await replaceIndicatorDefinitions(
          trx,
          created.id,
          bundle.indicators.map((d) => ({ id: d.id, definition: d as unknown as JsonValue })),
        )
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: created.id,
          action: 'bundle.import',
          details: { slug, from: bundle.wave.slug, generator: bundle.generator, exportedAt: bundle.exportedAt },
        })
        return created
      })
      return reply.code(201).send(toWave(wave, await listFamilies(app.db, wave.id)))
    },
  )
}

export default bundleRoutes
