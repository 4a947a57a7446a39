#!/bin/sh
# Demo `exe` payload: stored at <s3_payloads>/demo/report.sh by the bootstrap.
echo "report for run $1 on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "LAVA_REALM=${LAVA_REALM:-unset}"
