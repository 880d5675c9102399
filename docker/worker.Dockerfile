# syntax=docker/dockerfile:1
# The Nudgeflow worker (Temporal workflows + activities + outbox dispatcher), run from TypeScript source
# with tsx like in development. Also runs the one-shot database migration (see docker-compose.yml).
#   docker build -f docker/worker.Dockerfile -t nudgeflow-worker .
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
# tsx stays installed: the worker runs TypeScript source (workspace packages export ./src/index.ts).
RUN npm ci --no-audit --no-fund && node scripts/prisma-generate.mjs && chown -R node:node /app
ENV NODE_ENV=production
USER node
CMD ["node", "--import", "tsx", "apps/worker/src/main.ts"]
