import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { MemberReportSchema, RespondentParamsSchema } from '@sonde/contracts'
import { memberReportItems, publicCells, releaseResults, releaseSummary, type WaveResults } from '@sonde/analysis'
import { findLatestRelease, listFamilies, toFamily, waveSettings, type ReleaseRow } from '@sonde/db'
import { AppError } from '../../errors'

/** Releases kept in memory: a release never changes, and every member of a wave reads the same one. */
const CACHED_RELEASES = 8

/**
 * Each organisation's own report, through its invitation link, once staff have shown the wave's
 * results to members: its own values for every median, median of ratios and share of its
 * families, beside the family's median and quartiles (or share) and the network's, from the
 * wave's latest release — only where that cell passes disclosure control, with one mark for the
 * others (members never see why a cell is hidden).
 */
const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const cache = new Map<string, Promise<WaveResults>>()

  function releaseTable(release: ReleaseRow): Promise<WaveResults> {
    const hit = cache.get(release.id)
    if (hit) return hit
    const result = releaseResults(app.db, release, null)
    cache.set(release.id, result)
    result.catch(() => cache.delete(release.id))
    if (cache.size > CACHED_RELEASES) cache.delete(cache.keys().next().value!)
    return result
  }

  app.get(
    '/api/r/:token/report',
    {
      config: { access: 'respondent' },
      schema: { params: RespondentParamsSchema, response: { 200: MemberReportSchema } },
    },
    async (request, reply) => {
      const { wave, organisation, response } = request.respondent!
      if (!waveSettings(wave).resultsPublished) throw new AppError('RESULTS_NOT_PUBLISHED')
      const release = await findLatestRelease(app.db, wave.id)
      if (!release) throw new AppError('RESULTS_NOT_PUBLISHED')
      const waveFamilies = await listFamilies(app.db, wave.id)
      const keys = new Set(waveFamilies.map((f) => f.key))
      const answered = Array.isArray(response.answers.familles) ? response.answers.familles.filter((f): f is string => typeof f === 'string') : []
      const mine = [...new Set(answered.length > 0 ? answered : organisation.familyKeys)].filter((f) => keys.has(f))
      const { definitions, cells, minCellSize } = await releaseTable(release)
      const summary = releaseSummary(release)
      reply.header('Cache-Control', 'no-store')
      return {
        wave: { slug: wave.slug, title: wave.title },
        release: { number: summary.number, publishedAt: summary.publishedAt },
        organisation: { name: organisation.name },
        submitted: response.status === 'submitted',
        families: waveFamilies.filter((f) => mine.includes(f.key)).map(toFamily),
        minCellSize,
        items: memberReportItems(definitions, publicCells(cells), response.answers, mine),
      }
    },
  )
}

export default reportRoutes
