import { intersect, overlaps, type CharSet } from './char-set'
import { anyUnit, type ParsedRegex, type RegexNode } from './parse'

/** How the work of a backtracking engine (every browser's) can grow with the length of the input. */
export type BacktrackingGrowth = 'linear' | 'polynomial' | 'exponential' | 'unknown'

/** Steps the check may take before it gives up on a pattern (then refused as too complex). */
const STEP_BUDGET = 2_000_000

interface Automaton {
  /** Label of each state: the units read to enter it. State 0 is the start. */
  labels: CharSet[]
  /** Edges with their multiplicity: two ways to go from p to q on the same unit are two paths. */
  edges: Map<number, number>[]
  finals: Set<number>
}

interface Fragment {
  nullable: boolean
  first: number[]
  last: number[]
}

/**
 * The position (Glushkov) automaton of a pattern, with bounded repetitions written out and
 * assertions read as always true (which only adds paths). An edge added twice — `(a*)*` links a
 * to a through the inner and the outer loop — keeps its multiplicity: a backtracking engine tries
 * both.
 */
function positionAutomaton(parsed: ParsedRegex): Automaton {
  const labels: CharSet[] = [anyUnit(parsed.ignoreCase)]
  const edges: Map<number, number>[] = [new Map()]
  const link = (from: readonly number[], to: readonly number[]) => {
    for (const p of from) for (const q of to) edges[p]!.set(q, (edges[p]!.get(q) ?? 0) + 1)
  }
  const seq = (a: Fragment, b: Fragment): Fragment => {
    link(a.last, b.first)
    return {
      nullable: a.nullable && b.nullable,
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
    }
  }
  const empty: Fragment = { nullable: true, first: [], last: [] }
  const visit = (node: RegexNode): Fragment => {
    switch (node.kind) {
      case 'chars':
        labels.push(node.set)
        edges.push(new Map())
        return { nullable: false, first: [labels.length - 1], last: [labels.length - 1] }
      case 'assert':
        return empty
      case 'seq':
        return node.items.reduce((acc, item) => seq(acc, visit(item)), empty)
      case 'alt': {
        const options = node.options.map(visit)
        return {
          nullable: options.some((o) => o.nullable),
          first: options.flatMap((o) => o.first),
          last: options.flatMap((o) => o.last),
        }
      }
      case 'repeat': {
        let result = empty
        for (let i = 0; i < node.min; i++) result = seq(result, visit(node.body))
        if (node.max === Infinity) {
          const loop = visit(node.body)
          link(loop.last, loop.first)
          return seq(result, { ...loop, nullable: true })
        }
        // X{0,k} as (X(X(X)?)?)?: nested, so that one string has one way through.
        const copies = Array.from({ length: node.max - node.min }, () => visit(node.body))
        let optional = empty
        for (let i = copies.length - 1; i >= 0; i--) optional = { ...seq(copies[i]!, optional), nullable: true }
        return seq(result, optional)
      }
    }
  }
  const whole = visit(parsed.root)
  link([0], whole.first)
  // An unanchored search starts again at each position: the start loops on any unit.
  if (!parsed.startAnchored) link([0], [0])
  const finals = new Set(whole.last)
  if (whole.nullable) finals.add(0)
  return { labels, edges, finals }
}

/** Strongly connected components (Tarjan, iterative), as a component number per state (-1: inactive). */
function components(size: number, active: boolean[], out: number[][]): { of: Int32Array; count: number } {
  const of = new Int32Array(size).fill(-1)
  const index = new Int32Array(size).fill(-1)
  const low = new Int32Array(size)
  const onStack = new Uint8Array(size)
  const stack: number[] = []
  let counter = 0
  let count = 0
  for (let root = 0; root < size; root++) {
    if (!active[root] || index[root] !== -1) continue
    const work: [number, number][] = [[root, 0]]
    index[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      const [v, i] = frame
      if (i < out[v]!.length) {
        frame[1]++
        const w = out[v]![i]!
        if (index[w] === -1) {
          index[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = 1
          work.push([w, 0])
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!)
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1]![0]
        low[parent] = Math.min(low[parent]!, low[v]!)
      }
      if (low[v] === index[v]) {
        let w: number
        do {
          w = stack.pop()!
          onStack[w] = 0
          of[w] = count
        } while (w !== v)
        count++
      }
    }
  }
  return { of, count }
}

class OutOfBudget extends Error {}

/**
 * How the work of a backtracking regex engine can grow with the input, from the ambiguity of the
 * pattern's position automaton (Weideman, van der Merwe, Berglund and Watson, "Analyzing matching
 * time behavior of backtracking regular expression matchers by using ambiguity of NFA", CIAA 2016;
 * the tests of Allauzen, Mohri and Rastogi, 2011):
 * - exponential when some state has two different paths back to itself reading the same text
 *   (`^(a+)+$`, `^(a|a)*$`, `^(a|aa)*c$`): in the self-product, a component holds a pair (q, q)
 *   and a pair of different states, or a pair of parallel edges;
 * - polynomial when two different looping states p and q read a same text w on p → p, p → q and
 *   q → q (`^\d+\d+$`, `^.*a.*b$`, an unanchored `\d+x`, which a search retries at every position):
 *   in the triple product, (p, p, q) leads to (p, q, q).
 * When nothing in the pattern can refuse a match once its end is reached (no `$`, `\b`, `\B`),
 * reaching a final state ends the search, so loops through final states cost nothing and are
 * left out. Returns `unknown` when the check would take more than its budget of steps.
 */
