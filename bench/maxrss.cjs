// Preloaded into benchmarked node processes: records the process's peak memory and its CPU time
// (user and system, all threads together) at exit, as "maxRSS-in-KB cpu-microseconds".
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const usage = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
});
