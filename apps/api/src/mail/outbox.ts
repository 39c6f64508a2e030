import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import nodemailer, { type Transporter } from 'nodemailer'
import { claimDueMessages, markMessageFailed, markMessageSent } from '@sonde/db'
import { linkPlaceholder } from './templates'

export interface OutboxOptions {
  smtp: { url: string; from: string } | null
  /** How often the worker looks for due messages; 0 = never by itself (tests call processDue). */
  intervalMs: number
  maxAttempts?: number
  baseDelaySeconds?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    outbox: {
      smtpConfigured: boolean
      /** Sends the messages that are due now; returns how many were sent and how many failed. */
      processDue(): Promise<{ sent: number; failed: number }>
    }
  }
}

/**
 * The e-mail worker: messages wait in the `outbox` table (written in the same transaction as
 * what caused them) and are sent over SMTP with retries and exponential backoff. Without SMTP
 * configured nothing is sent and staff see the messages as pending in the console.
 */
export default fp(
  async function outbox(app: FastifyInstance, options: OutboxOptions) {
    const transport: Transporter | null = options.smtp ? nodemailer.createTransport(options.smtp.url) : null
    const retry = { maxAttempts: options.maxAttempts ?? 8, baseDelaySeconds: options.baseDelaySeconds ?? 60 }
    let running: Promise<{ sent: number; failed: number }> | null = null

    async function sendBatch(): Promise<{ sent: number; failed: number }> {
      let sent = 0
      let failed = 0
      if (!transport) return { sent, failed }
      for (;;) {
        const batch = await claimDueMessages(app.db, 20)
        if (batch.length === 0) return { sent, failed }
        for (const message of batch) {
          try {
            // Links are rebuilt here from the configured base URL, never from a request's Host.
            const link = message.invitationNonce
              ? app.links.invitation(message.invitationNonce)
              : message.resetNonce
                ? app.links.passwordReset(message.resetNonce)
                : ''
            await transport.sendMail({
              from: options.smtp!.from,
              to: message.to,
              subject: message.subject,
              text: message.body.replaceAll(linkPlaceholder, link),
            })
            await markMessageSent(app.db, message.id)
            sent += 1
          } catch (err) {
            failed += 1
            app.log.warn({ err, messageId: message.id }, 'e-mail not sent; will retry')
            await markMessageFailed(app.db, message, (err as Error).message, retry)
          }
        }
      }
    }

    const processDue = () => {
      // One pass at a time in this process; other processes are kept apart by SKIP LOCKED.
      running ??= sendBatch().finally(() => {
        running = null
      })
      return running
    }
    app.decorate('outbox', { smtpConfigured: transport !== null, processDue })

    if (transport && options.intervalMs > 0) {
      const timer = setInterval(() => {
        processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))
      }, options.intervalMs)
      timer.unref()
      app.addHook('onClose', async () => {
        clearInterval(timer)
        await running
        transport.close()
      })
    }
  },
  { name: 'outbox', dependencies: ['database', 'links'] },
)
