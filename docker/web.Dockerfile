# syntax=docker/dockerfile:1
# The Nudgeflow web app (Next.js, production build). Build from the repository root:
#   docker build -f docker/web.Dockerfile -t nudgeflow-web .
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# Install scripts follow `allowScripts` in package.json; the Prisma client is generated offline.
RUN npm ci --no-audit --no-fund \
 && node scripts/prisma-generate.mjs \
 && npm run build -w @nudgeflow/web \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app/apps/web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "/app/node_modules/next/dist/bin/next", "start", "-p", "3000"]
