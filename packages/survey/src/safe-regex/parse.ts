import { ANY, canonicalImage, canonicalUnitsOf, complement, DIGIT, DOT, fromRanges, intersect, SPACE, union, WORD, type CharSet } from './char-set'

/**
 * A pattern as the linear-time engine and the backtracking check read it. Character sets are
 * already in the space the match compares: code units, or their canonical forms when the pattern
 * ignores case.
 */
export type RegexNode =
  | { kind: 'chars'; set: CharSet }
  | { kind: 'assert'; what: '^' | '$' | '\\b' | '\\B' }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }

export interface ParsedRegex {
  root: RegexNode
  ignoreCase: boolean
  /** Every alternative starts with `^`: a search tries the first position only. */
  startAnchored: boolean
  /** No `$`, `\b` nor `\B`: reaching the end of the pattern is a match, whatever follows. */
  endFree: boolean
  /** Character positions once bounded repetitions are written out: the size of the work per input unit. */
  positions: number
}

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 500
/** Largest bound of a repetition (`{n,m}`). */
export const MAX_REPEAT = 1000
/** Largest pattern once repetitions are written out: the matcher's work per character of the answer. */
export const MAX_POSITIONS = 1000

/** Why a pattern is refused: `syntax` (JavaScript would refuse it too), `unsupported` or `size`. */
export class RegexProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'unsupported' | 'size' | 'backtracking',
  ) {
    super(message)
    this.name = 'RegexProblem'
  }
}

const syntax = (message: string) => new RegexProblem(message, 'syntax')
const unsupported = (message: string) => new RegexProblem(message, 'unsupported')

const CONTROL_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d }
const CLASS_ESCAPES: Record<string, CharSet> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
}
const BRACED_QUANTIFIER = /^\{(\d+)(?:(,)(\d*))?\}/

/**
 * Parses a regular expression as JavaScript reads it without the `u` flag (ECMA-262 22.2 with
 * Annex B), restricted to what a linear-time engine can run: characters, classes, `.`, groups,
 * alternatives, quantifiers (greedy or lazy) and the assertions `^ $ \b \B`. Back references and
 * lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`) are refused, as are escapes JavaScript reads as
 * something else than meant without `u` (`\p{L}` is the letters `p{L}` there).
 */
export function parseRegex(pattern: string, ignoreCase: boolean): ParsedRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new RegexProblem(`motif de ${pattern.length} caractères, au-delà de ${MAX_PATTERN_LENGTH}`, 'size')
  }
  const parser = new Parser(pattern, ignoreCase)
  const root = parser.parse()
  const positions = countPositions(root)
  if (positions > MAX_POSITIONS) {
    throw new RegexProblem(`motif trop grand une fois les répétitions développées (${positions} positions, au-delà de ${MAX_POSITIONS})`, 'size')
  }
  return { root, ignoreCase, startAnchored: startsAnchored(root), endFree: !hasEndAssertion(root), positions }
}

function countPositions(node: RegexNode): number {
  switch (node.kind) {
    case 'chars':
      return 1
    case 'assert':
      return 0
    case 'seq':
      return node.items.reduce((sum, item) => sum + countPositions(item), 0)
    case 'alt':
      return node.options.reduce((sum, option) => sum + countPositions(option), 0)
    case 'repeat':
      return countPositions(node.body) * (node.max === Infinity ? node.min + 1 : node.max)
  }
}

function startsAnchored(node: RegexNode): boolean {
  if (node.kind === 'alt') return node.options.every(startsAnchored)
  if (node.kind === 'seq') return node.items.length > 0 && startsAnchored(node.items[0]!)
  return node.kind === 'assert' && node.what === '^'
}

function hasEndAssertion(node: RegexNode): boolean {
  switch (node.kind) {
    case 'assert':
      return node.what !== '^'
    case 'seq':
      return node.items.some(hasEndAssertion)
    case 'alt':
      return node.options.some(hasEndAssertion)
    case 'repeat':
      return hasEndAssertion(node.body)
    default:
      return false
  }
}

/** A character of an error message: visible, even when it is a control character. */
function shown(text: string): string {
  let out = ''
  for (const char of text) out += char < ' ' ? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char
  return out
}

