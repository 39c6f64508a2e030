import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/**
 * Where `process.env` may be read (README.md, "Architecture rules": only the server, the CLI and the migration runner read
 * the environment, through the one zod schema of config.ts, and pass the values down), with why.
 */
const ENVIRONMENT_READERS = [
  // The entry points: they hand process.env to parseEnv() once, at start.
  'apps/api/src/config.ts',
  'apps/api/src/server.ts',
  'apps/api/src/cli.ts',
  // Tests and their support read their own knobs (TEST_DATABASE_URL, seeds, run counts) and start
  // the server or the CLI in a child process with an environment of their choosing.
  '**/*.test.ts',
  'apps/api/test/**',
  'packages/db/src/testing.ts',
  'e2e/**',
  // Benchmarks and build scripts are tools run by hand or by CI, not part of the application.
  'bench/**',
  'scripts/**',
  // The web build's configuration: scripts/build-web-if-needed.mjs tells it which pages to build.
  'apps/web/vite.config.ts',
]

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.sonde/**', 'coverage/**', '**/*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Typed lint: each file is checked with the TypeScript project that owns it (tsconfig.json's references).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A promise is awaited, returned, or marked `void` where it runs on its own and handles its errors.
      '@typescript-eslint/no-floating-promises': 'error',
      // Also in JSX attributes: a handler that starts async work says so with `void` and catches its
      // own errors (`onClick={() => void save()}`), as the web app already did almost everywhere.
      '@typescript-eslint/no-misused-promises': 'error',
      // A `default` branch is a decision about the other cases: it counts as exhaustive.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment in apps/api/src/config.ts (parseEnv) and pass the value down.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['process', 'node:process'].map((name) => ({
            name,
            importNames: ['env'],
            message: 'Read the environment in apps/api/src/config.ts (parseEnv) and pass the value down.',
          })),
        },
      ],
    },
  },
  {
    files: ENVIRONMENT_READERS,
    rules: { 'no-restricted-properties': 'off', 'no-restricted-imports': 'off' },
  },
  {
    // Plain JavaScript (this file, the build scripts) is in no TypeScript project.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any> on purpose.
    files: ['migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
