import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { computeIndicators, indicatorCsvRows, indicatorsCsv, type IndicatorDefinition } from '@sonde/analysis'
import { RoleSchema } from '@sonde/contracts'
import {
  createDb,
  findWaveBySlug,
  listIndicatorDefinitions,
  migrateToLatest,
  resolveLinkSecret,
  startEmbedded,
  upsertUser,
  waveSettings,
  type Db,
} from '@sonde/db'
import { ConfigError, parseEnv, type Env } from './config'
import { dataDirHolder, lockDataDir } from './embedded-lock'
import { hashPassword } from './routes/auth/password'
import { ImportFileError } from './routes/organisations/import-csv'
import { importOrganisations } from './routes/organisations/import-organisations'

const usage = `Usage: pnpm sonde <command>

Commands:
  migrate                                   apply pending database migrations
  create-user --email <e> --role <role>     create a user or reset its password and role;
                                            the password is read from standard input
                                            (role: admin, staff or researcher)
  import-organisations --wave <slug> --file <members.csv> [--dry-run]
                                            import a member file into a wave (all or nothing;
                                            bad lines are listed and nothing is written)
  export --wave <slug> [--what indicators] [--dialect rfc4180|excel-fr] [--out <file>]
                                            write an export (to standard output by default)
`

/**
 * Runs `work` on the configured database: the PostgreSQL server; or the embedded database —
 * through the running Sonde server when there is one (it holds the folder), else opened here.
 */
async function withDatabase<T>(env: Readonly<Env>, work: (db: Db) => Promise<T>): Promise<T> {
  const running = env.DATABASE_URL ? null : dataDirHolder(env.SONDE_DATA_DIR)
  const local = !env.DATABASE_URL && !running?.url
  const lock = local ? lockDataDir(env.SONDE_DATA_DIR) : null
  const embedded = local ? await startEmbedded({ dataDir: env.SONDE_DATA_DIR }) : null
  const db = createDb(env.DATABASE_URL ?? running?.url ?? embedded!.url, 2)
  try {
    return await work(db)
  } finally {
    await db.destroy()
    await embedded?.stop()
    lock?.unlock()
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const env = parseEnv(process.env)
  switch (command) {
    case 'migrate': {
      const applied = await withDatabase(env, migrateToLatest)
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.')
      return 0
    }
    case 'create-user': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' } } })
      const role = RoleSchema.safeParse(values.role)
      if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email) || !role.success) {
        console.error(`create-user needs --email <address> and --role <admin|staff|researcher>\n\n${usage}`)
        return 2
      }
      const password = await readStdin()
      if (password.length < 8 || password.length > 128) {
        console.error('The password (read from standard input) must have 8 to 128 characters.')
        return 2
      }
      const passwordHash = await hashPassword(password)
      const { created } = await withDatabase(env, async (db) => {
        await migrateToLatest(db)
        return upsertUser(db, { email: values.email!, passwordHash, role: role.data })
      })
      console.log(`${created ? 'Created' : 'Updated'} ${role.data} ${values.email!.toLowerCase()}.`)
      return 0
    }
    case 'import-organisations': {
      const { values } = parseArgs({
        args: rest,
        options: { wave: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      })
      if (!values.wave || !values.file) {
        console.error(`import-organisations needs --wave <slug> and --file <members.csv>\n\n${usage}`)
        return 2
      }
      const file = await readFile(values.file)
      return withDatabase(env, async (db) => {
        const wave = await findWaveBySlug(db, values.wave!)
        if (!wave) {
          console.error(`No wave with the slug "${values.wave}".`)
          return 2
        }
        let result: Awaited<ReturnType<typeof importOrganisations>>
        try {
          result = await importOrganisations(db, {
            wave,
            file,
            dryRun: values['dry-run'],
            linkSecret: await resolveLinkSecret(db, env.SONDE_SECRET),
            actor: { type: 'system', id: null },
          })
        } catch (err) {
          if (err instanceof ImportFileError) {
            console.error(err.message)
            return 1
          }
          throw err
        }
        for (const problem of result.errors) console.error(`line ${problem.line}: ${problem.message}`)
        const verb = result.written ? 'Imported' : result.errors.length ? 'Nothing imported' : 'Would import'
        console.log(`${verb}: ${result.created} new, ${result.updated} updated${result.errors.length ? `, ${result.errors.length} bad lines` : ''}.`)
        return result.errors.length ? 1 : 0
      })
    }
    case 'export': {
      const { values } = parseArgs({
        args: rest,
        options: {
          wave: { type: 'string' },
          what: { type: 'string', default: 'indicators' },
          dialect: { type: 'string', default: 'rfc4180' },
          out: { type: 'string' },
        },
      })
      if (!values.wave || values.what !== 'indicators' || (values.dialect !== 'rfc4180' && values.dialect !== 'excel-fr')) {
        console.error(`export needs --wave <slug>; --what indicators; --dialect rfc4180 or excel-fr\n\n${usage}`)
        return 2
      }
      const dialect = values.dialect
      return withDatabase(env, async (db) => {
        const wave = await findWaveBySlug(db, values.wave!)
        if (!wave) {
          console.error(`No wave with the slug "${values.wave}".`)
          return 2
        }
        const definitions = (await listIndicatorDefinitions(db, wave.id)) as unknown as IndicatorDefinition[]
        const cells = await computeIndicators(db, wave.id, definitions, { minCellSize: waveSettings(wave).minCellSize })
        const csv = indicatorsCsv(indicatorCsvRows(wave.slug, cells, definitions), { dialect })
        await pipeline(csv, values.out ? createWriteStream(values.out) : process.stdout)
        return 0
      })
    }
    default:
      console.error(usage)
      return command === undefined || command === 'help' ? 0 : 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `Error: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  },
)
