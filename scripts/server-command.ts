import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))

/**
 * The command `pnpm start` runs the built server with (package.json's `start` script: Node, its
 * flags, apps/api/dist/server.mjs), for the browser tests and the benchmarks to run it the same way.
 */
export function serverCommand(): { command: string; args: string[] } {
  const start = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!
  const flags = /\bnode((?: --\S+)*) apps\/api\/dist\/server\.mjs/.exec(start)?.[1]
  if (flags === undefined) throw new Error(`package.json's start script does not run apps/api/dist/server.mjs: ${start}`)
  return { command: process.execPath, args: [...flags.split(' ').filter(Boolean), path.join(repo, 'apps', 'api', 'dist', 'server.mjs')] }
}
