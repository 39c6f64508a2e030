import { Readable } from 'node:stream'
import { createDeflateRaw, crc32 } from 'node:zlib'

/** A file of an archive: its name and its content, as text or as a stream read once. */
export interface ZipEntry {
  name: string
  content: string | Buffer | (() => Readable | AsyncIterable<Buffer | string>)
}

function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}

const FLAGS = 0x0808 // bit 3: sizes and CRC in a data descriptor after the data; bit 11: UTF-8 names
const DEFLATE = 8
const VERSION = 20

/**
 * A ZIP archive written as it is read (APPNOTE 6.3.x: local headers, deflated data, data
 * descriptors, central directory): each entry's content is deflated while it streams and its
 * CRC-32 and sizes follow it, so no entry is ever held whole in memory — the archive of a 100 000
 * response export costs the memory of a chunk. Without ZIP64: entries and archive below 4 GiB
 * (an error beyond). Python's `zipfile`, R's `unzip` and the usual tools read it.
 */
export function zipStream(entries: readonly ZipEntry[], modified = new Date()): Readable {
  const { time, date } = dosDateTime(modified)
  async function* archive(): AsyncGenerator<Buffer> {
    const central: Buffer[] = []
    let offset = 0
    for (const entry of entries) {
      const name = Buffer.from(entry.name, 'utf8')
      const header = Buffer.alloc(30)
      header.writeUInt32LE(0x04034b50, 0)
      header.writeUInt16LE(VERSION, 4)
      header.writeUInt16LE(FLAGS, 6)
      header.writeUInt16LE(DEFLATE, 8)
      header.writeUInt16LE(time, 10)
      header.writeUInt16LE(date, 12)
      // CRC and sizes (14…25) stay 0 here: the data descriptor carries them.
      header.writeUInt16LE(name.length, 26)
      header.writeUInt16LE(0, 28)
      yield header
      yield name

      let crc = 0
      let size = 0
      let compressed = 0
      const deflate = createDeflateRaw({ level: 6 })
      const source =
        typeof entry.content === 'function' ? entry.content() : Readable.from([Buffer.from(entry.content as string | Buffer)])
      // Resolves when the deflater can take more, or when it is gone (the reader went away).
      const writable = () =>
        new Promise<void>((resolve) => {
          const done = () => {
            deflate.off('drain', done)
            deflate.off('close', done)
            resolve()
          }
          deflate.once('drain', done)
          deflate.once('close', done)
        })
      const input = (async () => {
        try {
          for await (const chunk of source) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
            crc = crc32(bytes, crc)
            size += bytes.length
            if (!deflate.write(bytes)) await writable()
            if (deflate.destroyed) break
          }
          deflate.end()
        } catch (error) {
          deflate.destroy(error as Error)
        } finally {
          if (deflate.destroyed && source instanceof Readable) source.destroy()
        }
      })()
      try {
        for await (const chunk of deflate) {
          compressed += (chunk as Buffer).length
          yield chunk as Buffer
        }
      } finally {
        // Stopped early (the reader went away): release the deflater, and through it the source.
        if (!deflate.writableFinished) deflate.destroy()
      }
      await input
      if (size > 0xffffffff || compressed > 0xffffffff) throw new Error(`${entry.name} is over 4 GiB: ZIP64 is not written`)

      const descriptor = Buffer.alloc(16)
      descriptor.writeUInt32LE(0x08074b50, 0)
      descriptor.writeUInt32LE(crc >>> 0, 4)
      descriptor.writeUInt32LE(compressed, 8)
      descriptor.writeUInt32LE(size, 12)
      yield descriptor

      const record = Buffer.alloc(46)
      record.writeUInt32LE(0x02014b50, 0)
      record.writeUInt16LE(VERSION, 4)
      record.writeUInt16LE(VERSION, 6)
      record.writeUInt16LE(FLAGS, 8)
      record.writeUInt16LE(DEFLATE, 10)
      record.writeUInt16LE(time, 12)
      record.writeUInt16LE(date, 14)
      record.writeUInt32LE(crc >>> 0, 16)
      record.writeUInt32LE(compressed, 20)
      record.writeUInt32LE(size, 24)
      record.writeUInt16LE(name.length, 28)
      // extra length, comment length, disk, internal and external attributes: 0.
      record.writeUInt32LE(offset, 42)
      central.push(record, name)
      offset += header.length + name.length + compressed + descriptor.length
      if (offset > 0xffffffff) throw new Error('the archive is over 4 GiB: ZIP64 is not written')
    }
    const directory = Buffer.concat(central)
    yield directory
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(entries.length, 8)
    end.writeUInt16LE(entries.length, 10)
    end.writeUInt32LE(directory.length, 12)
    end.writeUInt32LE(offset, 16)
    yield end
  }
  return Readable.from(archive(), { objectMode: false })
}
