# Lava CLI image: the `lava` command, and the one-shot demo bootstrap of docker-compose.yml
# (libs/local-realm, which holds the CLI and the demo seeding `npm start` uses).
# Build from the repository root (the context holds the shared libs):
#   docker build -f docker/cli.Dockerfile -t lava/cli:dev .
# Stages: manifests (package files only, so npm ci stays cached across source edits) ->
# build (compile local-realm, the CLI and the @lava/* libs they import to JavaScript, gather only its
# production dependencies: docker/build-service.js) -> runtime (Node 22 slim, non-root).
# Mount job files at /work: docker run --rm -v "$PWD:/work" lava/cli job put jobs/

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
RUN node docker/build-service.js libs/local-realm /out \
 && mkdir -p /out/docker /out/samples \
 && cp docker/seed-demo.js /out/docker/ \
 && cp -r samples/demo /out/samples/demo

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    LAVA_REALM=demo
WORKDIR /app
COPY --from=build /out/ ./
USER node
WORKDIR /work
STOPSIGNAL SIGTERM
# A command, not a server: nothing to probe.
HEALTHCHECK NONE
# tini is PID 1 so Ctrl-C and docker stop reach the command.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/node_modules/@lava/cli/dist/main.js"]
