// Which Python runs the plugin (`--python`, else the plugin's .venv that `model-plugin setup`
// builds as Dify does), and whether it can import dify_plugin. Never a system Python: installing
// into one fails on PEP 668 systems and on Pythons too old for the SDK. The probe does not import
// the SDK (that alone costs ~0.4 s): it asks importlib where the package is, a few milliseconds.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { setupCommand, venvPython } from '../setup/paths.js';

export interface PythonInfo {
  python: string;
  /** Where it came from, for messages. */
  source: '--python' | '.venv';
  version: string;
  sdkVersion: string;
}

export const venvInterpreter = venvPython;

/** `--python`, else the plugin's .venv (even when missing: probePython then says how to build it). */
export function choosePython(root: string, flag: string | undefined): { python: string; source: PythonInfo['source'] } {
  if (flag) return { python: flag, source: '--python' };
  return { python: venvInterpreter(root), source: '.venv' };
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
    if (source === '.venv' && !existsSync(python)) throw noVenv(root);
    const why = err.code === 'ENOENT' ? 'it was not found' : (err.stderr?.trim().split('\n').at(-1) ?? err.message);
    throw new UsageError(
      `cannot run Python "${python}" (${source}): ${why}.\n` +
        (source === '.venv'
          ? `  Rebuild the plugin's environment as Dify does: ${setupCommand(root)} --force`
          : `  Pass an interpreter that runs, or leave out --python after building the plugin's .venv: ${setupCommand(root)}`),
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

/** The plugin has no .venv (and no --python was given). */
export function noVenv(root: string): UsageError {
  return new UsageError(
    `the plugin has no .venv (${join(root, '.venv')}), so there is no Python with its dependencies to run it.\n` +
      `  Build it as Dify does: ${setupCommand(root)}\n` +
      `  or pass an interpreter that has dify_plugin and the plugin's dependencies with --python <path>.`,
  );
}

/** The environment error for an interpreter without dify_plugin, with the command that fixes it. */
export function missingSdk(root: string, python: string, version?: string): UsageError {
  const fromVenv = python === venvInterpreter(root);
  return new UsageError(
    `Python ${version ? `${version} ` : ''}at ${python} cannot import dify_plugin.\n` +
      (fromVenv
        ? `  Rebuild the plugin's .venv as Dify does: ${setupCommand(root)} --force`
        : `  Pass an interpreter that has the plugin's dependencies, or leave out --python after building the plugin's .venv: ${setupCommand(root)}`) +
      `\n  (dify_plugin from 0.9 needs Python 3.12; setup picks the Python that manifest.yaml's meta.runner.version asks for.)`,
  );
}
