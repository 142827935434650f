// `model-plugin setup`: builds the plugin's .venv the way Dify's daemon does
// (dify-plugin-daemon internal/core/local_runtime/setup_python_environment.go):
//   uv venv .venv --python <3.12>
//   uv sync --no-dev --prerelease=allow [--frozen]        when pyproject.toml exists (--frozen with uv.lock)
//   uv pip install --prerelease=allow -r requirements.txt otherwise
//   python -c "import dify_plugin"                         warm-up; then .venv/dify/plugin.json marks it valid
// Setup differs in what the daemon leaves to its operator: it picks the Python the manifest asks
// for, installs uv when there is none (or falls back to venv + pip), skips the work when nothing
// changed, and checks the installed SDK against what the plugin declares.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, UsageError } from '../cli/errors.js';
import { parseYamlBytes } from '../plugin/yaml-file.js';
import type { SetupCliOptions } from './cli.js';
import { run, tail, type ExecResult } from './exec.js';
import { explicitPython, findPython, onPath, type FoundPython, type Tried } from './find-python.js';
import { dirArg, tildify, toolCacheDir, uvCacheDir, venvDir, venvPython } from './paths.js';
import { Progress, seconds } from './progress.js';
import { DAEMON_PYTHON, parsePythonWant, type PythonWant } from './runner-version.js';
import { MARKETPLACE_MIN_SDK, WARM_UP, below, declaredSdk, type DeclaredSdk } from './sdk.js';
import { unaskedPrereleases } from './prereleases.js';
import { dependencyMode, fingerprint, forgetRecord, readPyvenvCfg, upToDate, writeRecord, type DependencyMode, type SetupRecord } from './state.js';
import { UvInstallError, findUv, installUv, type Uv } from './uv.js';

interface PythonRequest {
  want: PythonWant;
  /** What asks for it, for messages: `manifest.yaml:36:14 (meta.runner.version "3.12")`. */
  source: string;
}

