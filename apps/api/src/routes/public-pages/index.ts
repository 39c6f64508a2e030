import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  NoContentSchema,
  PublicFileQuerySchema,
  PublicPageStateSchema,
  PublicResultsSchema,
  PublicSlugParamsSchema,
  PublishPublicPageBodySchema,
  WaveParamsSchema,
  type PublicResults,
} from '@sonde/contracts'
import { publicDataPackageFiles, publicIndicatorsCsv, publicPageState, publicResults, releaseSummary, zipStream } from '@sonde/analysis'
import { deletePublicPage, findLatestRelease, findPublishedWave, findRelease, recordAudit, savePublicPage, type Db } from '@sonde/db'
import { exportFileName } from '../../csv'
import { AppError } from '../../errors'
import { staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'

/** What the public reads of a published wave, or 404 PUBLIC_PAGE_NOT_FOUND — for an unknown slug and an unpublished wave alike. */
async function publishedResults(db: Db, slug: string): Promise<PublicResults> {
  const found = await findPublishedWave(db, slug)
  if (!found) throw new AppError('PUBLIC_PAGE_NOT_FOUND')
  return publicResults(db, found.wave, found.page, found.release)
}

/** Public answers may be cached a minute; an unpublished page is gone from caches within that minute. */
function publicCaching(reply: FastifyReply) {
  return reply.header('Cache-Control', 'public, max-age=60')
}

/** A strong ETag of a public answer: the hash of what it holds, with the variant (`json`, a file and its dialect). */
function etagOf(results: PublicResults, variant: string): string {
  return `"${createHash('sha256').update(variant).update('\0').update(JSON.stringify(results)).digest('base64url').slice(0, 32)}"`
}

/** Whether the client already holds this answer (`If-None-Match`). */
function fresh(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match']
  return header !== undefined && header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')
}

function attachment(reply: FastifyReply, type: string, fileName: string, etag: string) {
  return publicCaching(reply).type(type).header('ETag', etag).header('Content-Disposition', `attachment; filename="${fileName}"`)
}

/**
 * The public observatory. Staff publish a wave's public page on one of its releases under an open
 * licence (Licence Ouverte 2.0 or CC BY 4.0), move it to another release, or take it down; anyone,
 * without a login, reads the page's results (`/api/public/{slug}`) and its open files — the
 * indicators CSV and a data package — all built from the chosen release through the public gate:
 * no live figure, no hidden cell's figure or reason, no microdata. No cookie is read or set.
 */
const publicPageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/public-page',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: PublicPageStateSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      return publicPageState(app.db, wave)
    },
  )

  app.put(
    '/api/waves/:id/public-page',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: PublishPublicPageBodySchema, response: { 200: PublicPageStateSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { releaseId, licence } = request.body
      const latest = await findLatestRelease(app.db, wave.id)
      if (!latest) throw new AppError('RESULTS_NOT_RELEASED', 'This wave has no release yet: publish a release before its public page.')
      const release = releaseId === undefined ? latest : await findRelease(app.db, wave.id, releaseId)
      if (!release) {
        throw new AppError('RELEASE_NOT_FOUND', `releaseId: "${releaseId}" is not a release of this wave.`, { field: 'releaseId' })
      }
      const { number } = releaseSummary(release)
      const page = await app.db.transaction().execute(async (trx) => {
        const saved = await savePublicPage(trx, { waveId: wave.id, releaseId: release.id, licence, publishedBy: request.user!.id })
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'public_page.published',
          details: { releaseId: release.id, number, licence },
        })
        return saved
      })
      return publicPageState(app.db, wave, page)
    },
  )

  app.delete(
    '/api/waves/:id/public-page',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 204: NoContentSchema } } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      await app.db.transaction().execute(async (trx) => {
        // Taking down a page that is not up changes nothing and records nothing.
        if (await deletePublicPage(trx, wave.id)) {
          await recordAudit(trx, { actorType: 'user', actorId: request.user!.id, waveId: wave.id, action: 'public_page.unpublished', details: {} })
        }
      })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/public/:slug',
    { config: { access: 'public' }, schema: { params: PublicSlugParamsSchema, response: { 200: PublicResultsSchema, 304: NoContentSchema } } },
    async (request, reply) => {
      const results = await publishedResults(app.db, request.params.slug)
      const etag = etagOf(results, 'json')
      publicCaching(reply).header('ETag', etag)
      if (fresh(request, etag)) return reply.code(304).send(null)
      return results
    },
  )

  app.get(
    '/api/public/:slug/indicators.csv',
    { config: { access: 'public' }, schema: { params: PublicSlugParamsSchema, querystring: PublicFileQuerySchema } },
    async (request, reply) => {
      const { dialect } = request.query
      const results = await publishedResults(app.db, request.params.slug)
      const etag = etagOf(results, `indicators.csv:${dialect}`)
      const name = exportFileName(results.wave.slug, `indicateurs-publication-${results.release.number}`)
      attachment(reply, 'text/csv; charset=utf-8', name, etag)
      if (fresh(request, etag)) return reply.code(304).send(null)
      return reply.send(publicIndicatorsCsv(results, dialect))
    },
  )

  app.get(
    '/api/public/:slug/datapackage.zip',
    { config: { access: 'public' }, schema: { params: PublicSlugParamsSchema, querystring: PublicFileQuerySchema } },
    async (request, reply) => {
      const { dialect } = request.query
      const results = await publishedResults(app.db, request.params.slug)
      const etag = etagOf(results, `datapackage.zip:${dialect}`)
      const name = exportFileName(results.wave.slug, `donnees-publication-${results.release.number}`, 'zip')
      attachment(reply, 'application/zip', name, etag)
      if (fresh(request, etag)) return reply.code(304).send(null)
      // Dated as the release, so that the same page gives the same bytes (its ETag).
      return reply.send(zipStream(publicDataPackageFiles(results, dialect), new Date(results.release.publishedAt)))
    },
  )
}

export default publicPageRoutes
