import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * The integration tests that run Sonde as people do (the fault tests, the CLI) start the built
 * bundle, as `pnpm start` and `pnpm sonde` do: build it once, before any file, so that no two
 * files rebuild it under each other.
 */
export default function buildServer(): void {
  const repo = fileURLToPath(new URL('../../..', import.meta.url))
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: repo, stdio: 'inherit' })
}
