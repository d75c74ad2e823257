# The worker image: the compiled worker and CLI on Node.js 24, production dependencies only.
# docker-compose.yml builds it; on hosts that run containers it is one worker process per
# container (scale with replicas). The `build` stage, with the dev dependencies, also runs the
# sandbox of the compose file's `demo` profile.
#
#   docker build -t storacha-migration-worker .
#   docker run --env-file worker.env storacha-migration-worker
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/workers/main.js", "--workflow-bundle", "dist/workflow-bundle.js", "--processes", "1"]