export async function runSetup(cli: SetupCliOptions): Promise<number> {
  const started = performance.now();
  const root = pluginRoot(cli.dir);
  const progress = await Progress.forStdout();
  const mode = dependencyMode(root);
  if (!mode) {
    throw new UsageError(
      `neither pyproject.toml nor requirements.txt in ${root}: Dify refuses to start a plugin without one.\n` +
        `  Add a requirements.txt that lists the SDK (e.g. dify_plugin>=0.9.0,<0.11.0) and the plugin's other dependencies.`,
      EXIT.problems,
    );
  }
  const request = pythonRequest(root, progress);
  // What the .venv is built from besides the dependency files; a change of any of it means work.
  const pythonAsked = `${cli.python ? `--python ${resolve(cli.python)}` : `runner ${request.want.text}`}${cli.installer && cli.installer !== 'auto' ? ` --installer ${cli.installer}` : ''}`;
  const print = fingerprint(root, mode, pythonAsked);

  if (!cli.force) {
    const record = upToDate(root, print);
    if (record) {
      progress.ok(
        `.venv is up to date: Python ${record.python.version}, dify_plugin ${record.sdkVersion ?? '(none)'}; ` +
          `${mode === 'pyproject' ? 'pyproject.toml/uv.lock' : 'requirements.txt'} unchanged since ${record.finishedAt} (--force rebuilds)`,
      );
      sdkWarnings(root, mode, record.sdkVersion, progress);
      return EXIT.ok;
    }
  }

  const env = process.env;
  const verbose = cli.verbose ? (line: string) => progress.detail(line) : undefined;
  const python = await choosePython(root, cli.python, request);
  progress.ok(`Python ${python.versionText} at ${tildify(python.executable)} (${python.via}), for ${request.source}`);

  let uv = cli.installer === 'pip' ? undefined : await findUv(env);
  if (uv) progress.ok(`uv ${uv.version} (${uvSourceText(uv)})`);
  else if (cli.installer === 'pip') progress.ok('python -m venv + pip (--installer pip)');
  else {
    try {
      uv = await progress.step(
        `Installing uv from PyPI into ${tildify(toolCacheDir(env))} (no uv on PATH)`,
        () => installUv(python.executable, env, verbose),
        (u) => `uv ${u.version} installed from PyPI into ${tildify(toolCacheDir(env))}`,
      );
    } catch (err) {
      if (!(err instanceof UvInstallError)) throw err;
      if (cli.installer === 'uv') throw new UsageError(`uv is not on PATH and could not be installed from PyPI (--installer uv):\n${err.message.replace(/^/gm, '    ')}\n  Install uv (pip install uv, or your package manager), set UV_PATH, or use --installer pip.`);
      progress.warn(`uv could not be installed from PyPI, so setup uses python -m venv + pip instead:\n${err.message.replace(/^/gm, '    ')}`);
    }
  }

  forgetRecord(root);
  prepareVenv(root, python, uv ? 'uv' : 'pip', cli.force === true, progress);
  const hadLock = existsSync(join(root, 'uv.lock'));
  const installer = uv ? await installWithUv(root, mode, python, uv, progress, verbose) : await installWithPip(root, mode, python, progress, verbose);
  if (uv && mode === 'pyproject' && !hadLock && existsSync(join(root, 'uv.lock'))) {
    progress.line(`  uv.lock written (uv sync resolved pyproject.toml; the daemon installs with --frozen when it exists)`);
  }

  const sdkVersion = await progress.step(
    'Importing dify_plugin in .venv (the daemon\'s warm-up; compiles its bytecode)',
    () => warmUp(root, mode),
    (v) => `dify_plugin ${v} imports`,
  );
  sdkWarnings(root, mode, sdkVersion, progress);
  if (!(mode === 'pyproject' && hadLock)) {
    const pre = unaskedPrereleases(root, mode);
    if (pre.length > 0) {
      const file = mode === 'pyproject' ? 'pyproject.toml' : 'requirements.txt';
      progress.warn(
        `pre-releases installed that ${file} does not ask for: ${pre.map((p) => `${p.name} ${p.version}`).join(', ')}.\n` +
          `  Dify's daemon resolves with --prerelease=allow as setup does, so the plugin gets them in Dify too; their API may differ.\n` +
          `  Bound them to the stable line in ${file} (e.g. ${pre[0].name}<${pre[0].version.split('.')[0]}), or ship a uv.lock.`,
      );
    }
  }

  const record: SetupRecord = {
    // After the install: `uv sync` writes uv.lock when there was none, and that is the state to match next time.
    fingerprint: fingerprint(root, mode, pythonAsked),
    python: { executable: python.executable, version: python.versionText },
    installer,
    sdkVersion,
    finishedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  writeRecord(root, record);
  progress.ok(`.venv ready in ${seconds(performance.now() - started)}: Python ${python.versionText}, dify_plugin ${sdkVersion} (${installer})`);
  progress.line(`  Next: model-plugin invoke --mock ${dirArg(root)}`);
  return EXIT.ok;
}

function pluginRoot(dir: string | undefined): string {
  const root = resolve(dir ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--dir ${dir}: no such folder. Pass the plugin root (the folder holding manifest.yaml).`);
  }
  if (!existsSync(join(root, 'manifest.yaml'))) {
    throw new UsageError(`no manifest.yaml in ${root}. Run this in the plugin root or pass it with --dir <path>.`);
  }
  return root;
}

/** meta.runner.version (and pyproject's requires-python, which uv enforces) as one request. */
function pythonRequest(root: string, progress: Progress): PythonRequest {
  const manifest = parseYamlBytes('manifest.yaml', readFileSync(join(root, 'manifest.yaml')));
  const written = (manifest.data as { meta?: { runner?: { version?: unknown } } } | undefined)?.meta?.runner?.version;
  const at = manifest.locate(['meta', 'runner', 'version']);
  let runner = typeof written === 'string' || typeof written === 'number' ? parsePythonWant(String(written)) : undefined;
  let source = `manifest.yaml:${at.line}:${at.column} (meta.runner.version "${String(written)}")`;
  if (!runner) {
    progress.warn(
      written === undefined
        ? `manifest.yaml has no meta.runner.version; using Python ${DAEMON_PYTHON}, the one Dify's daemon uses`
        : `${source} is not a Python version; using Python ${DAEMON_PYTHON}, the one Dify's daemon uses`,
    );
    runner = parsePythonWant(DAEMON_PYTHON)!;
    source = `Python ${DAEMON_PYTHON} (Dify's daemon)`;
  }
  const pyproject = requiresPython(root);
  if (!pyproject) return { want: runner, source };
  const both = runner;
  if (!anyVersion((v) => both.accepts(v) && pyproject.want.accepts(v))) {
    // No Python satisfies both. uv enforces requires-python, and the daemon builds with 3.12
    // whatever the manifest says (it never reads meta.runner.version): follow them, and say so.
    progress.warn(
      `${source} contradicts ${pyproject.source}; Dify's daemon uses Python ${DAEMON_PYTHON} whatever the manifest says, ` +
        `and uv enforces requires-python, so setup follows requires-python.\n  Set meta.runner.version to a version requires-python accepts (e.g. "${DAEMON_PYTHON}").`,
    );
    return { want: pyproject.want, source: pyproject.source };
  }
  return {
    want: { text: runner.text, accepts: (v) => both.accepts(v) && pyproject.want.accepts(v), preferredMinors: runner.preferredMinors },
    source: `${source} and ${pyproject.source}`,
  };
}

