# Sonde on Node.js 20. `pnpm run build` builds the web app into apps/web/dist and bundles the API
# server, its CLI and the migrations into apps/api/dist (scripts/build-server.mjs); the image runs
# the bundle as `pnpm start` does. The runtime image holds the two dist folders and the production
# dependencies of apps/api only: what the bundle leaves outside (PGlite's WebAssembly, argon2's
# native code, kysely for the migrations) is resolved from there. No dev dependency, no source.
FROM node:20-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install -g pnpm@10.34.8
WORKDIR /app

FROM base AS build
COPY pnpm-workspace.yaml package.json pnpm-lock.yaml .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/survey/package.json packages/survey/
COPY packages/analysis/package.json packages/analysis/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm run build

# The production dependencies of the API alone, from the same lockfile.
FROM base AS production-dependencies
COPY pnpm-workspace.yaml package.json pnpm-lock.yaml .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/survey/package.json packages/survey/
COPY packages/analysis/package.json packages/analysis/
RUN pnpm install --prod --frozen-lockfile --filter @sonde/api

# Node.js alone: neither pnpm nor the build tools.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# The embedded database (used when DATABASE_URL is unset) lives in the volume, in a folder of its
# own: Sonde writes its lock file beside that folder and serves it on a Unix socket inside it.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 SONDE_DATA_DIR=/data/db
COPY --from=production-dependencies /app/node_modules /app/node_modules
COPY --from=production-dependencies /app/apps/api/node_modules /app/apps/api/node_modules
COPY --from=build /app/apps/api/dist /app/apps/api/dist
COPY --from=build /app/apps/web/dist /app/apps/web/dist
RUN mkdir -p /data && chown -R node:node /data && chmod 700 /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same command and flags as package.json's `start` script (--heap-growing-percent keeps the
# garbage collector from letting the heap grow to several times what is live: see README).
CMD ["node", "--heap-growing-percent=30", "apps/api/dist/server.mjs"]
