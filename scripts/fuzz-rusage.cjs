// Preloaded (--require) into the CLI by the fuzzer: on exit, writes the process's own CPU time and
// peak RSS (process.resourceUsage) to $FUZZ_RUSAGE_FILE, so each case is measured in CPU, not wall time.
const { writeFileSync } = require('node:fs');
const file = process.env.FUZZ_RUSAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime, maxRSS: u.maxRSS }));
  });
}
