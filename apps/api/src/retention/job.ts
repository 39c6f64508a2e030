import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RetentionCounts, WaveRow } from '@sonde/db'
import { intervalJob } from '../plugins/interval-job'
import { removedSomething, runRetention } from './personal-data'

export interface RetentionJobOptions {
  /** How often the pass runs (ms), and once at start-up; 0 = only when asked (tests call runNow). */
  intervalMs: number
}

declare module 'fastify' {
  interface FastifyInstance {
    retention: {
      /** One pass now over every wave whose retention date has passed (one at a time per process). */
      runNow(): Promise<{ wave: WaveRow; counts: RetentionCounts }[]>
    }
  }
}

/**
 * The retention job: at start-up and then every `intervalMs`, each wave whose retention date
 * has passed loses what identifies its organisations (`runRetention`). Passes of several
 * processes on one database wait for each other, wave by wave, and the second finds nothing left.
 */
export default fp(
  async function retentionJob(app: FastifyInstance, options: RetentionJobOptions) {
    const runNow = intervalJob(app, {
      name: 'retention',
      intervalMs: options.intervalMs,
      run: async () => {
        const results = await runRetention(app.db)
        for (const { wave, counts } of results) {
          if (removedSomething(counts)) app.log.info({ wave: wave.slug, ...counts }, 'retention: identifying data removed')
        }
        return results
      },
    })
    app.decorate('retention', { runNow })
  },
  { name: 'retention', dependencies: ['database'] },
)
