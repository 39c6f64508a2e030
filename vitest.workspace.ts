import type { TestProjectConfiguration } from 'vitest/config'

/**
 * The test projects. Vitest 4 no longer reads this file by itself: vitest.config.ts imports
 * the list. unit = pure logic (colocated *.test.ts); integration = SQL and HTTP against a real
 * database (*.int.test.ts); e2e = the pages in the system Chromium (e2e/).
 */
export const projects: TestProjectConfiguration[] = [
  {
    test: {
      name: 'unit',
      include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
      exclude: ['**/*.int.test.ts', '**/node_modules/**'],
      environment: 'node',
      // Property tests run thousands of cases: seconds on a quiet machine, more when CI runs beside other work.
      testTimeout: 60_000,
    },
  },
  {
    test: {
      name: 'integration',
      include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts', 'apps/*/test/**/*.int.test.ts'],
      globalSetup: ['./apps/api/test/global-setup.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
  {
    test: {
      name: 'e2e',
      include: ['e2e/**/*.e2e.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 180_000,
      fileParallelism: false,
      // A page's change (a new SurveyJS page rendered, the focus moved) can take over the default
      // second of expect.poll when the browser runs after the database suites on a busy machine.
      expect: { poll: { timeout: 10_000 } },
    },
  },
]
