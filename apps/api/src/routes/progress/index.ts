import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProgressSchema, WaveParamsSchema } from '@sonde/contracts'
import { findCurrentQuestionnaire, listFamilies, listProgressRows, toFamily, type ProgressRow } from '@sonde/db'
import { applicableQuestions, listQuestions, type QuestionnaireJson } from '@sonde/survey'
import { staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'
import { isAnswered, responseCounts } from './response-rates'

// Applicability of an answer set depends on its content only: cached per response revision.
const partialCache = new Map<string, boolean>()

/** Response tracking of a wave: counts and AAPOR rates per family, item non-response, pace. */
const progressRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/progress',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: ProgressSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const [rows, families, questionnaire] = await Promise.all([
        listProgressRows(app.db, wave.id),
        listFamilies(app.db, wave.id),
        findCurrentQuestionnaire(app.db, wave.id),
      ])
      const definition = (questionnaire?.definition ?? { pages: [] }) as QuestionnaireJson

      const isPartial = (row: ProgressRow) => {
        const key = `${row.responseId}:${row.revision}`
        let partial = partialCache.get(key)
        if (partial === undefined) {
          const applicable = applicableQuestions(definition, row.answers)
          const answered = applicable.filter((name) => isAnswered(row.answers[name])).length
          partial = applicable.length > 0 && answered * 2 >= applicable.length
          if (partialCache.size > 50_000) partialCache.clear()
          partialCache.set(key, partial)
        }
        return partial
      }

      const submitted = rows.filter((r) => r.status === 'submitted')
      const questions = questionnaire ? listQuestions(definition) : []
      const itemNonResponse = questions.map((q) => {
        let eligible = 0
        let answered = 0
        for (const row of submitted) {
          if (!row.applicableQuestions?.includes(q.name)) continue
          eligible += 1
          if (isAnswered(row.answers[q.name])) answered += 1
        }
        return { name: q.name, title: q.title, eligible, answered, rate: eligible ? (eligible - answered) / eligible : null }
      })

      const perDay = new Map<string, number>()
      for (const row of submitted) {
        if (!row.submittedAt) continue
        const day = row.submittedAt.toISOString().slice(0, 10)
        perDay.set(day, (perDay.get(day) ?? 0) + 1)
      }

      return {
        totals: responseCounts(rows, isPartial),
        families: families.map((f) => ({
          ...toFamily(f),
          ...responseCounts(
            rows.filter((r) => r.familyKeys.includes(f.key)),
            isPartial,
          ),
        })),
        itemNonResponse,
        submissionsPerDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count })),
        notStarted: rows.filter((r) => r.status === 'not_started').map((r) => ({ id: r.organisationId, name: r.name, email: r.email })),
      }
    },
  )
}

export default progressRoutes
