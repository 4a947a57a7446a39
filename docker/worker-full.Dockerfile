# The worker with the tools typical exe/pkg/sqlc payloads call: python3, the AWS CLI (`aws s3
# cp`), the psql, mysql/mariadb and sqlite3 clients, and what smb_get/smb_put jobs and the
# smb/ssh/scp/sftp/git connection helpers run (smbclient, the OpenSSH client, git). The plain
# worker image stays small; use this one as the worker fleet's image when jobs need these. It
# also has the `lava` command (from the cli image), which the $LAVA_CONN_<LABEL> helpers of
# email and slack connections run (`lava email|slack --conn-file ...`).
#   docker build -f docker/worker-full.Dockerfile --build-arg WORKER_IMAGE=lava/worker:dev \
#     --build-arg CLI_IMAGE=lava/cli:dev -t lava/worker-full:dev docker
# (built by docker/build-images.sh after the worker and the cli; the context needs no files)

ARG WORKER_IMAGE=lava/worker:dev
ARG CLI_IMAGE=lava/cli:dev

FROM ${CLI_IMAGE} AS cli

FROM ${WORKER_IMAGE}
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 awscli postgresql-client mariadb-client sqlite3 \
      smbclient openssh-client git \
 && rm -rf /var/lib/apt/lists/* \
 && python3 --version && aws --version && psql --version && mariadb --version && sqlite3 --version \
 && smbclient --version && git --version
COPY --from=cli /app /opt/lava-cli
RUN printf '#!/bin/sh\nexec node /opt/lava-cli/node_modules/@lava/cli/dist/main.js "$@"\n' > /usr/local/bin/lava \
 && chmod 755 /usr/local/bin/lava \
 && lava --version
USER node
