import { randomBytes } from 'node:crypto'
import { anyWaveExists, countUsers, createInvitation, createOrganisation, createUser, findDemoInvitationNonce, type Db } from '@sonde/db'
import { hashPassword } from '../accounts/password'
import { linksOf, type LinkOptions } from '../plugins/links'
import { createWaveWithDefaults } from '../waves/new-wave'

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
  if (options.demo && !(await anyWaveExists(db))) {
    await db.transaction().execute(async (trx) => {
      const wave = await createWaveWithDefaults(trx, {
        slug: 'enquete-2025',
        title: 'Enquête ESS numérique 2025 (démonstration)',
        status: 'open',
        isDemo: true,
      })
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
export async function demoInvitationLink(db: Db, links: LinkOptions): Promise<string | null> {
  const nonce = await findDemoInvitationNonce(db)
  return nonce === undefined ? null : linksOf(links).invitation(nonce)
}
