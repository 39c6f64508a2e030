import Fastify, { type FastifyInstance } from 'fastify'
import compress from '@fastify/compress'
import swagger from '@fastify/swagger'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AppConfig } from './config'
import { frameworkErrors, installErrorHandler } from './error-handler'
import { AppError } from './errors'
import { loggerOptions } from './logging'
import outbox from './mail/outbox'
import access from './plugins/access'
import afterReply from './plugins/after-reply'
import database from './plugins/database'
import links from './plugins/links'
import { questionnaireChecker, type QuestionnaireChecker } from './checks/questionnaire-checker'
import rateLimit from './plugins/rate-limit'
import security from './plugins/security'
import authRoutes from './routes/auth'
import healthRoutes from './routes/health'
import indicatorRoutes from './routes/indicators'
import indicatorDefinitionRoutes from './routes/indicator-definitions'
import exportRoutes from './routes/exports'
import reportRoutes from './routes/reports'
import releaseRoutes from './routes/releases'
import publicPageRoutes from './routes/public-pages'
import retentionRoutes from './routes/retention'
import retentionJob from './retention/job'
import scheduleJob from './waves/schedule-job'
import invitationRoutes from './routes/invitations'
import apiTokenRoutes from './routes/api-tokens'
import auditRoutes from './routes/audit'
import openLinkRoutes from './routes/open-link'
import openapiRoutes from './routes/openapi'
import userRoutes from './routes/users'
import progressRoutes from './routes/progress'
import organisationRoutes from './routes/organisations'
import questionnaireRoutes from './routes/questionnaires'
import bundleRoutes from './routes/bundles'
import xlsformRoutes from './routes/xlsform'
import respondentRoutes from './routes/respondent'
import waveRoutes from './routes/waves'
import webRoutes from './routes/web'
import { fastifyTrustProxy } from './trust-proxy'

declare module 'fastify' {
  interface FastifyInstance {
    /** From now on new requests get 503 SHUTTING_DOWN while the server still listens (SIGTERM). */
    beginClosing(): void
    /** The questionnaire and submission checks, in a worker thread shared by every route (checks/). */
    checks: QuestionnaireChecker
  }
}

/** Above the largest honest body (a whole questionnaire's answers), below anything abusive. */
export const bodyLimit = 2 * 1024 * 1024

/**
 * Builds the whole application from a frozen configuration, without listening: server.ts
 * listens, tests call `app.inject()`.
 */
export async function buildApp(config: Readonly<AppConfig>): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, config.logSink),
    bodyLimit,
    requestTimeout: 120_000,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    return503OnClosing: false,
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>()

  // JSON only: a text/plain body gets 415, not a confusing schema error.
  app.removeContentTypeParser('text/plain')
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app, { dataDir: config.dataDir ?? null })

  // From SIGTERM (server.ts calls beginClosing() and keeps listening until requests in flight are
  // done) and during close(), new requests get a clear 503 and every answer closes its connection.
  // close() then sweeps idle keep-alive connections as they appear, so that it does not wait on
  // sockets that clients keep open.
  let closing = false
  let sweeper: NodeJS.Timeout | undefined
  app.decorate('beginClosing', () => {
    closing = true
  })
  app.addHook('preClose', async () => {
    closing = true
    app.server.closeIdleConnections()
    sweeper = setInterval(() => app.server.closeIdleConnections(), 100)
    sweeper.unref()
  })
  app.addHook('onClose', async () => clearInterval(sweeper))
  app.addHook('onRequest', async () => {
    if (closing) throw new AppError('SHUTTING_DOWN')
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('Connection', 'close')
  })

  await app.register(swagger, {
    openapi: {
      info: { title: 'Sonde API', version: '1.0.0', description: 'Survey and impact-study platform of the ESS numérique.' },
    },
    transform: jsonSchemaTransform,
    hideUntagged: false,
  })
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] })
  await app.register(database, { databaseUrl: config.databaseUrl, poolSize: config.poolSize })
  const secureCookies = config.baseUrl.startsWith('https:')
  await app.register(access, { sessionIdleMinutes: config.sessionIdleMinutes, secureCookies })
  await app.register(security, { baseUrl: config.baseUrl })
  await app.register(rateLimit, config.rateLimits ?? {})
  await app.register(afterReply)
  const checks = questionnaireChecker(app.log)
  app.decorate('checks', checks)
  app.addHook('onClose', () => checks.close())
  await app.register(links, { baseUrl: config.baseUrl, linkSecret: config.linkSecret })
  await app.register(outbox, { smtp: config.smtp, intervalMs: config.outboxIntervalMs })
  await app.register(retentionJob, { intervalMs: config.retentionIntervalMs ?? 60 * 60_000 })
  await app.register(scheduleJob, { intervalMs: config.scheduleIntervalMs ?? 30_000 })

  await app.register(healthRoutes, { dataDir: config.dataDir ?? null })
  await app.register(authRoutes, { sessionMaxHours: config.sessionMaxHours, secureCookies })
  await app.register(userRoutes)
  await app.register(auditRoutes)
  await app.register(apiTokenRoutes)
  await app.register(respondentRoutes)
  await app.register(waveRoutes)
  await app.register(questionnaireRoutes)
  await app.register(bundleRoutes)
  await app.register(xlsformRoutes)
  await app.register(organisationRoutes)
  await app.register(progressRoutes)
  await app.register(openLinkRoutes)
  await app.register(invitationRoutes)
  await app.register(releaseRoutes)
  await app.register(publicPageRoutes)
  await app.register(indicatorRoutes)
  await app.register(indicatorDefinitionRoutes)
  await app.register(exportRoutes)
  await app.register(reportRoutes)
  await app.register(retentionRoutes)
  await app.register(openapiRoutes, { baseUrl: config.baseUrl })
  if (config.webDist) await app.register(webRoutes, { webDist: config.webDist })

  await app.ready()
  return app
}
