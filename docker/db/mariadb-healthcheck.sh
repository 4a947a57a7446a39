#!/bin/bash
# Healthy once the server accepts connections (an access-denied answer counts: the server is up).
# Accepts and ignores the official image's flags (--connect, --innodb_initialized).
exec mariadb-admin --protocol=socket --socket=/run/mysqld/mysqld.sock ping --silent
