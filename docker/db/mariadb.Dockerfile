# MariaDB 10.11 from Debian bookworm's own packages, for the compose realm where the official
# mariadb image cannot be pulled (docker/compose.local.yml). Honours the official image's
# MARIADB_ROOT_PASSWORD, MARIADB_DATABASE, MARIADB_USER and MARIADB_PASSWORD; data in the
# volume at /var/lib/mysql; `healthcheck.sh` answers as the official image's does.
#   docker build -f docker/db/mariadb.Dockerfile -t lava/mariadb:dev docker/db

ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends mariadb-server tini \
 && rm -rf /var/lib/apt/lists/* /var/lib/mysql/* \
 && mkdir -p /run/mysqld \
 && chown -R mysql:mysql /var/lib/mysql /run/mysqld
COPY mariadb-entrypoint.sh /usr/local/bin/
COPY mariadb-healthcheck.sh /usr/local/bin/healthcheck.sh
VOLUME /var/lib/mysql
USER mysql
EXPOSE 3306
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=3s --retries=30 CMD ["healthcheck.sh"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/mariadb-entrypoint.sh"]
