import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linearRegex, regexPatternProblem } from './index'
import { backtrackingGrowth } from './backtracking'
import { parseRegex } from './parse'

const growth = (pattern: string, ignoreCase = false) => backtrackingGrowth(parseRegex(pattern, ignoreCase))

describe('regexPatternProblem', () => {
  it.each([
    ['^[0-9]{9}$', 'SIREN'],
    ['^[0-9]{14}$', 'SIRET'],
    ['^\\d{5}$', 'postal code'],
    ['^\\d{5}(-\\d{4})?$', 'ZIP+4'],
    ['^(?:\\+33|0)[1-9](?:[ .]?\\d{2}){4}$', 'French phone number'],
    ['^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$', 'e-mail, one dot-separated label per repetition'],
    ['^https?://\\S+$', 'web address'],
    ['^[a-z]+(?:-[a-z]+)*$', 'slug'],
    ['^[A-Z]{2}\\d{3}$', 'code'],
    ['^(a|ab)*c$', 'alternatives that never read the same text'],
    ['^.{0,1000}$', 'a length cap'],
    ['\\d+', 'unanchored, but done at its first digit'],
    ['^\\$\\.\\/$', 'escaped punctuation'],
    ['^[\\]\\-]$', 'escaped class members'],
    ['^(?<code>[A-Z]{3})$', 'named group'],
    ['^a*?b+?$', 'lazy quantifiers'],
    ['^\\bmot\\b$', 'word boundaries'],
    ['^[^]$', 'any unit'],
    ['^\\x41\\u00e9\\cJ\\0$', 'character escapes'],
  ])('accepts %s (%s)', (pattern) => {
    expect(regexPatternProblem(pattern, false)).toBeNull()
    expect(regexPatternProblem(pattern, true)).toBeNull()
  })

  it.each<[string, RegExp]>([
    // Invalid for JavaScript too: every later submit would have thrown.
    ['(', /^Expression régulière invalide : parenthèse « \( » non fermée \(caractère 1\)\.$/],
    ['a)', /^Expression régulière invalide : parenthèse fermante/],
    ['[a-', /^Expression régulière invalide : crochet « \[ » non fermé/],
    ['*a', /^Expression régulière invalide : rien à répéter avant « \* »/],
    ['a**', /^Expression régulière invalide : rien à répéter/],
    ['^*', /^Expression régulière invalide : rien à répéter/],
    ['a{2,1}', /^Expression régulière invalide : bornes de répétition dans le désordre : \{2,1\}\.$/],
    ['[z-a]', /^Expression régulière invalide : intervalle dans le désordre : « z-a »\.$/],
    ['a\\', /^Expression régulière invalide : « \\ » à la fin du motif\.$/],
    ['(?<n>a)(?<n>b)', /^Expression régulière invalide : .*(Duplicate|duplicate)/],
    // Beyond what the linear engine runs.
    ['(a)\\1', /^Expression régulière non prise en charge : les références arrière \(« \\1 »\)/],
    ['(?<n>a)\\k<n>', /^Expression régulière non prise en charge : les références arrière \(« \\k »\)/],
    ['a(?=b)', /^Expression régulière non prise en charge : les assertions \(\?=…\)/],
    ['(?<!a)b', /^Expression régulière non prise en charge : les assertions/],
    ['\\p{L}+', /^Expression régulière non prise en charge : échappement « \\p » inconnu/],
    ['(?i:a)', /^Expression régulière non prise en charge : groupe « \(\?i… » non pris en charge\.$/],
    ['[\\d-z]', /^Expression régulière non prise en charge : intervalle entre une classe/],
    ['a{1001}', /^Expression régulière non prise en charge : répétition \{1001\} au-delà de 1000\.$/],
    ['(?:a{100}){11}', /^Expression régulière non prise en charge : motif trop grand .*\(1100 positions, au-delà de 1000\)/],
    ['a'.repeat(501), /^Expression régulière non prise en charge : motif de 501 caractères, au-delà de 500\.$/],
    // Super-linear for a backtracking engine.
    ['^(a+)+$', /^Expression régulière refusée : des répétitions imbriquées.*exponentielle/],
    ['^(a|a)*$', /exponentielle/],
    ['^(a|aa)*$', /exponentielle/],
    ['^(\\d{1,3})+$', /exponentielle/],
    ['^((ab)*)*$', /exponentielle/],
    ['^(a?b?)*$', /exponentielle/],
    ['^\\w+([.-]?\\w+)*@\\w+([.-]?\\w+)*(\\.\\w{2,3})+$', /exponentielle/],
    ['^\\d+\\d+$', /^Expression régulière refusée : des répétitions qui peuvent lire le même texte.*de plus en plus lente/],
    ['^\\d*\\.?\\d*$', /de plus en plus lente/],
    ['^.*a.*b$', /de plus en plus lente/],
    ['^\\S+@\\S+\\.\\S+$', /de plus en plus lente/],
    ['\\d+x', /de plus en plus lente/],
    ['\\s+$', /de plus en plus lente/],
    [42 as unknown as string, /^Expression régulière invalide : le motif doit être un texte\.$/],
  ])('refuses %s', (pattern, message) => {
    expect(regexPatternProblem(pattern, false)).toMatch(message)
  })

  it('refuses what only the case-insensitive reading makes ambiguous', () => {
    expect(regexPatternProblem('^(a|A)*$', false)).toBeNull()
    expect(regexPatternProblem('^(a|A)*$', true)).toMatch(/exponentielle/)
    expect(regexPatternProblem('^[a-z]+[A-Z]+$', false)).toBeNull()
    expect(regexPatternProblem('^[a-z]+[A-Z]+$', true)).toMatch(/de plus en plus lente/)
  })
})

describe('backtrackingGrowth', () => {
  it.each<[string, ReturnType<typeof backtrackingGrowth>]>([
    ['^[0-9]{9}$', 'linear'],
    ['^(a|ab)*c$', 'linear'],
    // Not end-anchored: a loop over final states ends the search at its first failure.
    ['^(a|a)*', 'linear'],
    ['(a*)*', 'linear'],
    // …but not when the loop must be left for something else to match.
    ['^x(?:(a|a)*y)?', 'exponential'],
    ['^(a*)*$', 'exponential'],
    ['^(a+)+b', 'exponential'],
    ['^a*a*$', 'polynomial'],
    ['^a*ba*b$', 'linear'],
    ['[a-z]+@', 'polynomial'],
    ['^[a-z]+@', 'linear'],
  ])('%s grows %s', (pattern, expected) => {
    expect(growth(pattern)).toBe(expected)
  })

  it('reads the patterns that stall V8 as exponential (a test times nothing: the classes are checked by their structure)', () => {
    expect(growth('^(a+)+$')).toBe('exponential')
    expect(growth('^(a|aa)*$')).toBe('exponential')
  })
})

describe('linearRegex', () => {
  it.each([
    ['^(a+)+$', `${'a'.repeat(100_000)}b`],
    ['^(a|aa)*$', `${'a'.repeat(100_000)}b`],
    ['(x+x+)+y', 'x'.repeat(100_000)],
    ['^\\d+\\d+\\d+$', `${'1'.repeat(100_000)}x`],
  ])('tests %s against 100 000 characters in linear time', (pattern, input) => {
    const regex = linearRegex(pattern, false)!
    const started = performance.now()
    expect(regex.test(input)).toBe(false)
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it.each(['(', '(a)\\1', 'a(?=b)', '\\p{L}', 'a{5000}'])('gives no engine for %s, which it cannot run', (pattern) => {
    expect(linearRegex(pattern, false)).toBeNull()
  })

  // Random patterns of the accepted grammar against random texts: the same answer as JavaScript's
  // RegExp, with and without the `i` flag. Short texts keep the backtracking side bounded.
  const atom = fc.constantFrom('a', 'b', 'B', '.', '[ab]', '[^a]', '[a-c]', '\\d', '\\w', '\\W', '\\s', '\\S', '1', '-', '[^]', '[]', '\\.')
  const { pattern } = fc.letrec<{ pattern: string; term: string; piece: string }>((tie) => ({
    piece: fc.oneof(
      { weight: 4, arbitrary: atom },
      { weight: 1, arbitrary: tie('pattern').map((inner) => `(?:${inner})`) },
      { weight: 1, arbitrary: tie('pattern').map((inner) => `(${inner})`) },
    ),
    term: fc.oneof(
      { weight: 5, arbitrary: tie('piece') },
      { weight: 3, arbitrary: fc.tuple(tie('piece'), fc.constantFrom('*', '+', '?', '{2}', '{1,2}', '{0,}', '*?', '+?')).map(([p, q]) => p + q) },
      { weight: 1, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B') },
    ),
    pattern: fc.oneof(
      { weight: 3, arbitrary: fc.array(tie('term'), { minLength: 0, maxLength: 4 }).map((terms) => terms.join('')) },
      { weight: 1, arbitrary: fc.tuple(tie('pattern'), tie('pattern')).map(([a, b]) => `${a}|${b}`) },
    ),
  }))
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'c', '1', ' ', '\n', '-', 'é', 'É', '.'), maxLength: 8 })

  it('answers as RegExp.prototype.test does', () => {
    fc.assert(
      fc.property(pattern, text, fc.boolean(), (source, input, ignoreCase) => {
        const native = new RegExp(source, ignoreCase ? 'i' : '')
        expect(linearRegex(source, ignoreCase)!.test(input), `/${source}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(input)}`).toBe(native.test(input))
      }),
      { seed: 20261203, numRuns: 3000, maxSkipsPerRun: 0 },
    )
  })
})
