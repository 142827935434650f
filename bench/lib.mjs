// Wall-time measurement of whole commands: medians of several runs after a warm-up.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

function once(cmd, args, { cwd, env } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function wallMs(cmd, args, { runs = 7, warmup = 1, cwd, env } = {}) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const ms = once(cmd, args, { cwd, env });
    if (i >= warmup) times.push(ms);
  }
  return median(times);
}

/**
 * Medians of several commands run in turn, one of each per round (after a warm-up round), so that
 * a change of load on the machine hits them alike: the baseline is measured in the same moment.
 * `commands`: [{ cmd, args, cwd?, env? }]; returns the medians in the same order.
 */
export function interleavedMs(commands, { runs = 9 } = {}) {
  const times = commands.map(() => []);
  for (let i = 0; i <= runs; i++) {
    commands.forEach((c, k) => {
      const ms = once(c.cmd, c.args, c);
      if (i > 0) times[k].push(ms);
    });
  }
  return times.map(median);
}

/** The machine's load averages (1, 5, 15 min), to print with each figure. */
export function load() {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

export function report(label, ms, baselineLabel, baselineMs, target) {
  const ratio = ms / baselineMs;
  const verdict = target === undefined ? '' : ratio <= target ? `  (target <= ${target}x: met)` : `  (target <= ${target}x: NOT met)`;
  console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms   ${baselineLabel}: ${baselineMs.toFixed(1)} ms   ratio ${ratio.toFixed(2)}x${verdict}   [load ${load()}]`);
}
