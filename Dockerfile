# Multi-stage build of the sample app: build with dev dependencies, run with
# production dependencies only, as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/core/package.json libs/core/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/libs/core/package.json libs/core/package.json
COPY --from=build /app/libs/core/dist libs/core/dist
COPY --from=build /app/dist dist
USER node
EXPOSE 3000
CMD ["node", "dist/apps/store-api/main.js"]
