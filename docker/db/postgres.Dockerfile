# PostgreSQL 15 from Debian bookworm's own packages, for the compose realm where the official
# postgres image cannot be pulled (docker/compose.local.yml). Honours the official image's
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB on first start; data in the volume at
# /var/lib/postgresql/data.
#   docker build -f docker/db/postgres.Dockerfile -t lava/postgres:dev docker/db

ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 0700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
USER postgres
EXPOSE 5432
# SIGINT is PostgreSQL's fast shutdown: sessions end, data is flushed.
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s --timeout=3s --retries=30 CMD ["pg_isready", "-h", "/var/run/postgresql", "-q"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/postgres-entrypoint.sh"]
