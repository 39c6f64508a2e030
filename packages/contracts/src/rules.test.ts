import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { EmailSchema, PasswordSchema } from './fields'
import { isEmailAddress, isPasswordLengthValid, isValidSiren } from './rules'

describe('isValidSiren', () => {
  it.each([
    ['732829320', true],
    ['552100554', true],
    ['123456789', false],
    ['73282932', false],
    ['73282932A', false],
  ])('%s → %s', (siren, valid) => expect(isValidSiren(siren)).toBe(valid))
})

describe('one e-mail rule for the API, the member file, the command line and the forms', () => {
  it.each([
    ['a@example.org', true],
    ['Prenom.Nom+enquete@asso-numerique.fr', true],
    ['contact@sous.domaine.example.org', true],
    ['pas-un-courriel', false],
    ['a@localhost', false],
    ['a b@example.org', false],
    ['a@example.o', false],
    ['éric@example.org', false],
    ['<a@example.org>', false],
    [`${'a'.repeat(250)}@example.org`, false],
  ])('%s → %s', (address, accepted) => {
    expect(isEmailAddress(address)).toBe(accepted)
    // The zod field checks the very same rule (after trimming and lower-casing).
    expect(EmailSchema.safeParse(address).success).toBe(accepted)
  })

  it('accepts what zod’s own e-mail check accepts, and nothing else, on these addresses', () => {
    const zodDefault = z.email()
    for (const address of ['a@example.org', 'x.y_z@ex-ample.co', 'a..b@example.org', '.a@example.org', 'a@-example.org', 'a@example.org.']) {
      expect(isEmailAddress(address)).toBe(zodDefault.safeParse(address).success)
    }
  })
})

describe('the password rule', () => {
  it.each([
    ['7 characters', 'x'.repeat(7), false],
    ['8 characters', 'x'.repeat(8), true],
    ['128 characters', 'x'.repeat(128), true],
    ['129 characters', 'x'.repeat(129), false],
  ])('%s → %s', (_label, password, accepted) => {
    expect(isPasswordLengthValid(password)).toBe(accepted)
    expect(PasswordSchema.safeParse(password).success).toBe(accepted)
  })
})
