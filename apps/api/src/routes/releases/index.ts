import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CreateReleaseBodySchema, ReleaseListSchema, ReleaseSummarySchema, WaveParamsSchema, type ReleaseRefusedDetails } from '@sonde/contracts'
import { publishRelease, releaseSummary, ReleaseBusyError, ReleaseRefusedError } from '@sonde/analysis'
import { listReleases, recordAudit, updateWave } from '@sonde/db'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'

/**
 * Releases: staff publish a dated, immutable copy of a wave's protected results; everyone else
 * reads releases only. A release that would let an earlier one isolate fewer organisations than
 * the minimum by difference is refused with the list of those cells, unless staff ask to hide them.
 */
const releaseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/releases',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: ReleaseListSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      return { releases: (await listReleases(app.db, wave.id)).map(releaseSummary) }
    },
  )

  app.post(
    '/api/waves/:id/releases',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: CreateReleaseBodySchema, response: { 201: ReleaseSummarySchema } },
    },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const { note = '', hideDifferences = false, showMembers } = request.body
      let release
      try {
        release = await publishRelease(app.db, wave, { publishedBy: request.user!.id, note, hideDifferences })
      } catch (error) {
        if (error instanceof ReleaseRefusedError) {
          throw new AppError(
            'RELEASE_REFUSED',
            `${error.total} cell(s) moved by fewer organisations than the minimum since an earlier release: ` +
              'wait for more answers, or publish with hideDifferences to hide them.',
            { total: error.total, differences: error.differences } satisfies ReleaseRefusedDetails,
          )
        }
        if (error instanceof ReleaseBusyError) throw new AppError('RELEASE_BUSY')
        throw error
      }
      await app.db.transaction().execute(async (trx) => {
        if (showMembers !== undefined) await updateWave(trx, wave.id, { settings: { resultsPublished: showMembers } })
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'release.published',
          details: { releaseId: release.id, number: release.number, responses: release.responses, hideDifferences, showMembers: showMembers ?? null },
        })
      })
      return reply.code(201).send(releaseSummary(release))
    },
  )
}

export default releaseRoutes
