// Expressions between SurveyJS (`{q} contains 'x' and {n} > 3`) and XLSForm's XPath subset
// (`selected(${q}, 'x') and ${n} > 3`), through one small syntax tree so that a translation either
// means the same thing or is refused (null, or a problem naming what cannot be read).

type Node =
  | { kind: 'var'; name: string }
  | { kind: 'self' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; raw: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node }
  | { kind: 'not'; arg: Node }
  | { kind: 'negate'; arg: Node }
  | { kind: 'empty'; arg: Node; negated: boolean }
  | { kind: 'call'; name: string; args: Node[] }

type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'contains' | 'notcontains' | 'anyof' | 'allof'

interface Token {
  type: 'var' | 'self' | 'string' | 'number' | 'word' | 'op' | '(' | ')' | ','
  text: string
}

class SyntaxProblem extends Error {}

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  contains: 4,
  notcontains: 4,
  anyof: 4,
  allof: 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
}

function tokenize(text: string, dialect: 'surveyjs' | 'xlsform'): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (dialect === 'surveyjs' && c === '{') {
      const end = text.indexOf('}', i)
      if (end < 0) throw new SyntaxProblem('accolade non fermée')
      tokens.push({ type: 'var', text: text.slice(i + 1, end).trim() })
      i = end + 1
      continue
    }
    if (dialect === 'xlsform' && c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i)
      if (end < 0) throw new SyntaxProblem('accolade non fermée')
      tokens.push({ type: 'var', text: text.slice(i + 2, end).trim() })
      i = end + 1
      continue
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      if (end < 0) throw new SyntaxProblem('guillemet non fermé')
      tokens.push({ type: 'string', text: text.slice(i + 1, end) })
      i = end + 1
      continue
    }
    const number = /^\d+(\.\d+)?/.exec(text.slice(i))
    if (number) {
      tokens.push({ type: 'number', text: number[0] })
      i += number[0].length
      continue
    }
    if (dialect === 'xlsform' && c === '.' && text[i + 1] !== '.') {
      tokens.push({ type: 'self', text: '.' })
      i++
      continue
    }
    const op = /^(<=|>=|!=|<>|==|=|<|>|\+|-|\*|\/|%|!)/.exec(text.slice(i))
    if (op) {
      tokens.push({ type: 'op', text: op[0] })
      i += op[0].length
      continue
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c })
      i++
      continue
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))
    if (word) {
      tokens.push({ type: 'word', text: word[0] })
      i += word[0].length
      continue
    }
    throw new SyntaxProblem(`caractère « ${c} » inattendu`)
  }
  return tokens
}

