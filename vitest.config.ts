import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { projects } from './vitest.workspace.ts'

export default defineConfig({
  test: {
    projects,
    // Vitest's default is one worker fewer than the CPUs: one worker on a 2-CPU machine, which
    // leaves a CPU idle while a file waits on its database. Two at least (the browser project
    // still runs its files one after the other).
    maxWorkers: Math.max(availableParallelism() - 1, 2),
  },
})
