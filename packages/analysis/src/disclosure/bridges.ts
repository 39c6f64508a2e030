/** An undirected edge of a multigraph, with its own id (parallel edges are distinct). */
export interface Edge {
  id: number
  a: string
  b: string
}

/**
 * The ids of the bridges of an undirected multigraph: the edges on no cycle, whose removal
 * disconnects their ends (Tarjan 1974: an edge u→v of the depth-first tree is a bridge when
 * low(v) > order(u); the edge back to the parent is skipped by id, not by node, so that two
 * parallel edges make a cycle). In a table with margins, a suppressed cell is recomputable from
 * the published ones exactly when it is a bridge of the graph of suppressed cells (Gusfield 1988).
 */
export function findBridges(edges: readonly Edge[]): number[] {
  const adjacency = new Map<string, { to: string; id: number }[]>()
  const link = (from: string, to: string, id: number) => {
    const list = adjacency.get(from)
    if (list) list.push({ to, id })
    else adjacency.set(from, [{ to, id }])
  }
  for (const edge of edges) {
    link(edge.a, edge.b, edge.id)
    link(edge.b, edge.a, edge.id)
  }
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const bridges: number[] = []
  let counter = 0

  for (const root of adjacency.keys()) {
    if (order.has(root)) continue
    // Iterative depth-first search: node, the edge id it was entered by, next neighbour to visit.
    const stack: { node: string; via: number; next: number }[] = [{ node: root, via: -1, next: 0 }]
    order.set(root, counter)
    low.set(root, counter++)
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!
      const neighbours = adjacency.get(frame.node) ?? []
      if (frame.next < neighbours.length) {
        const { to, id } = neighbours[frame.next++]!
        if (id === frame.via) continue
        if (order.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, order.get(to)!))
        } else {
          order.set(to, counter)
          low.set(to, counter++)
          stack.push({ node: to, via: id, next: 0 })
        }
        continue
      }
      stack.pop()
      const parent = stack[stack.length - 1]
      if (!parent) continue
      low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!))
      if (low.get(frame.node)! > order.get(parent.node)!) bridges.push(frame.via)
    }
  }
  return bridges
}
