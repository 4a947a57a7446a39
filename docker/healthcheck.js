#!/usr/bin/env node
// Container health probe (Docker HEALTHCHECK, ECS container health check). The slim base has
// no curl, so Node asks the service's own health endpoint: exit 0 when it answers 2xx.
//   node /app/healthcheck.js [path]    (default /health/live; /health/ready for readiness)
'use strict';
const http = require('node:http');

const port = Number(process.env.LAVA_HEALTH_PORT || 8080);
const path = process.argv[2] || '/health/live';
const request = http.get({ host: '127.0.0.1', port, path, timeout: 4000 }, (res) => {
  res.resume();
  process.exitCode = res.statusCode >= 200 && res.statusCode < 300 ? 0 : 1;
});
request.on('timeout', () => request.destroy(new Error('timeout')));
request.on('error', () => {
  process.exitCode = 1;
});
