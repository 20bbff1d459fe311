# syntax=docker/dockerfile:1
# The PromptMetrics image. One image, three roles chosen by the command:
#   api      the analytics API and the dashboard (port 3000)
#   ingest   the OTLP/HTTP receiver (port 4318)
#   migrate  applies the schema once, then exits
# It talks to a ClickHouse server (CLICKHOUSE_URL); the embedded engine is left out to keep it small.
# deploy/test/image.test.ts replays the runtime stage outside Docker, so a missing file fails CI.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Build: every dependency, then the dashboard bundle and the instrumentation package (npm ci runs
# `prepare`, which builds web/dist and instrumentation/pack, the tarball the API serves at /sdk/).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund

# Runtime: the services' sources and production dependencies only, run as the unprivileged node user.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json /app/
COPY --from=build /src/deploy/image/runtime-manifest.ts /app/deploy/image/
COPY --from=build /src/pricing/package.json /src/pricing/catalogue.json /app/pricing/
COPY --from=build /src/pricing/src /app/pricing/src
COPY --from=build /src/runs/package.json /app/runs/
COPY --from=build /src/runs/src /app/runs/src
COPY --from=build /src/clickhouse/package.json /app/clickhouse/
COPY --from=build /src/clickhouse/src /app/clickhouse/src
COPY --from=build /src/clickhouse/migrations /app/clickhouse/migrations
COPY --from=build /src/ingest/package.json /app/ingest/
COPY --from=build /src/ingest/src /app/ingest/src
COPY --from=build /src/analytics-api/package.json /app/analytics-api/
COPY --from=build /src/analytics-api/src /app/analytics-api/src
COPY --from=build /src/analytics-api/docs /app/analytics-api/docs
COPY --from=build /src/cli/package.json /app/cli/
COPY --from=build /src/cli/bin /app/cli/bin
COPY --from=build /src/cli/src /app/cli/src
COPY --from=build /src/web/package.json /app/web/
COPY --from=build /src/web/dist /app/web/dist
COPY --from=build /src/instrumentation/pack /app/instrumentation/pack
RUN node deploy/image/runtime-manifest.ts /app \
 && npm install --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && find /app -name "*.test.ts" -delete \
 && rm -rf /app/deploy
ENV NODE_ENV=production \
    PROMPTMETRICS_HOST=0.0.0.0
USER node
EXPOSE 3000 4318
ENTRYPOINT ["node", "/app/cli/bin/promptmetrics.ts"]
CMD ["api"]
