// Preloaded into each measured `lava` process (NODE_OPTIONS=--require): on exit, appends the
// process's peak RSS and CPU time to the file named by LAVA_BENCH_RUSAGE.
process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').appendFileSync(
    process.env.LAVA_BENCH_RUSAGE,
    `${JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })}\n`,
  );
});
