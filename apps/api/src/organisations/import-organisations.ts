import type { ImportResult } from '@sonde/contracts'
import {
  createInvitation,
  createOrganisation,
  findOrganisationsBySirenOrEmail,
  invitedOrganisationIds,
  listFamilies,
  recordAudit,
  updateOrganisation,
  type Db,
  type WaveRow,
} from '@sonde/db'
import { parseOrganisationsCsv, type ImportRow } from './import-csv'

/**
 * Imports a member file into a wave, all or nothing: reads and checks every line first
 * (`parseOrganisationsCsv`, which throws ImportFileError for an unreadable file), plans an update
 * for each organisation already known by SIREN, then by e-mail, and a creation for the others;
 * writes only when asked and when no line is bad — in one transaction, inviting each organisation
 * to the wave. Shared by the console and `pnpm sonde import-organisations`.
 */
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

  await db.transaction().execute(async (trx) => {
    const invited = await invitedOrganisationIds(trx, wave.id)
    for (const { row, target } of planned) {
      const fields = { name: row.name, email: row.email, siren: row.siren, region: row.region, familyKeys: row.familyKeys }
      const org = target ? await updateOrganisation(trx, target.id, fields) : await createOrganisation(trx, fields)
      if (!invited.has(org.id)) {
        await createInvitation(trx, options.linkSecret, wave.id, org.id)
        invited.add(org.id)
      }
    }
    await recordAudit(trx, {
      actorType: options.actor.type,
      actorId: options.actor.id,
      waveId: wave.id,
      action: 'organisations.import',
      details: { created, updated, lines: rows.length },
    })
  })
  return { dryRun, written: true, created, updated, errors: [], rows: preview }
}