export function backtrackingGrowth(parsed: ParsedRegex): BacktrackingGrowth {
  const { labels, edges, finals } = positionAutomaton(parsed)
  const size = labels.length
  const active = labels.map((_, state) => !(parsed.endFree && finals.has(state)))
  const out = edges.map((targets, state) => (active[state] ? [...targets.keys()].filter((q) => active[q]) : []))
  const { of: componentOf, count } = components(size, active, out)
  const members: number[][] = Array.from({ length: count }, () => [])
  for (let state = 0; state < size; state++) if (componentOf[state]! >= 0) members[componentOf[state]!]!.push(state)
  const looping = members.filter((states) => states.length > 1 || out[states[0]!]!.includes(states[0]!))

  let steps = 0
  const step = () => {
    if (++steps > STEP_BUDGET) throw new OutOfBudget()
  }
  try {
    for (const component of looping) if (hasTwoCycles(component, edges, out, labels, componentOf, step)) return 'exponential'
    if (hasPolynomialDegree(looping, out, labels, componentOf, step)) return 'polynomial'
  } catch (error) {
    if (error instanceof OutOfBudget) return 'unknown'
    throw error
  }
  return 'linear'
}

function hasTwoCycles(
  component: number[],
  edges: Map<number, number>[],
  out: number[][],
  labels: CharSet[],
  componentOf: Int32Array,
  step: () => void,
): boolean {
  const c = componentOf[component[0]!]!
  for (const p of component) for (const q of out[p]!) if (componentOf[q] === c && edges[p]!.get(q)! > 1) return true
  const n = component.length
  const local = new Map(component.map((state, i) => [state, i]))
  const inside = component.map((state) => out[state]!.filter((q) => componentOf[q] === c).map((q) => local.get(q)!))
  // Pairs reachable from a diagonal pair; then, from the different pairs among them, a diagonal pair again.
  const successors = (pair: number, visit: (next: number) => void) => {
    const x = Math.floor(pair / n)
    const y = pair % n
    for (const x2 of inside[x]!) {
      for (const y2 of inside[y]!) {
        step()
        if (overlaps(labels[component[x2]!]!, labels[component[y2]!]!)) visit(x2 * n + y2)
      }
    }
  }
  const seen = new Uint8Array(n * n)
  const queue: number[] = []
  for (let i = 0; i < n; i++) {
    seen[i * n + i] = 1
    queue.push(i * n + i)
  }
  const different: number[] = []
  while (queue.length > 0) {
    successors(queue.pop()!, (next) => {
      if (seen[next]) return
      seen[next] = 1
      queue.push(next)
      if (Math.floor(next / n) !== next % n) different.push(next)
    })
  }
  const again = new Uint8Array(n * n)
  for (const pair of different) again[pair] = 1
  const pending = [...different]
  while (pending.length > 0) {
    let found = false
    successors(pending.pop()!, (next) => {
      if (Math.floor(next / n) === next % n) found = true
      else if (!again[next]) {
        again[next] = 1
        pending.push(next)
      }
    })
    if (found) return true
  }
  return false
}

function hasPolynomialDegree(looping: number[][], out: number[][], labels: CharSet[], componentOf: Int32Array, step: () => void): boolean {
  const size = out.length
  const reach = (from: number[], graph: number[][]): Uint8Array => {
    const seen = new Uint8Array(size)
    const queue = [...from]
    for (const s of from) seen[s] = 1
    while (queue.length > 0) {
      for (const next of graph[queue.pop()!]!) {
        if (!seen[next]) {
          seen[next] = 1
          queue.push(next)
        }
      }
    }
    return seen
  }
  const incoming: number[][] = Array.from({ length: size }, () => [])
  out.forEach((targets, from) => targets.forEach((to) => incoming[to]!.push(from)))

  for (const first of looping) {
    const fromFirst = reach(first, out)
    const c1 = componentOf[first[0]!]!
    for (const second of looping) {
      const c2 = componentOf[second[0]!]!
      if (c1 === c2 || !fromFirst[second[0]!]) continue
      const toSecond = reach(second, incoming)
      // p → q may pass only through states between the two loops.
      const between = (state: number) => fromFirst[state] === 1 && toSecond[state] === 1
      for (const p of first) {
        for (const q of second) {
          if (tripleReaches(p, q, c1, c2, between, out, labels, componentOf, step)) return true
        }
      }
    }
  }
  return false
}

/** In the triple product, does (p, p, q) lead to (p, q, q)? */
function tripleReaches(
  p: number,
  q: number,
  c1: number,
  c2: number,
  between: (state: number) => boolean,
  out: number[][],
  labels: CharSet[],
  componentOf: Int32Array,
  step: () => void,
): boolean {
  const key = (x: number, y: number, z: number) => `${x},${y},${z}`
  const seen = new Set([key(p, p, q)])
  const queue: [number, number, number][] = [[p, p, q]]
  while (queue.length > 0) {
    const [x, y, z] = queue.pop()!
    for (const x2 of out[x]!) {
      if (componentOf[x2] !== c1) continue
      for (const z2 of out[z]!) {
        if (componentOf[z2] !== c2) continue
        const common = intersect(labels[x2]!, labels[z2]!)
        if (common.length === 0) continue
        for (const y2 of out[y]!) {
          step()
          if (!between(y2) || !overlaps(common, labels[y2]!)) continue
          if (x2 === p && y2 === q && z2 === q) return true
          const k = key(x2, y2, z2)
          if (seen.has(k)) continue
          seen.add(k)
          queue.push([x2, y2, z2])
        }
      }
    }
  }
  return false
}
