import { canonicalTableOf, has, isWordUnit, type CharSet } from './char-set'
import type { ParsedRegex, RegexNode } from './parse'

const CHAR = 0
const SPLIT = 1
const JMP = 2
const ASSERT = 3
const MATCH = 4

const ASSERTIONS = { '^': 0, $: 1, '\\b': 2, '\\B': 3 } as const

interface Program {
  op: number[]
  /** CHAR: index of the set; SPLIT, JMP: first target; ASSERT: which assertion. */
  a: number[]
  /** SPLIT: second target. */
  b: number[]
  sets: CharSet[]
  /** Per set, the ASCII units it holds, for the common case. */
  ascii: Uint8Array[]
}

function compile(root: RegexNode): Program {
  const program: Program = { op: [], a: [], b: [], sets: [], ascii: [] }
  const emit = (op: number, a = 0, b = 0): number => {
    program.op.push(op)
    program.a.push(a)
    program.b.push(b)
    return program.op.length - 1
  }
  const here = () => program.op.length

  const visit = (node: RegexNode): void => {
    switch (node.kind) {
      case 'chars': {
        const ascii = new Uint8Array(128)
        for (let unit = 0; unit < 128; unit++) ascii[unit] = has(node.set, unit) ? 1 : 0
        program.sets.push(node.set)
        program.ascii.push(ascii)
        emit(CHAR, program.sets.length - 1)
        return
      }
      case 'assert':
        emit(ASSERT, ASSERTIONS[node.what])
        return
      case 'seq':
        for (const item of node.items) visit(item)
        return
      case 'alt': {
        const jumps: number[] = []
        node.options.forEach((option, index) => {
          if (index === node.options.length - 1) return visit(option)
          const split = emit(SPLIT, here() + 1)
          visit(option)
          jumps.push(emit(JMP))
          program.b[split] = here()
        })
        for (const jump of jumps) program.a[jump] = here()
        return
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) visit(node.body)
        if (node.max === Infinity) {
          const split = emit(SPLIT, here() + 1)
          visit(node.body)
          emit(JMP, split)
          program.b[split] = here()
        } else {
          // Optional copies, each one skipping to the end: X{0,3} = (X(X(X)?)?)?
          const splits: number[] = []
          for (let i = node.min; i < node.max; i++) {
            splits.push(emit(SPLIT, here() + 1))
            visit(node.body)
          }
          for (const split of splits) program.b[split] = here()
        }
        return
      }
    }
  }
  visit(root)
  emit(MATCH)
  return program
}

/** A compiled pattern that answers `test` in time linear in the length of the input. */
export interface LinearRegex {
  test(input: string): boolean
}

/**
 * Compiles a parsed pattern for a Pike VM (Thompson's construction simulated breadth-first, as in
 * RE2 — Cox, "Regular Expression Matching: the Virtual Machine Approach", 2009): every position
 * of the input is read once, advancing all threads of the program together, so a test costs at
 * most (input length + 1) × (program size) steps whatever the pattern — `^(a+)+$` included. The
 * answer is the one JavaScript's `RegExp.prototype.test` gives for the same pattern and flag
 * (without capture groups nor back references, a backtracking search finds a match exactly when
 * one exists).
 */
export function compileLinear(parsed: ParsedRegex): LinearRegex {
  const program = compile(parsed.root)
  const size = program.op.length
  const marks = new Int32Array(size).fill(-1)
  const stack = new Int32Array(size * 2 + 2)
  let current = new Int32Array(size)
  let next = new Int32Array(size)
  const canonical = parsed.ignoreCase ? canonicalTableOf() : undefined

  return {
    test(input: string): boolean {
      marks.fill(-1)
      let currentCount = 0
      // Adds the threads reachable from `pc` without reading a unit; true when one matches.
      const add = (list: Int32Array, count: number, pc: number, pos: number): number => {
        let top = 0
        stack[top++] = pc
        while (top > 0) {
          const at = stack[--top]!
          if (marks[at] === pos) continue
          marks[at] = pos
          switch (program.op[at]!) {
            case CHAR:
              list[count++] = at
              break
            case SPLIT:
              stack[top++] = program.b[at]!
              stack[top++] = program.a[at]!
              break
            case JMP:
              stack[top++] = program.a[at]!
              break
            case ASSERT:
              if (holds(program.a[at]!, input, pos)) stack[top++] = at + 1
              break
            case MATCH:
              return -1
          }
        }
        return count
      }

      for (let pos = 0; pos <= input.length; pos++) {
        if (pos === 0 || !parsed.startAnchored) {
          currentCount = add(current, currentCount, 0, pos)
          if (currentCount < 0) return true
        }
        if (pos === input.length || currentCount === 0) {
          if (parsed.startAnchored) return false
          continue
        }
        const raw = input.charCodeAt(pos)
        const unit = canonical ? canonical[raw]! : raw
        let nextCount = 0
        for (let i = 0; i < currentCount; i++) {
          const pc = current[i]!
          const set = program.a[pc]!
          const matches = unit < 128 ? program.ascii[set]![unit] === 1 : has(program.sets[set]!, unit)
          if (!matches) continue
          nextCount = add(next, nextCount, pc + 1, pos + 1)
          if (nextCount < 0) return true
        }
        ;[current, next] = [next, current]
        currentCount = nextCount
      }
      return false
    },
  }
}

function holds(assertion: number, input: string, pos: number): boolean {
  switch (assertion) {
    case 0:
      return pos === 0
    case 1:
      return pos === input.length
    default: {
      const before = pos > 0 && isWordUnit(input.charCodeAt(pos - 1))
      const after = pos < input.length && isWordUnit(input.charCodeAt(pos))
      return assertion === 2 ? before !== after : before === after
    }
  }
}
