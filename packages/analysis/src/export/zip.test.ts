import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { crc32, inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { zipStream } from './zip'

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The entries of an archive read from its central directory, written here apart from the writer. */
function entries(archive: Buffer): { name: string; content: Buffer }[] {
  const end = archive.lastIndexOf(Buffer.from('504b0506', 'hex'))
  expect(end).toBe(archive.length - 22)
  const count = archive.readUInt16LE(end + 10)
  let at = archive.readUInt32LE(end + 16)
  const found: { name: string; content: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    const nameLength = archive.readUInt16LE(at + 28)
    const size = archive.readUInt32LE(at + 24)
    const compressed = archive.readUInt32LE(at + 20)
    const local = archive.readUInt32LE(at + 42)
    expect(archive.readUInt32LE(local)).toBe(0x04034b50)
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28)
    const content = inflateRawSync(archive.subarray(start, start + compressed))
    expect(content.length).toBe(size)
    expect(crc32(content) >>> 0).toBe(archive.readUInt32LE(at + 16))
    found.push({ name: archive.subarray(at + 46, at + 46 + nameLength).toString('utf8'), content })
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32)
  }
  return found
}

describe('zipStream', () => {
  it('writes text, buffers and streams as entries with their names in UTF-8, CRC and sizes', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'ligne de données, ')
    const archive = await read(
      zipStream([
        { name: 'datapackage.json', content: '{"name":"sonde"}' },
        { name: 'données é 🙂.csv', content: Buffer.from('a,b\r\n1,2\r\n') },
        { name: 'big.csv', content: () => Readable.from([big.subarray(0, 1000), big.subarray(1000)]) },
        { name: 'empty.txt', content: '' },
      ]),
    )
    expect(entries(archive).map((e) => [e.name, e.content.length])).toEqual([
      ['datapackage.json', 16],
      ['données é 🙂.csv', 10],
      ['big.csv', big.length],
      ['empty.txt', 0],
    ])
    expect(entries(archive)[2]!.content.equals(big)).toBe(true)
    // Deflated: the repetitive 3 MiB take far less.
    expect(archive.length).toBeLessThan(100_000)
  })

  it.skipIf(!hasUnzip())('is accepted by unzip -t', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonde-zip-'))
    try {
      const path = join(dir, 'test.zip')
      writeFileSync(
        path,
        await read(
          zipStream([
            { name: 'a.csv', content: 'x\r\n' },
            { name: 'b/c.txt', content: () => Readable.from(['héllo']) },
          ]),
        ),
      )
      expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('opens each stream only when the archive reaches it, and stops reading it when the reader goes away', async () => {
    let opened = 0
    let produced = 0
    const endless = () => {
      opened += 1
      return Readable.from(
        (function* () {
          for (;;) {
            produced += 1
            yield Buffer.alloc(64 * 1024, produced % 256)
          }
        })(),
      )
    }
    const stream = zipStream([
      { name: 'first.txt', content: 'un' },
      { name: 'endless.bin', content: endless },
      { name: 'never.bin', content: endless },
    ])
    const iterator = stream[Symbol.asyncIterator]()
    // Read part of the endless entry: 48 KiB of archive, counted in bytes rather than in chunks,
    // whose sizes are the writer's own choice.
    let delivered = 0
    while (delivered < 48 * 1024) delivered += ((await iterator.next()).value as Buffer).length
    stream.destroy()
    // Reads already under way may still finish: wait until the count settles (however slow the
    // machine), then check that nothing more is ever produced.
    let last = -1
    for (let tick = 0; tick < 100 && produced !== last; tick++) {
      last = produced
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const after = produced
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(opened).toBe(1)
    expect(produced).toBe(after)
    expect(produced).toBeLessThan(1000)
  })
})

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
