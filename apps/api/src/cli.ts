import { parseArgs } from 'node:util'
import { RoleSchema } from '@sonde/contracts'
import { createDb, migrateToLatest, startEmbedded, upsertUser, type Db } from '@sonde/db'
import { ConfigError, parseEnv, type Env } from './config'
import { dataDirHolder, lockDataDir } from './embedded-lock'
import { hashPassword } from './routes/auth/password'

const usage = `Usage: pnpm sonde <command>

Commands:
  migrate                                   apply pending database migrations
  create-user --email <e> --role <role>     create a user or reset its password and role;
                                            the password is read from standard input
                                            (role: admin, staff or researcher)
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
