// Wall-time measurement of whole commands: median of several runs after a warm-up.
import { spawnSync } from 'node:child_process';

export function wallMs(cmd, args, { runs = 7, warmup = 1, cwd, env } = {}) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.error) throw r.error;
    if (i >= warmup) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function report(label, ms, baselineLabel, baselineMs, target) {
  const ratio = ms / baselineMs;
  const verdict = target === undefined ? '' : ratio <= target ? `  (target <= ${target}x: met)` : `  (target <= ${target}x: NOT met)`;
  console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms   ${baselineLabel}: ${baselineMs.toFixed(1)} ms   ratio ${ratio.toFixed(2)}x${verdict}`);
}