class Parser {
  private pos = 0

  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): RegexNode {
    const node = this.disjunction()
    if (this.pos < this.src.length) throw syntax(`parenthèse fermante « ) » sans ouvrante (caractère ${this.pos + 1})`)
    return node
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset]
  }

  private disjunction(): RegexNode {
    const options = [this.alternative()]
    while (this.peek() === '|') {
      this.pos++
      options.push(this.alternative())
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options }
  }

  private alternative(): RegexNode {
    const items: RegexNode[] = []
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.term())
    return items.length === 1 ? items[0]! : { kind: 'seq', items }
  }

  private term(): RegexNode {
    const c = this.peek()!
    if (c === '^' || c === '$') {
      this.pos++
      this.refuseQuantifier(c)
      return { kind: 'assert', what: c }
    }
    if (c === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.pos += 2
      const what = this.peek(-1) === 'b' ? '\\b' : '\\B'
      this.refuseQuantifier(what)
      return { kind: 'assert', what }
    }
    if (
      this.src.startsWith('(?=', this.pos) ||
      this.src.startsWith('(?!', this.pos) ||
      this.src.startsWith('(?<=', this.pos) ||
      this.src.startsWith('(?<!', this.pos)
    ) {
      throw unsupported('les assertions (?=…), (?!…), (?<=…) et (?<!…) ne sont pas prises en charge')
    }
    return this.quantified(this.atom())
  }

  /** JavaScript refuses a quantifier after an assertion or another quantifier ("nothing to repeat"). */
  private refuseQuantifier(after: string): void {
    const c = this.peek()
    if (c === '*' || c === '+' || c === '?' || (c === '{' && BRACED_QUANTIFIER.test(this.src.slice(this.pos)))) {
      throw syntax(`rien à répéter avant « ${c} » (après « ${after} »)`)
    }
  }

  private quantified(atom: RegexNode): RegexNode {
    const start = this.pos
    let min: number
    let max: number
    const c = this.peek()
    if (c === '*') [min, max] = [0, Infinity]
    else if (c === '+') [min, max] = [1, Infinity]
    else if (c === '?') [min, max] = [0, 1]
    else if (c === '{') {
      const braced = BRACED_QUANTIFIER.exec(this.src.slice(this.pos))
      if (!braced) return atom
      min = Number(braced[1])
      max = braced[2] === undefined ? min : braced[3] === '' ? Infinity : Number(braced[3])
      if (max < min) throw syntax(`bornes de répétition dans le désordre : ${braced[0]}`)
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
        throw new RegexProblem(`répétition ${braced[0]} au-delà de ${MAX_REPEAT}`, 'size')
      }
      this.pos += braced[0].length - 1
    } else return atom
    this.pos++
    // Lazy or greedy: the same strings match, and a test only asks whether one does.
    if (this.peek() === '?') this.pos++
    this.refuseQuantifier(this.src.slice(start, this.pos))
    return { kind: 'repeat', body: atom, min, max }
  }

  private atom(): RegexNode {
    const c = this.peek()!
    switch (c) {
      case '.':
        this.pos++
        return this.chars(DOT)
      case '(':
        return this.group()
      case '[':
        return this.characterClass()
      case '\\':
        return this.atomEscape()
      case '*':
      case '+':
      case '?':
        throw syntax(`rien à répéter avant « ${c} » (caractère ${this.pos + 1})`)
      case '{':
        if (BRACED_QUANTIFIER.test(this.src.slice(this.pos))) throw syntax(`rien à répéter avant « { » (caractère ${this.pos + 1})`)
    }
    this.pos++
    return this.literal(c.charCodeAt(0))
  }

  private group(): RegexNode {
    const open = this.pos
    if (this.src.startsWith('(?:', this.pos)) this.pos += 3
    else if (this.src.startsWith('(?<', this.pos)) {
      const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(this.src.slice(this.pos))
      if (!named) throw syntax(`nom de groupe invalide (caractère ${open + 1})`)
      this.pos += named[0].length
    } else if (this.peek(1) === '?') {
      throw unsupported(`groupe « ${shown(this.src.slice(this.pos, this.pos + 3))}… » non pris en charge`)
    } else this.pos++
    const body = this.disjunction()
    if (this.peek() !== ')') throw syntax(`parenthèse « ( » non fermée (caractère ${open + 1})`)
    this.pos++
    return body
  }

  private atomEscape(): RegexNode {
    const c = this.peek(1)
    if (c === undefined) throw syntax('« \\ » à la fin du motif')
    const classSet = CLASS_ESCAPES[c]
    if (classSet) {
      this.pos += 2
      return this.chars(classSet)
    }
    return this.literal(this.characterEscape(false))
  }

  /** The code unit of an escape `\…` at the current position (outside or inside a class). */
  private characterEscape(inClass: boolean): number {
    const c = this.peek(1)!
    const at = this.pos + 1
    if (c === '0' && !/[0-9]/.test(this.peek(2) ?? '')) {
      this.pos += 2
      return 0
    }
    if (/[0-9]/.test(c) || c === 'k') {
      throw unsupported(`les références arrière (« \\${c} ») ne sont pas prises en charge`)
    }
    if (c in CONTROL_ESCAPES) {
      this.pos += 2
      return CONTROL_ESCAPES[c]!
    }
    if (inClass && c === 'b') {
      this.pos += 2
      return 0x08
    }
    if (c === 'c') {
      const letter = this.peek(2)
      if (letter === undefined || !/[A-Za-z]/.test(letter)) throw unsupported('échappement « \\c » sans lettre')
      this.pos += 3
      return letter.charCodeAt(0) % 32
    }
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4
      const hex = this.src.slice(this.pos + 2, this.pos + 2 + digits)
      if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) {
        throw unsupported(`échappement « \\${c} » incomplet (caractère ${at}) : ${c === 'x' ? '\\xHH' : '\\uHHHH'} attendu`)
      }
      this.pos += 2 + digits
      return parseInt(hex, 16)
    }
    if (/[A-Za-z]/.test(c)) throw unsupported(`échappement « \\${c} » inconnu ou non pris en charge`)
    // An escaped punctuation or other character stands for itself.
    this.pos += 2
    return this.src.charCodeAt(at)
  }

  private characterClass(): RegexNode {
    const open = this.pos
    this.pos++
    const negated = this.peek() === '^'
    if (negated) this.pos++
    const parts: CharSet[] = []
    for (;;) {
      const c = this.peek()
      if (c === undefined) throw syntax(`crochet « [ » non fermé (caractère ${open + 1})`)
      if (c === ']') {
        this.pos++
        break
      }
      const from = this.classAtom()
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.pos++
        const to = this.classAtom()
        if (typeof from !== 'number' || typeof to !== 'number') {
          throw unsupported('intervalle entre une classe (\\d, \\w, \\s…) et un caractère : placez le tiret en dernier ou échappez-le (\\-)')
        }
        if (from > to) {
          throw syntax(`intervalle dans le désordre : « ${shown(String.fromCharCode(from))}-${shown(String.fromCharCode(to))} »`)
        }
        parts.push([from, to])
      } else parts.push(typeof from === 'number' ? [from, from] : from)
    }
    const set = union(...parts)
    if (!this.ignoreCase) return { kind: 'chars', set: negated ? complement(set) : set }
    // ECMA-262 CharacterSetMatcher: a negated class refuses every unit whose canonical form is in the image.
    return { kind: 'chars', set: negated ? intersect(complement(canonicalImage(set)), canonicalUnitsOf()) : canonicalImage(set) }
  }

  private classAtom(): number | CharSet {
    const c = this.peek()!
    if (c !== '\\') {
      this.pos++
      return c.charCodeAt(0)
    }
    const next = this.peek(1)
    if (next === undefined) throw syntax('« \\ » à la fin du motif')
    const classSet = CLASS_ESCAPES[next]
    if (classSet) {
      this.pos += 2
      return classSet
    }
    if (next === '-') {
      this.pos += 2
      return 0x2d
    }
    return this.characterEscape(true)
  }

  private literal(unit: number): RegexNode {
    return this.chars(fromRanges([[unit, unit]]))
  }

  private chars(set: CharSet): RegexNode {
    return { kind: 'chars', set: this.ignoreCase ? canonicalImage(set) : set }
  }
}

/** Every unit: a search may start anywhere (the implicit `[^]*?` before an unanchored pattern). */
export function anyUnit(ignoreCase: boolean): CharSet {
  return ignoreCase ? canonicalUnitsOf() : ANY
}