/** True when some CPython 3.x release satisfies the test (to tell a contradiction from a missing interpreter). */
function anyVersion(test: (v: number[]) => boolean): boolean {
  for (let minor = 6; minor <= 20; minor++) for (let patch = 0; patch <= 30; patch++) if (test([3, minor, patch])) return true;
  return false;
}

function requiresPython(root: string): { want: PythonWant; source: string } | undefined {
  const file = join(root, 'pyproject.toml');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const m = /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text);
  const want = m && parsePythonWant(m[1]);
  if (!m || !want) return undefined;
  const line = text.slice(0, m.index + m[0].indexOf('requires-python')).split('\n').length;
  return { want, source: `pyproject.toml:${line} (requires-python "${m[1]}")` };
}

async function choosePython(root: string, flag: string | undefined, request: PythonRequest): Promise<FoundPython> {
  if (flag) {
    const found = await explicitPython(flag);
    if (!found) throw new UsageError(`--python ${flag}: cannot run it as a Python interpreter. Pass the path of a Python ${request.want.text} executable.`);
    if (!request.want.accepts(found.version)) {
      throw new UsageError(
        `--python ${flag} is Python ${found.versionText}, but ${request.source} asks for another version.\n` +
          `  Pass a Python ${request.want.text} interpreter, or leave out --python to let setup find one.`,
      );
    }
    return found;
  }
  const { found, tried } = await findPython(request.want);
  if (found) return found;
  const uv = await findUv();
  if (uv) {
    const r = await run(uv.path, ['python', 'find', request.want.text], { cwd: root, env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' }, timeoutMs: 60_000 });
    const path = r.code === 0 ? r.stdout.trim().split('\n').at(-1) : undefined;
    const viaUv = path ? await explicitPython(path) : undefined;
    if (viaUv && request.want.accepts(viaUv.version)) return { ...viaUv, via: 'uv python find' };
    tried.push({ via: 'uv python find', version: viaUv?.versionText });
  }
  throw noPython(request, tried);
}

function noPython(request: PythonRequest, tried: Tried[]): UsageError {
  const seen = tried.length ? tried.map((t) => `${t.via}${t.version ? ` → ${t.version}` : ' (does not run)'}`).join(', ') : 'no python3 on PATH, no pyenv versions';
  const minor = request.want.preferredMinors[0] ?? DAEMON_PYTHON;
  const ways = [
    ...(onPath('pyenv') || existsSync(join(process.env.PYENV_ROOT || join(process.env.HOME ?? '', '.pyenv'), 'versions')) ? [`pyenv install ${minor}`] : []),
    `uv python install ${minor}`,
    `your system's package (e.g. apt install python${minor} python${minor}-venv, brew install python@${minor})`,
  ];
  return new UsageError(
    `no Python found for ${request.source}; it needs Python ${request.want.text}.\n` +
      `  Looked at: ${seen}.\n` +
      `  Install one (${ways.join('; or ')}), or pass --python <path to a Python ${minor}>.`,
  );
}

function uvSourceText(uv: Uv): string {
  switch (uv.source) {
    case 'UV_PATH':
      return `UV_PATH=${tildify(uv.path)}`;
    case 'PATH':
      return `${tildify(uv.path)} on PATH`;
    case 'cache':
      return `installed earlier by model-plugin into ${tildify(uv.path)}`;
    default:
      return tildify(uv.path);
  }
}

/** Keeps a .venv built with the chosen Python; replaces one built with another or broken. */
function prepareVenv(root: string, python: FoundPython, installer: 'uv' | 'pip', force: boolean, progress: Progress): void {
  const dir = venvDir(root);
  if (!existsSync(dir)) return;
  const cfg = readPyvenvCfg(root);
  if (!cfg) {
    if (!force) {
      throw new UsageError(`${dir} exists but is not a virtualenv (no pyvenv.cfg). Move it away, or pass --force to replace it.`);
    }
    progress.line(`  replacing ${dir} (not a virtualenv; --force)`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  if (cfg.version !== python.versionText || !existsSync(venvPython(root))) {
    progress.line(`  replacing .venv (${cfg.version ? `Python ${cfg.version}` : 'broken'}) with one on Python ${python.versionText}`);
    rmSync(dir, { recursive: true, force: true });
  } else if (installer === 'pip' && cfg.uv) {
    progress.line('  replacing .venv (made by uv, without pip) with one made by python -m venv');
    rmSync(dir, { recursive: true, force: true });
  }
}

function uvEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIRTUAL_ENV: venvDir(root),
    UV_CACHE_DIR: uvCacheDir(),
    // Never fetch an interpreter: setup picked one, and the machine may reach PyPI only.
    UV_PYTHON_DOWNLOADS: process.env.UV_PYTHON_DOWNLOADS ?? 'never',
  };
  delete env.UV_PROJECT_ENVIRONMENT; // the daemon's environment is .venv in the plugin root
  return env;
}

async function installWithUv(root: string, mode: DependencyMode, python: FoundPython, uv: Uv, progress: Progress, onLine?: (l: string) => void): Promise<string> {
  const env = uvEnv(root);
  if (!existsSync(venvDir(root))) {
    await progress.step(`Creating .venv with Python ${python.versionText} (uv venv)`, async () =>
      check(await run(uv.path, ['venv', '.venv', '--python', python.executable], { cwd: root, env, onLine }), 'uv venv .venv', root),
    );
  }
  const locked = mode === 'pyproject' && existsSync(join(root, 'uv.lock'));
  // The daemon's arguments (prepareSyncArgs / preparePipArgs); --python pins the interpreter chosen above.
  const args =
    mode === 'pyproject'
      ? ['sync', '--no-dev', '--prerelease=allow', ...(locked ? ['--frozen'] : []), '--python', python.executable]
      : ['pip', 'install', '--prerelease=allow', '-r', 'requirements.txt', '--python', venvPython(root)];
  const shown = `uv ${args.filter((a, i) => a !== '--python' && args[i - 1] !== '--python').join(' ')}`;
  const from = mode === 'pyproject' ? (locked ? 'pyproject.toml + uv.lock' : 'pyproject.toml, no uv.lock') : 'requirements.txt';
  await progress.step(
    `Installing dependencies: ${shown} (${from})`,
    async () => check(await run(uv.path, args, { cwd: root, env, onLine }), shown, root),
    () => `Installed dependencies (${from})`,
  );
  return shown;
}

/** venv + pip when uv is unavailable. From pyproject.toml: its dependencies, held to uv.lock's versions. */
async function installWithPip(root: string, mode: DependencyMode, python: FoundPython, progress: Progress, onLine?: (l: string) => void): Promise<string> {
  const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1', PIP_CACHE_DIR: process.env.PIP_CACHE_DIR ?? join(toolCacheDir(), 'pip-cache') };
  if (!existsSync(venvDir(root))) {
    await progress.step(`Creating .venv with Python ${python.versionText} (python -m venv)`, async () =>
      check(await run(python.executable, ['-m', 'venv', '.venv'], { cwd: root, env, onLine }), 'python -m venv .venv', root),
    );
  }
  const py = venvPython(root);
  let args = ['-m', 'pip', 'install', '--pre', '-r', 'requirements.txt'];
  let shown = 'pip install --pre -r requirements.txt';
  if (mode === 'pyproject') {
    const r = await run(py, ['-c', LOCK_TO_PIP, join(venvDir(root), 'model-plugin')], { cwd: root, env });
    check(r, 'reading pyproject.toml and uv.lock', root);
    const { requirements, constraints } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { requirements: string; constraints: string | null };
    args = ['-m', 'pip', 'install', '--pre', '-r', requirements, ...(constraints ? ['-c', constraints] : [])];
    shown = `pip install --pre (pyproject.toml dependencies${constraints ? ', versions from uv.lock' : ''})`;
  }
  await progress.step(`Installing dependencies: ${shown}`, async () => check(await run(py, args, { cwd: root, env, onLine }), shown, root), () => `Installed dependencies: ${shown}`);
  return shown;
}

/**
 * Turns pyproject.toml into a requirements file and uv.lock into a constraints file (one pin per
 * package; a package locked at two versions for different markers is left free), for pip.
 */
const LOCK_TO_PIP = `
import json, os, sys, tomllib
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
with open("pyproject.toml", "rb") as f:
    deps = tomllib.load(f).get("project", {}).get("dependencies", [])
req = os.path.join(out, "requirements.txt")
with open(req, "w") as f:
    f.write("\\n".join(deps) + "\\n")
cons = None
if os.path.exists("uv.lock"):
    with open("uv.lock", "rb") as f:
        lock = tomllib.load(f)
    pins = {}
    for p in lock.get("package", []):
        if "registry" in p.get("source", {}) and "version" in p:
            pins.setdefault(p["name"], set()).add(p["version"])
    cons = os.path.join(out, "constraints.txt")
    with open(cons, "w") as f:
        f.write("".join(f"{n}=={v.pop()}\\n" for n, v in sorted(pins.items()) if len(v) == 1))
print(json.dumps({"requirements": req, "constraints": cons}))
`;

function check(result: ExecResult, what: string, root: string): void {
  if (result.spawnError) {
    throw new UsageError(`${what}: could not start it (${result.spawnError.code ?? result.spawnError.message}).`);
  }
  if (result.code === 0) return;
  const how = result.signal ? `was stopped by ${result.signal}` : `failed (exit ${result.code})`;
  throw new UsageError(`${what} ${how} in ${root}:\n${tail(result)}\n  Fix the dependency file it names (or the network/index settings it reports), then run model-plugin setup ${dirArg(root)} again.`, EXIT.problems);
}

/** The daemon's warm-up import; returns the installed dify_plugin version. */
async function warmUp(root: string, mode: DependencyMode): Promise<string> {
  const env = { ...process.env };
  delete env.PYTHONDONTWRITEBYTECODE; // the point of the warm-up is the bytecode it leaves in .venv
  const r = await run(venvPython(root), ['-c', WARM_UP], { cwd: root, env, timeoutMs: 10 * 60_000 });
  let reported: { python: string; sdk: string | null } | undefined;
  try {
    reported = JSON.parse(r.stdout.trim().split('\n')[0] ?? '');
  } catch {
    reported = undefined;
  }
  const file = mode === 'pyproject' ? 'pyproject.toml' : 'requirements.txt';
  if (reported && !reported.sdk) {
    const declared = declaredIn(root, mode);
    throw new UsageError(
      `dify_plugin is not installed in .venv: ${declared ? `${declared.file}:${declared.line}:${declared.column} declares "${declared.requirement}", but it was not installed` : `${file} does not list it`}.\n` +
        `  Add dify_plugin>=${MARKETPLACE_MIN_SDK} to ${file}, then run model-plugin setup ${dirArg(root)} again.`,
      EXIT.problems,
    );
  }
  if (r.code !== 0 || !reported) {
    const last = r.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${r.code}`;
    throw new UsageError(
      `.venv was built, but ${reported?.sdk ? `dify_plugin ${reported.sdk}` : 'dify_plugin'} does not import: ${last}\n${tail(r, 8)}\n` +
        `  The installed packages do not work together. Pin versions that do in ${file} (with pyproject.toml, lock them: uv lock), then run model-plugin setup ${dirArg(root)} --force.`,
      EXIT.problems,
    );
  }
  return reported.sdk!;
}

function declaredIn(root: string, mode: DependencyMode): DeclaredSdk | undefined {
  const file = mode === 'pyproject' ? 'pyproject.toml' : 'requirements.txt';
  try {
    return declaredSdk(file, readFileSync(join(root, file), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Warns when the installed SDK is older than the plugin declares, or than the Marketplace accepts. */
function sdkWarnings(root: string, mode: DependencyMode, installed: string | null, progress: Progress): void {
  if (!installed) return;
  const declared = declaredIn(root, mode);
  if (declared?.minimum && below(installed, declared.minimum)) {
    progress.warn(
      `dify_plugin ${installed} is installed, but ${declared.file}:${declared.line}:${declared.column} asks for "${declared.requirement}".\n` +
        (mode === 'pyproject' && existsSync(join(root, 'uv.lock'))
          ? `  uv.lock pins an older one: run uv lock (or uv lock --upgrade-package dify-plugin), then model-plugin setup ${dirArg(root)}.`
          : `  Run model-plugin setup ${dirArg(root)} --force; if it stays, the index has no matching release for this Python.`),
    );
  }
  if (below(installed, MARKETPLACE_MIN_SDK)) {
    const where = declared ? `${declared.file}:${declared.line}:${declared.column}` : mode === 'pyproject' ? 'pyproject.toml' : 'requirements.txt';
    progress.warn(
      `dify_plugin ${installed} is older than ${MARKETPLACE_MIN_SDK}, which the Marketplace requires (MK45).\n` +
        `  Require dify_plugin>=${MARKETPLACE_MIN_SDK} at ${where} (releases from 0.9 need Python 3.12), then run model-plugin setup ${dirArg(root)}.`,
    );
  }
  if (!declared) progress.warn(`${mode === 'pyproject' ? 'pyproject.toml' : 'requirements.txt'} does not declare dify_plugin; Dify installs only what is listed there.`);
}
