import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dataDirHolder, lockDataDir } from './embedded-lock'

/** Starts `sh -c script`, resolves with the first line it prints and a way to end it. */
function shell(script: string): Promise<{ line: string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('error', reject)
    child.stdout.once('data', (chunk: Buffer) => resolve({ line: chunk.toString().trim(), stop: () => child.kill('SIGKILL') }))
  })
}

describe('the embedded database lock', () => {
  let folder: string
  let dataDir: string
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'sonde-lock-'))
    dataDir = path.join(folder, 'data')
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const claimFor = (pid: number) => writeFileSync(`${dataDir}.pid`, JSON.stringify({ pid, url: null }))

  it('refuses a folder held by a live process and names it', async () => {
    const holder = await shell('echo $$; exec sleep 30')
    try {
      claimFor(Number(holder.line))
      expect(dataDirHolder(dataDir)?.pid).toBe(Number(holder.line))
      expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${holder.line}`)
    } finally {
      holder.stop()
    }
  })

  it('takes over a folder whose holder was killed and is left a zombie nobody reaps', async () => {
    // The shell becomes `sleep 30`, which never reaps the background child when it ends.
    const parent = await shell('sleep 0.1 & echo $!; exec sleep 30')
    try {
      await new Promise((r) => setTimeout(r, 400))
      expect(readFileSync(`/proc/${parent.line}/stat`, 'utf8')).toMatch(/\) Z /)
      claimFor(Number(parent.line))
      expect(dataDirHolder(dataDir)).toBeNull()
      const lock = lockDataDir(dataDir)
      lock.unlock()
    } finally {
      parent.stop()
    }
  })

  it('keeps the lock file, which says where the database is served, to its own user', () => {
    // A file left world-readable by an earlier version keeps its mode through a plain rewrite.
    writeFileSync(`${dataDir}.pid`, JSON.stringify({ pid: 2 ** 22 + 1, url: null }), { mode: 0o644 })
    const lock = lockDataDir(dataDir)
    lock.publish('postgres://postgres@localhost/postgres?host=%2Fsomewhere')
    expect(statSync(`${dataDir}.pid`).mode & 0o777).toBe(0o600)
    lock.unlock()
  })

  it('takes over a folder whose holder is gone, and ignores its own pid', () => {
    claimFor(2 ** 22 + 1)
    expect(dataDirHolder(dataDir)).toBeNull()
    claimFor(process.pid)
    expect(dataDirHolder(dataDir)).toBeNull()
  })
})
