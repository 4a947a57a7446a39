# Image of every Lava service. Build from the repository root (the context holds the shared libs),
# naming the service and, for the two that listen for other tasks, their stage:
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=worker -t lava/worker:dev .
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=api --target api -t lava/api:dev .
#   docker build -f docker/service.Dockerfile --build-arg SERVICE=secrets-broker --target secrets-broker \
#     -t lava/secrets-broker:dev .
# Stages: manifests (package files only, so npm ci stays cached across source edits) ->
# build (compile the service and the @lava/* libs it imports to JavaScript, gather only its
# production dependencies: docker/build-service.js) -> runtime (Node 22 slim, non-root) ->
# api and secrets-broker (runtime plus the listen address and port of their servers) or service
# (runtime as is: scheduler, dispatcher, worker, audit-logger; the default target).

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
# Declared after npm ci, so the install layers above are one cache shared by all six services.
ARG SERVICE
COPY . .
# A service's static files (the API's web console) travel with its compiled code.
RUN test -n "$SERVICE" && test -f "services/$SERVICE/package.json" \
 && node docker/build-service.js "services/$SERVICE" /out \
 && cp docker/healthcheck.js docker/entrypoint.js /out/ \
 && if [ -d "services/$SERVICE/console" ]; then cp -r "services/$SERVICE/console" "/out/services/$SERVICE/console"; fi

FROM ${NODE_IMAGE} AS runtime
# bubblewrap: each job process runs in its own sandbox (docs/job-isolation.md). bzip2, xz-utils
# and zstd: pkg jobs unpack `.tar.bz2`, `.tar.xz`/`.tar.lzma` and `.tar.zst` payloads through
# them (gzip is in the base image). Every service image installs these, so this layer is shared.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini bubblewrap bzip2 xz-utils zstd \
 && rm -rf /var/lib/apt/lists/*
ARG SERVICE
# entrypoint.js loads LAVA_SERVICE_MAIN.
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    LAVA_HEALTH_PORT=8080 \
    LAVA_SERVICE_MAIN=/app/services/${SERVICE}/dist/main.js
WORKDIR /app
COPY --from=build /out/ ./
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.js", "/health/live"]
# tini is PID 1: it forwards SIGTERM to Node, which stops intake and drains in-flight work
# before exiting, and it reaps any child processes jobs leave behind. entrypoint.js turns
# LAVA_<NAME>_PEM secrets into files, then loads the service in the same process.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/entrypoint.js"]

# The HTTP API and the broker listen on all interfaces of their container, so that other tasks
# reach them (their own default is 127.0.0.1); only their images set it.
FROM runtime AS api
ENV LAVA_API_HOST=0.0.0.0 \
    LAVA_API_PORT=8090
EXPOSE 8090

FROM runtime AS secrets-broker
ENV LAVA_BROKER_HOST=0.0.0.0 \
    LAVA_BROKER_PORT=8081
EXPOSE 8081

# The default target, last so that a build without --target never gets a listener's settings.
FROM runtime AS service
