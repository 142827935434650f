// Ending everything a plugin started. The plugin runs in its own process group, which kill(-pid)
// ends, but a descendant that calls setsid() (subprocess's start_new_session=True, a double fork)
// leaves the group, and once its parent exits it is re-parented to init, so no ppid chain leads to
// it either. What it keeps is its environment: every process the plugin starts inherits a variable
// with a value unique to this run, and at the end /proc is searched for it (Linux; see README).
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

export const RUN_MARKER_VAR = 'MODEL_PLUGIN_INVOKE_RUN';

export function newRunMarker(): string {
  return randomUUID();
}

/** Sends SIGKILL to every process (but this one) whose environment carries the run's marker; returns how many. */
export function killMarkedProcesses(marker: string): number {
  if (process.platform !== 'linux') return 0;
  const needle = Buffer.from(`${RUN_MARKER_VAR}=${marker}`);
  let killed = 0;
  // A descendant may fork while we look: look again until a pass finds nothing (bounded).
  for (let pass = 0; pass < 5; pass++) {
    let found = 0;
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return killed;
    }
    for (const name of entries) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      if (pid === process.pid) continue;
      let environ: Buffer;
      try {
        environ = readFileSync(`/proc/${name}/environ`); // only our own processes are readable
      } catch {
        continue;
      }
      if (environ.indexOf(needle) < 0) continue;
      try {
        process.kill(pid, 'SIGKILL');
        found++;
      } catch {
        /* gone already, or a zombie */
      }
    }
    killed += found;
    if (found === 0) break;
  }
  return killed;
}
