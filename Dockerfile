# Multi-stage build of the sample app: build with dev dependencies, run with
# production dependencies only, as the unprivileged `node` user.
FROM node:24-bookworm-slim AS build
# better-sqlite3 (the embedded database's driver) compiles its native addon with node-gyp when no
# prebuilt binary can be downloaded; the slim image has no compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/core/package.json libs/core/
COPY libs/schema/package.json libs/schema/
COPY libs/auth/package.json libs/auth/
COPY libs/rbac/package.json libs/rbac/
COPY libs/field-security/package.json libs/field-security/
COPY libs/audit/package.json libs/audit/
COPY libs/tasks/package.json libs/tasks/
COPY libs/health/package.json libs/health/
COPY libs/export/package.json libs/export/
COPY libs/reporting/package.json libs/reporting/
COPY libs/webhooks/package.json libs/webhooks/
COPY libs/observability/package.json libs/observability/
COPY libs/rate-limit/package.json libs/rate-limit/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
# The runtime stage gets node_modules as they are here, with better-sqlite3's compiled addon (the same
# base image, so the same Node ABI and glibc); its SQLite sources and object files (about 25 MB) are not needed to run.
RUN npm run build && npm prune --omit=dev \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
      node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target \
      node_modules/better-sqlite3/build/deps

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Memory: a bounded V8 heap (the app lives in about 90 MB; exports and reports stream) and few malloc
# arenas (argon2 hashes in the thread pool), so the container's RSS stays near 200 MB.
ENV NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=2" MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
# The workspaces' package.json and build output (node_modules/@rail/* link to them).
COPY --from=build /app/libs libs
COPY --from=build /app/dist dist
COPY --from=build /app/apps/store-api/roles.yml apps/store-api/roles.yml
COPY --from=build /app/apps/store-api/reports.yml apps/store-api/reports.yml
# Writable by the app: background exports (and the embedded database when there is no DATABASE_URL).
RUN mkdir -p /app/data/exports && chown -R node:node /app/data
USER node
EXPOSE 3000
# The tracing entry loads nothing unless OTEL_* variables ask for traces (docs/observability.md).
CMD ["node", "--import", "@rail/observability/register", "dist/apps/store-api/main.js"]
