#!/bin/sh
# Payload of demo/exe: a tiny report written to stdout (uploaded to S3 by the worker).
echo "report for day=$1 region=$2"
echo "job=$LAVA_JOB_ID run=$LAVA_RUN_ID payload=$LAVA_S3_PAYLOAD"
