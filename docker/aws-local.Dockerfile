# Lava's embedded AWS endpoint (libs/aws-local: SQS, EventBridge, DynamoDB, S3, SSM, Secrets
# Manager, SNS, STS on one port) as a container: the compose realm's AWS endpoint where
# LocalStack cannot be pulled or run (docker/compose.local.yml). State lives in /data (a volume),
# saved on SIGTERM, so `docker compose down` then `up` keeps the realm.
# Build from the repository root (the context holds the shared libs):
#   docker build -f docker/aws-local.Dockerfile -t lava/aws-local:dev .
# Stages as in the service images: manifests -> build (docker/build-service.js) -> runtime.

ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -path ./docker/.build-ca.pem -delete \
 && find . -depth -mindepth 1 -type d -empty -delete

FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=manifests /src/ ./
# Install scripts run only for the native packages the root allowScripts approves. node-gyp
# uses the base image's own headers (downloads nothing). docker/.build-ca.pem, present only when
# docker/build-images.sh found a CA bundle for npm (a TLS-intercepting proxy), is used here and
# never reaches the runtime stage.
ENV npm_config_nodedir=/usr/local
RUN if [ -f docker/.build-ca.pem ]; then \
      export npm_config_cafile=/src/docker/.build-ca.pem NODE_EXTRA_CA_CERTS=/src/docker/.build-ca.pem; \
    fi \
 && npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 @swc/core
COPY . .
RUN node docker/build-service.js libs/aws-local /out \
 && cp docker/healthcheck.js /out/

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /data \
 && chown node:node /data
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    LAVA_HEALTH_PORT=4566
WORKDIR /app
COPY --from=build /out/ ./
VOLUME /data
USER node
EXPOSE 4566
STOPSIGNAL SIGTERM
# The endpoint answers an unsigned GET /health/live, like the services.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=12 CMD ["node", "/app/healthcheck.js", "/health/live"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/libs/aws-local/dist/main.js", "--host", "0.0.0.0", "--port", "4566", "--data-dir", "/data"]
