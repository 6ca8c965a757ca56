// Preloaded (`node -r`) into each measured process: on exit, writes its own CPU time and peak RSS
// (process.resourceUsage) as JSON to the file named by BENCH_RUSAGE_FILE.
const fs = require('node:fs');
const out = process.env.BENCH_RUSAGE_FILE;
if (out) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    fs.writeFileSync(out, JSON.stringify({ userMs: r.userCPUTime / 1000, systemMs: r.systemCPUTime / 1000, maxRssMiB: r.maxRSS / 1024, uptimeMs: process.uptime() * 1000 }));
  });
}
