import { randomBytes } from 'node:crypto'
import {
  countUsers,
  createInvitation,
  createOrganisation,
  createUser,
  createWave,
  invitationToken,
  replaceFamilies,
  replaceIndicatorDefinitions,
  saveQuestionnaire,
  type Db,
  type JsonValue,
} from '@sonde/db'
import { defaultIndicators } from '@sonde/analysis'
import { defaultQuestionnaire } from '@sonde/survey'
import { hashPassword } from '../routes/auth/password'
import { defaultFamilies } from './families'

const demoOrganisations = [
  { name: 'Atelier Numérique Solidaire (démo)', region: 'hauts_de_france', familyKeys: ['insertion'] },
  { name: 'Recyclerie Informatique du Val (démo)', region: 'auvergne_rhone_alpes', familyKeys: ['reemploi', 'insertion'] },
  { name: 'Médiation Numérique pour Tous (démo)', region: 'occitanie', familyKeys: ['inclusion'] },
  { name: 'Données Ouvertes en Commun (démo)', region: 'ile_de_france', familyKeys: ['communs'] },
  { name: 'Coopérative des Livreurs Équitables (démo)', region: 'nouvelle_aquitaine', familyKeys: ['plateformes'] },
  { name: 'Mesure & Sobriété (démo)', region: 'bretagne', familyKeys: ['mesure'] },
]

export interface SeedResult {
  /** Set when the admin was created now; `password` only when it was generated (shown once). */
  admin: { email: string; generatedPassword: string | null } | null
  demoWaveCreated: boolean
}

/**
 * On an empty database: the admin user (password from the configuration, or generated and
 * returned to be printed once), and, when asked, the demo wave — open, with the 2025
 * questionnaire, the six families, the default indicators and six invited organisations.
 */
export async function seedIfEmpty(
  db: Db,
  options: { adminEmail: string; adminPassword: string | undefined; demo: boolean; linkSecret: string },
): Promise<SeedResult> {
  const result: SeedResult = { admin: null, demoWaveCreated: false }
  if ((await countUsers(db)) === 0) {
    const generatedPassword = options.adminPassword ? null : randomBytes(12).toString('base64url')
    const password = options.adminPassword ?? generatedPassword!
    await createUser(db, { email: options.adminEmail, passwordHash: await hashPassword(password), role: 'admin' })
    result.admin = { email: options.adminEmail.toLowerCase(), generatedPassword }
  }
  const anyWave = await db.selectFrom('waves').select('id').limit(1).executeTakeFirst()
  if (options.demo && !anyWave) {
    await db.transaction().execute(async (trx) => {
      const wave = await createWave(trx, {
        slug: 'enquete-2025',
        title: 'Enquête ESS numérique 2025 (démonstration)',
        status: 'open',
        isDemo: true,
      })
      await replaceFamilies(trx, wave.id, [...defaultFamilies])
      await saveQuestionnaire(trx, wave.id, defaultQuestionnaire as JsonValue)
      await replaceIndicatorDefinitions(
        trx,
        wave.id,
        defaultIndicators.map((d) => ({ id: d.id, definition: d as unknown as JsonValue })),
      )
      for (const org of demoOrganisations) {
        const created = await createOrganisation(trx, org)
        await createInvitation(trx, options.linkSecret, wave.id, created.id)
      }
    })
    result.demoWaveCreated = true
  }
  return result
}

/**
 * The link of the first demo organisation that has not submitted, printed at every start (the
 * same link each time: tokens are rebuilt from the link secret). Null when there is no open
 * demo wave or every demo organisation has submitted.
 */
export async function demoInvitationLink(db: Db, baseUrl: string, linkSecret: string): Promise<string | null> {
  const invitation = await db
    .selectFrom('invitations as i')
    .innerJoin('waves as w', 'w.id', 'i.wave_id')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .innerJoin('responses as r', (join) =>
      join.onRef('r.wave_id', '=', 'i.wave_id').onRef('r.organisation_id', '=', 'i.organisation_id'),
    )
    .select('i.token_nonce')
    .where('w.is_demo', '=', true)
    .where('w.status', '=', 'open')
    .where('r.status', '!=', 'submitted')
    .where('i.revoked_at', 'is', null)
    .orderBy('o.name')
    .limit(1)
    .executeTakeFirst()
  if (!invitation) return null
  return `${baseUrl}/r/${invitationToken(linkSecret, invitation.token_nonce)}`
}
