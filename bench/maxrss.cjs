// Preloaded into benchmarked node processes: records the process's peak memory (all threads) at exit.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
