import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { publishRelease, ReleaseBusyError, ReleaseRefusedError } from '@sonde/analysis'
import { CSV_DIALECTS, isEmailAddress, isPasswordLengthValid, PASSWORD_LENGTH, RoleSchema, type CsvDialect } from '@sonde/contracts'
import {
  createDb,
  findLatestRelease,
  findReleaseByNumber,
  findWaveBySlug,
  listWaveOrganisations,
  migrateToLatest,
  resolveLinkSecret,
  startEmbedded,
  recordAudit,
  upsertUser,
  type Db,
  type ReleaseRow,
} from '@sonde/db'
import { ConfigError, parseEnv, type Env } from './config'
import { dataDirHolder, lockDataDir } from './embedded-lock'
import { hashPassword } from './accounts/password'
import { ImportFileError } from './organisations/import-csv'
import { importOrganisations } from './organisations/import-organisations'
import { indicatorsCsvOf, resultsOf } from './results/wave-results'
import { eraseOrganisation } from './retention/personal-data'

const usage = `Usage: pnpm sonde <command>

Commands:
  migrate                                   apply pending database migrations
  create-user --email <e> --role <role>     create a user or reset its password and role;
                                            the password is read from standard input
                                            (role: admin, staff or researcher)
  import-organisations --wave <slug> --file <members.csv> [--dry-run]
                                            import a member file into a wave (all or nothing;
                                            bad lines are listed and nothing is written)
  release --wave <slug> [--note <text>] [--hide-differences]
                                            publish a release of the wave's results (refused,
                                            with the cells listed, when a cell moved by fewer
                                            organisations than the minimum since an earlier
                                            release, unless --hide-differences hides them)
  export --wave <slug> [--what indicators] [--release latest|live|<number>]
         [--dialect rfc4180|excel-fr] [--out <file>]
                                            write an export (to standard output by default):
                                            the cells of a release (the latest by default) as
                                            everyone but staff reads them, or the live,
                                            provisional computation
  erase-organisation --wave <slug> --organisation <id|siren>
                                            erase an organisation's data in a wave on request
                                            (response, submissions, link, e-mails; its row
                                            leaves the microdata of every release) and leave a
                                            tombstone in the audit log
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
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
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
      if (!values.email || !isEmailAddress(values.email) || !role.success) {
        console.error(`create-user needs --email <address> and --role <admin|staff|researcher>\n\n${usage}`)
        return 2
      }
      const password = await readStdin()
      if (!isPasswordLengthValid(password)) {
        console.error(`The password (read from standard input) must have ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters.`)
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
    case 'release': {
      const { values } = parseArgs({
        args: rest,
        options: { wave: { type: 'string' }, note: { type: 'string', default: '' }, 'hide-differences': { type: 'boolean', default: false } },
      })
      if (!values.wave) {
        console.error(`release needs --wave <slug>\n\n${usage}`)
        return 2
      }
      return withDatabase(env, async (db) => {
        const wave = await findWaveBySlug(db, values.wave!)
        if (!wave) {
          console.error(`No wave with the slug "${values.wave}".`)
          return 2
        }
        try {
          const release = await publishRelease(db, wave, { publishedBy: null, note: values.note!, hideDifferences: values['hide-differences']! })
          await recordAudit(db, {
            actorType: 'system',
            actorId: null,
            waveId: wave.id,
            action: 'release.published',
            details: { releaseId: release.id, number: release.number, responses: release.responses, hideDifferences: values['hide-differences']! },
          })
          console.log(`Release ${release.number} of ${wave.slug} published: ${release.responses} responses.`)
          return 0
        } catch (error) {
          if (error instanceof ReleaseRefusedError) {
            console.error(`Release refused: ${error.total} cell(s) moved by fewer organisations than the minimum since an earlier release:`)
            for (const d of error.differences) {
              console.error(
                `  ${d.indicator} · ${d.family}${d.dimension ? ` · ${d.dimension}=${d.dimensionValue}` : ''}${d.category ? ` · ${d.category}` : ''}: n ${d.nBefore} in release ${d.releaseNumber}, ${d.nAfter} now (${d.changed} changed)`,
              )
            }
            console.error('Wait for more answers, or publish with --hide-differences to hide these cells.')
            return 1
          }
          if (error instanceof ReleaseBusyError) {
            console.error('Responses kept arriving while the release was computed: try again in a moment.')
            return 1
          }
          throw error
        }
      })
    }
    case 'export': {
      const { values } = parseArgs({
        args: rest,
        options: {
          wave: { type: 'string' },
          what: { type: 'string', default: 'indicators' },
          release: { type: 'string', default: 'latest' },
          dialect: { type: 'string', default: 'rfc4180' },
          out: { type: 'string' },
        },
      })
      const releaseChoice = values.release!
      if (
        !values.wave ||
        values.what !== 'indicators' ||
        !(CSV_DIALECTS as readonly string[]).includes(values.dialect!) ||
        !/^(latest|live|[1-9][0-9]{0,5})$/.test(releaseChoice)
      ) {
        console.error(`export needs --wave <slug>; --what indicators; --release latest, live or a number; --dialect rfc4180 or excel-fr\n\n${usage}`)
        return 2
      }
      const dialect = values.dialect as CsvDialect
      return withDatabase(env, async (db) => {
        const wave = await findWaveBySlug(db, values.wave!)
        if (!wave) {
          console.error(`No wave with the slug "${values.wave}".`)
          return 2
        }
        let release: ReleaseRow | 'live' | undefined
        if (releaseChoice === 'live') {
          console.error('Provisional results: the live computation, not a release.')
          release = 'live'
        } else {
          release = releaseChoice === 'latest' ? await findLatestRelease(db, wave.id) : await findReleaseByNumber(db, wave.id, Number(releaseChoice))
          if (!release) {
            console.error(
              releaseChoice === 'latest'
                ? `No release of "${wave.slug}" yet: publish one (pnpm sonde release --wave ${wave.slug}), or use --release live for the provisional computation.`
                : `No release ${releaseChoice} of "${wave.slug}".`,
            )
            return 2
          }
        }
        // Everyone but staff reads these cells: the command line writes the public view.
        const csv = indicatorsCsvOf(wave, await resultsOf(db, wave, release, null), { user: null, dialect })
        await pipeline(csv, values.out ? createWriteStream(values.out) : process.stdout)
        return 0
      })
    }
    case 'erase-organisation': {
      const { values } = parseArgs({ args: rest, options: { wave: { type: 'string' }, organisation: { type: 'string' } } })
      const target = values.organisation?.replace(/\s/g, '')
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
      if (!values.wave || !target || !(uuid.test(target) || /^\d{9}$/.test(target))) {
        console.error(`erase-organisation needs --wave <slug> and --organisation <id or SIREN>\n\n${usage}`)
        return 2
      }
      return withDatabase(env, async (db) => {
        const wave = await findWaveBySlug(db, values.wave!)
        if (!wave) {
          console.error(`No wave with the slug "${values.wave}".`)
          return 2
        }
        const member = (await listWaveOrganisations(db, wave.id)).find((o) => (uuid.test(target) ? o.id === target.toLowerCase() : o.siren === target))
        const erased = member ? await eraseOrganisation(db, { waveId: wave.id, organisationId: member.id, actor: { type: 'system', id: null } }) : undefined
        if (!erased) {
          console.error(`No organisation ${target} in "${wave.slug}".`)
          return 2
        }
        console.log(
          `Erased from ${wave.slug}: ${erased.responses} response(s), ${erased.submissions} submission(s), ${erased.messages} e-mail(s); ` +
            `left the microdata of ${erased.releases} release(s); registry row ${erased.registry}. Tombstone: ${erased.pseudonym}.`,
        )
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
