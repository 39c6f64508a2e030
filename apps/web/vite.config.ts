import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const outDir = fileURLToPath(new URL('./dist', import.meta.url))
const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url))

/**
 * Writes `.br` and `.gz` beside every text asset, compressed once at their best level: the
 * server sends them as they are (@fastify/static `preCompressed`), so the 1.6 MB respondent
 * script travels as ~300 kB without the server compressing it at each request.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress)
  const gz = promisify(gzip)
  let written: string[] = []
  return {
    name: 'sonde-precompress',
    apply: 'build',
    writeBundle(_options, bundle) {
      // The files of this build only: the respondent page's build comes second (see below).
      written = Object.keys(bundle)
    },
    async closeBundle() {
      for (const file of written) {
        if (!/^assets\/[^/]+\.(js|css|svg|json)$/.test(file)) continue
        const content = await readFile(join(outDir, file))
        if (content.length < 1024) continue
        await writeFile(
          join(outDir, `${file}.br`),
          await brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
        )
        await writeFile(join(outDir, `${file}.gz`), await gz(content, { level: 9 }))
      }
    },
  }
}

/**
 * In `vite dev`, the same page routes as the API serves in production (`/r/<token>`, `/admin…`,
 * `/research…`), so that the pages can be worked on against a running API through the proxy.
 */
function devPageRoutes(): Plugin {
  const routes: [RegExp, string][] = [
    [/^\/r\/[^/?]+/, '/respondent.html'],
    [/^\/w\/[^/?]+/, '/open-link.html'],
    [/^\/admin(\/|\?|$)/, '/admin.html'],
    [/^\/research(\/|\?|$)/, '/research.html'],
    [/^\/resultats\/[^/?]+/, '/public.html'],
  ]
  return {
    name: 'sonde-dev-page-routes',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        const url = request.url ?? '/'
        const route = routes.find(([pattern]) => pattern.test(url))
        if (route) request.url = route[1]
        next()
      })
    },
  }
}

/** The pages other than the respondent's: built first, into an emptied dist/. */
const STAFF_AND_PUBLIC_PAGES = {
  // The open link of a wave (`/w/<slug>`): a small form, without SurveyJS.
  'open-link': page('open-link'),
  admin: page('admin'),
  research: page('research'),
  // The public observatory of a released wave (`/resultats/<slug>`): no login, no SurveyJS, no chart library.
  public: page('public'),
}

/**
 * `SONDE_WEB_PAGE=respondent` (scripts/build-web-if-needed.mjs, second build): the respondent's
 * page alone, into the same dist/. Built on its own, everything its first visit needs is one
 * script — React, SurveyJS and Sonde's code — instead of a chunk per set of pages that share a
 * module (four scripts): two requests and two `<link>`s fewer where it matters most, at the price
 * of React downloaded again by someone who opens the staff pages too. Lazily loaded parts (the
 * member's report) stay chunks of their own. Without it (and in `vite dev`), the other pages.
 */
const respondentBuild = process.env.SONDE_WEB_PAGE === 'respondent'

/**
 * One entry per page: the respondent page must not pay for the admin and research code.
 * The API serves dist/ itself (see apps/api), so every asset path is absolute under /assets/.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress(), devPageRoutes()],
  build: {
    outDir,
    emptyOutDir: !respondentBuild,
    // The CSP forbids inline script; the polyfill is only for browsers that predate modulepreload.
    modulePreload: { polyfill: false },
    // survey-core alone is 1.4 MB minified (310 kB gzip), and the respondent's script holds it with React.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // packages/contracts only declares (schemas, types, the rules of rules.ts): a page that uses
      // one plain rule (the open link's e-mail check) then carries that rule alone, not every
      // schema of the package and zod with them. Other modules keep the default.
      treeshake: { moduleSideEffects: (id) => (/[\\/]packages[\\/]contracts[\\/]src[\\/]/.test(id) ? false : undefined) },
      input: respondentBuild ? { respondent: page('respondent') } : STAFF_AND_PUBLIC_PAGES,
      output: respondentBuild
        ? { chunkFileNames: 'assets/respondent-[name]-[hash].js' }
        : {
            // Code shared between pages (React, i18n, the header; the staff pages' session) gets a
            // neutral name instead of the name of whichever module came first.
            chunkFileNames: 'assets/shared-[hash].js',
            // Small modules of Sonde's own that several pages use (API calls, texts, the layout,
            // value formats, the shared rules of form fields) go in one chunk rather than a chunk
            // per combination of pages. Nothing here imports SurveyJS, and the staff pages' texts
            // (i18n/*-staff.ts) stay with the staff pages. React goes with them (every page loads
            // both: one request fewer on each), and so does the number reading of
            // survey/number-entry (2 kB, used by the staff pages' questionnaire preview).
            advancedChunks: {
              groups: [
                {
                  name: 'shared-app',
                  // Of packages/contracts, only rules.ts, which imports nothing: a module with zod
                  // schemas would pull zod into every page that loads this chunk.
                  test: /[\\/](apps[\\/]web[\\/]src[\\/](api|format|i18n[\\/](index|fr|en|format|lang|count)\.ts|layout|waves|survey[\\/]number-entry[\\/](parse-number|entry-text)\.ts)[\\/]?|packages[\\/]contracts[\\/]src[\\/]rules\.ts|node_modules[\\/](react|react-dom|scheduler)[\\/])/,
                  minShareCount: 2,
                  includeDependenciesRecursively: false,
                },
              ],
            },
          },
    },
  },
  server: {
    // Local UI work against a running API: `npx tsx apps/api/src/server.ts` on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
})
