import type { ImportResult } from '@sonde/contracts'
import { setImmediate as yieldToOthers } from 'node:timers/promises'
import {
  findOrganisationsBySirenOrEmail,
  invitedOrganisationIds,
  listFamilies,
  recordAudit,
  undoOrganisationImport,
  writeOrganisationSlice,
  type Db,
  type WaveRow,
} from '@sonde/db'
import { parseOrganisationsCsv, type ImportRow } from './import-csv'

/**
 * Imports a member file into a wave, all or nothing: reads and checks every line first
 * (`parseOrganisationsCsv`, which throws ImportFileError for an unreadable file), plans an update
 * for each organisation already known by SIREN, then by e-mail, and a creation for the others;
 * writes only when asked and when no line is bad, inviting each organisation to the wave. Shared by
 * the console and `pnpm sonde import-organisations`.
 *
 * The writing goes in slices of `SLICE` lines, each a short transaction of a few statements, so
 * that respondents' saves pass between them: on the embedded database, whose one session serves
 * every connection in turn, a single transaction for 20 000 lines held every save back for tens of
 * seconds (issue 13). Still all or nothing: if a slice fails, the slices already written are undone
 * (organisations created removed, those updated given their fields back) before the error goes on.
 */
/** Lines written per transaction: a few statements of some milliseconds each. */
const SLICE = 250

export async function importOrganisations(
  db: Db,
  options: { wave: WaveRow; file: Buffer; dryRun: boolean; linkSecret: string; actor: { type: 'user' | 'system'; id: string | null } },
): Promise<ImportResult> {
  const { wave, dryRun } = options
  const families = (await listFamilies(db, wave.id)).map((f) => f.key)
  const { rows, problems } = parseOrganisationsCsv(options.file, families)
  const existing = await findOrganisationsBySirenOrEmail(
    db,
    rows.flatMap((r) => (r.siren ? [r.siren] : [])),
    rows.flatMap((r) => (r.email ? [r.email] : [])),
  )
  const match = (row: ImportRow) =>
    (row.siren ? existing.find((o) => o.siren === row.siren) : undefined) ??
    (row.email ? existing.find((o) => o.email?.toLowerCase() === row.email) : undefined)
  const planned = rows.map((row) => ({ row, target: match(row) }))
  const preview = planned.map(({ row, target }) => ({
    line: row.line,
    action: target ? ('update' as const) : ('create' as const),
    name: row.name,
    email: row.email,
    siren: row.siren,
    region: row.region,
    familyKeys: row.familyKeys,
  }))
  const created = preview.filter((p) => p.action === 'create').length
  const updated = preview.length - created
  if (dryRun || problems.length > 0) return { dryRun, written: false, created, updated, errors: problems, rows: preview }

  const lines = planned.map(({ row, target }) => ({
    id: target?.id ?? null,
    fields: { name: row.name, email: row.email, siren: row.siren, region: row.region, familyKeys: row.familyKeys },
  }))
  const invited = await invitedOrganisationIds(db, wave.id)
  const invitedBefore = new Set(invited)
  const createdIds: string[] = []
  try {
    for (let start = 0; start < lines.length; start += SLICE) {
      const slice = lines.slice(start, start + SLICE)
      const ids = await db.transaction().execute((trx) => writeOrganisationSlice(trx, options.linkSecret, wave.id, slice, invited))
      createdIds.push(...ids)
      await yieldToOthers()
    }
    await recordAudit(db, {
      actorType: options.actor.type,
      actorId: options.actor.id,
      waveId: wave.id,
      action: 'organisations.import',
      details: { created, updated, lines: rows.length },
    })
  } catch (error) {
    const touched = new Set(lines.flatMap((line) => (line.id === null ? [] : [line.id])))
    await db.transaction().execute((trx) =>
      undoOrganisationImport(
        trx,
        createdIds,
        existing.filter((org) => touched.has(org.id)),
        invitedBefore,
        wave.id,
      ),
    )
    throw error
  }
  return { dryRun, written: true, created, updated, errors: [], rows: preview }
}