function parse(text: string, dialect: 'surveyjs' | 'xlsform'): Node {
  const tokens = tokenize(text, dialect)
  let position = 0
  const peek = () => tokens[position]
  const next = () => {
    const token = tokens[position++]
    if (!token) throw new SyntaxProblem('expression incomplète')
    return token
  }

  const binaryOperator = (token: Token | undefined): BinaryOp | null => {
    if (!token) return null
    const text = token.type === 'word' ? token.text.toLowerCase() : token.type === 'op' ? token.text : null
    if (text === null) return null
    if (text === '==' || (dialect === 'surveyjs' && text === '=')) return '='
    if (text === '<>' && dialect === 'surveyjs') return '!='
    if (dialect === 'xlsform' && text === 'div') return '/'
    if (dialect === 'xlsform' && text === 'mod') return '%'
    if (dialect === 'surveyjs' && ['contains', 'notcontains', 'anyof', 'allof'].includes(text)) return text as BinaryOp
    if (['or', 'and', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*'].includes(text)) return text as BinaryOp
    if (dialect === 'surveyjs' && (text === '/' || text === '%')) return text as BinaryOp
    return null
  }

  const primary = (): Node => {
    const token = next()
    switch (token.type) {
      case 'var':
        if (!token.text) throw new SyntaxProblem('nom de question vide')
        return { kind: 'var', name: token.text }
      case 'self':
        return { kind: 'self' }
      case 'string':
        return { kind: 'string', value: token.text }
      case 'number':
        return { kind: 'number', raw: token.text }
      case '(': {
        const inner = expression(0)
        if (peek()?.type !== ')') throw new SyntaxProblem('parenthèse non fermée')
        next()
        return inner
      }
      case 'op':
        if (token.text === '-') return { kind: 'negate', arg: unary() }
        if (token.text === '!' && dialect === 'surveyjs') return { kind: 'not', arg: unary() }
        throw new SyntaxProblem(`« ${token.text} » inattendu`)
      case 'word': {
        const word = token.text
        if (peek()?.type === '(') {
          next()
          const args: Node[] = []
          if (peek()?.type !== ')') {
            for (;;) {
              args.push(expression(0))
              const separator = next()
              if (separator.type === ')') break
              if (separator.type !== ',') throw new SyntaxProblem('virgule ou parenthèse attendue')
            }
          } else next()
          return { kind: 'call', name: word, args }
        }
        if (dialect === 'surveyjs' && (word === 'true' || word === 'false')) return { kind: 'boolean', value: word === 'true' }
        if (dialect === 'surveyjs' && word === 'not') return { kind: 'not', arg: unary() }
        throw new SyntaxProblem(`« ${word} » inattendu`)
      }
      default:
        throw new SyntaxProblem(`« ${token.text} » inattendu`)
    }
  }

  const unary = (): Node => {
    let node = primary()
    // SurveyJS writes emptiness after the operand: `{q} empty`, `{q} notempty`.
    while (dialect === 'surveyjs' && peek()?.type === 'word' && ['empty', 'notempty'].includes(peek()!.text.toLowerCase())) {
      node = { kind: 'empty', arg: node, negated: next().text.toLowerCase() === 'notempty' }
    }
    return node
  }

  const expression = (minimum: number): Node => {
    let left = unary()
    for (;;) {
      const op = binaryOperator(peek())
      if (!op || PRECEDENCE[op]! <= minimum) break
      next()
      const right = expression(PRECEDENCE[op]!)
      left = { kind: 'binary', op, left, right }
    }
    return left
  }

  if (tokens.length === 0) throw new SyntaxProblem('expression vide')
  const tree = expression(0)
  if (position < tokens.length) throw new SyntaxProblem(`« ${tokens[position]!.text} » inattendu`)
  return tree
}

function quote(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`
}

const isEmptyString = (node: Node) => node.kind === 'string' && node.value === ''

/** SurveyJS tree from an XLSForm tree: `selected()`, `not()`, `= ''`, `true()` become SurveyJS operators. */
function fromXlsFormTree(node: Node): Node {
  switch (node.kind) {
    case 'binary': {
      if ((node.op === '=' || node.op === '!=') && isEmptyString(node.right)) {
        return { kind: 'empty', arg: fromXlsFormTree(node.left), negated: node.op === '!=' }
      }
      return { ...node, left: fromXlsFormTree(node.left), right: fromXlsFormTree(node.right) }
    }
    case 'negate':
      return { kind: 'negate', arg: fromXlsFormTree(node.arg) }
    case 'call': {
      const args = node.args.map(fromXlsFormTree)
      if (node.name === 'selected' && args.length === 2) return { kind: 'binary', op: 'contains', left: args[0]!, right: args[1]! }
      if (node.name === 'not' && args.length === 1) {
        const inner = args[0]!
        if (inner.kind === 'binary' && inner.op === 'contains') return { ...inner, op: 'notcontains' }
        if (inner.kind === 'empty') return { ...inner, negated: !inner.negated }
        return { kind: 'not', arg: inner }
      }
      if ((node.name === 'true' || node.name === 'false') && args.length === 0) return { kind: 'boolean', value: node.name === 'true' }
      throw new SyntaxProblem(`fonction « ${node.name} » non prise en charge`)
    }
    default:
      return node
  }
}

function printTree(node: Node, dialect: 'surveyjs' | 'xlsform', self: string | null, parent = 0): string {
  const print = (child: Node, level = 0) => printTree(child, dialect, self, level)
  switch (node.kind) {
    case 'var':
      if (dialect === 'xlsform') return node.name === self ? '.' : `\${${node.name}}`
      return `{${node.name}}`
    case 'self':
      if (self === null) throw new SyntaxProblem('« . » ne peut servir que dans une contrainte')
      return dialect === 'xlsform' ? '.' : `{${self}}`
    case 'string':
      return quote(node.value)
    case 'number':
      return node.raw
    case 'boolean':
      return dialect === 'xlsform' ? quote(String(node.value)) : String(node.value)
    case 'negate':
      return `-${print(node.arg, 7)}`
    case 'not':
      return dialect === 'xlsform' ? `not(${print(node.arg)})` : `!(${print(node.arg)})`
    case 'empty':
      if (dialect === 'xlsform') return wrap(`${print(node.arg, 3)} ${node.negated ? '!=' : '='} ''`, 3, parent)
      return wrap(`${print(node.arg, 7)} ${node.negated ? 'notempty' : 'empty'}`, 4, parent)
    case 'call':
      if (dialect === 'xlsform') throw new SyntaxProblem(`fonction « ${node.name} » sans équivalent XLSForm`)
      return `${node.name}(${node.args.map((a) => print(a)).join(', ')})`
    case 'binary': {
      const level = PRECEDENCE[node.op]!
      if (dialect === 'xlsform') {
        if (node.op === 'contains' || node.op === 'notcontains') {
          const call = `selected(${print(node.left)}, ${print(node.right)})`
          return node.op === 'contains' ? call : `not(${call})`
        }
        if (node.op === 'anyof' || node.op === 'allof') throw new SyntaxProblem(`« ${node.op} » sans équivalent XLSForm`)
      }
      const symbol = dialect === 'xlsform' ? (({ '/': 'div', '%': 'mod' } as Record<string, string>)[node.op] ?? node.op) : node.op === '!=' ? '<>' : node.op
      return wrap(`${print(node.left, level - 0.5)} ${symbol} ${print(node.right, level)}`, level, parent)
    }
  }
}

function wrap(text: string, level: number, parent: number): string {
  return level <= parent ? `(${text})` : text
}

function variables(node: Node, into: Set<string>): Set<string> {
  switch (node.kind) {
    case 'var':
      into.add(node.name)
      break
    case 'binary':
      variables(node.left, into)
      variables(node.right, into)
      break
    case 'not':
    case 'negate':
    case 'empty':
      variables(node.arg, into)
      break
    case 'call':
      for (const arg of node.args) variables(arg, into)
      break
    default:
      break
  }
  return into
}

/**
 * A SurveyJS expression in XLSForm's syntax (`{q}` → `${q}`, `contains` → `selected()`,
 * `empty` → `= ''`, `<>` → `!=`, `/` → `div`, booleans as the `'true'`/`'false'` choices Sonde's
 * yes/no questions take in a spreadsheet), with `self` written `.` (constraints); null when the
 * expression uses what XLSForm cannot say (`anyof`, `allof`, SurveyJS functions) or does not parse.
 */
export function toXlsFormExpression(expression: string, self: string | null = null): string | null {
  try {
    return printTree(parse(expression, 'surveyjs'), 'xlsform', self)
  } catch (error) {
    if (error instanceof SyntaxProblem) return null
    throw error
  }
}

/**
 * An XLSForm expression in SurveyJS's syntax (the inverse of `toXlsFormExpression`), with `.`
 * read as the question `self`, or the reason it cannot be read (French) — a syntax error, a
 * function other than `selected`, `not`, `true`, `false`.
 */
export function fromXlsFormExpression(expression: string, self: string | null = null): { expression: string; names: string[] } | { problem: string } {
  try {
    const tree = fromXlsFormTree(parse(expression, 'xlsform'))
    return { expression: printTree(tree, 'surveyjs', self), names: [...variables(tree, new Set())] }
  } catch (error) {
    if (error instanceof SyntaxProblem) return { problem: error.message }
    throw error
  }
}
