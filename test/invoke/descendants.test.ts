// Issue 12 §9: descendants that leave the plugin's process group (a new session, a double fork)
// must not outlive the run. A stand-in plugin starts both kinds, writes their pids, and then either
// keeps running (the run stops it) or exits on its own (its orphans remain and must be found).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginProcess } from '../../src/invoke/runtime/process.js';

const PYTHON = process.env.PYTHON ?? 'python3';

const STAND_IN = (exitAfter: boolean) => `import os, subprocess, sys, time
pids = []
# A child in its own session (subprocess's start_new_session=True).
pids.append(subprocess.Popen(['sleep', '300'], start_new_session=True).pid)
# A classic double fork: the grandchild calls setsid() and its parent exits at once.
r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(w, str(os.getpid()).encode())
        os.close(w)
        time.sleep(300)
        os._exit(0)
    os._exit(0)
os.close(w)
pids.append(int(os.read(r, 32)))
with open('pids.txt', 'w') as f:
    f.write(' '.join(map(str, pids)))
sys.stdout.write('{"event":"heartbeat","session_id":null,"data":{}}\\n\\n')
sys.stdout.flush()
${exitAfter ? 'time.sleep(0.2)\nsys.exit(1)' : 'time.sleep(300)'}
`;

/** True while the process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 50)); // the test timeout is the hang guard
}

describe.runIf(existsSync('/proc/self/environ'))('descendants that left the process group', () => {
  it.each([
    ['the run stops a plugin that is still running', false],
    ['the plugin exited on its own, leaving orphans', true],
  ])('%s: none of them survives stop()', async (_, exitAfter) => {
    const root = mkdtempSync(join(tmpdir(), 'mp-descendants-'));
    writeFileSync(join(root, 'standin.py'), STAND_IN(exitAfter));
    const p = PluginProcess.spawn({ python: PYTHON, entrypoint: 'standin', root, env: { ...process.env }, startupTimeoutMs: 30_000 });
    await p.ready;
    await until(() => existsSync(join(root, 'pids.txt')) && readFileSync(join(root, 'pids.txt'), 'utf8').split(' ').length === 2);
    const pids = readFileSync(join(root, 'pids.txt'), 'utf8').split(' ').map(Number);
    expect(pids.every(alive)).toBe(true);
    if (exitAfter) await p.request({}, { timeoutMs: 30_000 }).catch(() => undefined); // the exit ends it
    await p.stop();
    await until(() => !pids.some(alive));
    expect(pids.filter(alive)).toEqual([]);
  }, 60_000);
});
