import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { bundleJsonSchema } from '../packages/contracts/src/index.ts'

// The JSON Schemas committed in schemas/, generated from the zod schemas of @sonde/contracts so
// that they never drift (scripts/json-schemas.test.ts fails when a committed file is not what this
// writes), formatted as the repository's Prettier formats them. Run
// `npx tsx scripts/write-json-schemas.ts` after changing one of those zod schemas.

/** Each committed schema: its path from the repository root, and its text. */
export async function jsonSchemaFiles(): Promise<{ path: string; text: string }[]> {
  const schemas = [{ path: 'schemas/sonde-bundle-v1.schema.json', schema: bundleJsonSchema() }]
  return Promise.all(
    schemas.map(async ({ path, schema }) => {
      const file = fileURLToPath(new URL(`../${path}`, import.meta.url))
      const options = (await resolveConfig(file)) ?? {}
      return { path, text: await format(JSON.stringify(schema), { ...options, filepath: file }) }
    }),
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { path, text } of await jsonSchemaFiles()) {
    writeFileSync(new URL(`../${path}`, import.meta.url), text)
    console.log(`wrote ${path}`)
  }
}
