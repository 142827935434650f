// Which Python runs the plugin (`--python`, else the plugin's .venv, else `python3`), and whether
// it can import dify_plugin. The probe does not import the SDK (that alone costs ~0.4 s): it asks
// importlib where the package is, which takes a few milliseconds.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../cli/errors.js';

export interface PythonInfo {
  python: string;
  /** Where it came from, for messages. */
  source: '--python' | '.venv' | 'PATH';
  version: string;
  sdkVersion: string;
}

export function venvInterpreter(root: string): string {
  return process.platform === 'win32' ? join(root, '.venv', 'Scripts', 'python.exe') : join(root, '.venv', 'bin', 'python');
}

export function choosePython(root: string, flag: string | undefined): { python: string; source: PythonInfo['source'] } {
  if (flag) return { python: flag, source: '--python' };
  const venv = venvInterpreter(root);
  if (existsSync(venv)) return { python: venv, source: '.venv' };
  return { python: process.platform === 'win32' ? 'python' : 'python3', source: 'PATH' };
}

const PROBE = [
  'import sys, json, importlib.util as u, importlib.metadata as m',
  'spec = u.find_spec("dify_plugin")',
  'v = None',
  'if spec is not None:',
  '    try: v = m.version("dify_plugin")',
  '    except Exception: v = "unknown"',
  'print(json.dumps({"python": sys.version.split()[0], "sdk": v}))',
].join('\n');

export async function probePython(root: string, flag: string | undefined): Promise<PythonInfo> {
  const { python, source } = choosePython(root, flag);
  const out = await new Promise<string>((resolve, reject) => {
    execFile(python, ['-c', PROBE], { cwd: root, timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr }));
      else resolve(stdout);
    });
  }).catch((err: NodeJS.ErrnoException & { stderr?: string }) => {
    const why = err.code === 'ENOENT' ? 'it was not found' : (err.stderr?.trim().split('\n').at(-1) ?? err.message);
    throw new UsageError(
      `cannot run Python "${python}" (${source === 'PATH' ? 'no .venv in the plugin, so python3 from PATH' : source}): ${why}.\n` +
        `  Create the plugin's virtualenv: cd ${root} && python3 -m venv .venv && ${installCommand(root, venvInterpreter(root))}\n` +
        `  or pass the interpreter with --python <path>.`,
    );
  });
  let parsed: { python: string; sdk: string | null };
  try {
    parsed = JSON.parse(out.trim().split('\n').at(-1) ?? '');
  } catch {
    throw new UsageError(`"${python}" did not behave like a Python interpreter (printed ${JSON.stringify(out.slice(0, 200))}).`);
  }
  if (!parsed.sdk) throw missingSdk(root, python, parsed.python);
  return { python, source, version: parsed.python, sdkVersion: parsed.sdk };
}

/** The environment error for an interpreter without dify_plugin, with the command that fixes it. */
export function missingSdk(root: string, python: string, version?: string): UsageError {
  return new UsageError(
    `Python ${version ? `${version} ` : ''}at ${python} cannot import dify_plugin.\n` +
      `  Install the plugin's dependencies into it: ${installCommand(root, python)}\n` +
      `  (dify-plugin needs Python 3.11 or newer; current releases need 3.12.)`,
  );
}

function installCommand(root: string, python: string): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  if (existsSync(join(root, 'requirements.txt'))) return `${q(python)} -m pip install -r requirements.txt`;
  if (existsSync(join(root, 'pyproject.toml'))) return `uv sync --no-dev (creates .venv as Dify does), or ${q(python)} -m pip install dify-plugin`;
  return `${q(python)} -m pip install dify-plugin`;
}
