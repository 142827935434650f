// Where setup keeps what it owns outside plugins (the uv it installed, uv's package cache), and
// how the plugin's .venv is laid out. Everything else setup writes is inside the plugin root.
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { toolCacheDir } from './cache-dir.cjs';

export { toolCacheDir } from './cache-dir.cjs';

/** uv's package cache: the user's UV_CACHE_DIR when set, else one inside the tool's cache. */
export function uvCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.UV_CACHE_DIR ? resolve(env.UV_CACHE_DIR) : join(toolCacheDir(env), 'uv-cache');
}

export const VENV = '.venv';

export function venvDir(root: string): string {
  return join(root, VENV);
}

export function venvPython(root: string): string {
  return process.platform === 'win32' ? join(root, VENV, 'Scripts', 'python.exe') : join(root, VENV, 'bin', 'python');
}

/** Setup's own record of what it installed; written last, so its presence means a complete .venv. */
export function setupMarker(root: string): string {
  return join(root, VENV, 'model-plugin-setup.json');
}

/** The daemon's "this venv is valid" flag (setup_python_environment.go: .venv/dify/plugin.json). */
export function daemonMarker(root: string): string {
  return join(root, VENV, 'dify', 'plugin.json');
}

/** Quotes an argument for a shell command line shown to the user. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `--dir <root>` as the user would type it from the current folder. */
export function dirArg(root: string, cwd = process.cwd()): string {
  const rel = relative(cwd, root);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? root : rel;
  return `--dir ${shellQuote(shown)}`;
}

/** The command that (re)builds a plugin's environment, for messages of other commands. */
export function setupCommand(root: string, cwd = process.cwd()): string {
  return `model-plugin setup ${dirArg(root, cwd)}`;
}

/** A path for messages: ~ for the home folder. */
export function tildify(p: string): string {
  const home = homedir();
  return home && (p === home || p.startsWith(home + '/')) ? `~${p.slice(home.length)}` : p;
}
