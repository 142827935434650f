// §2.I Dependency policy (toolkit/checks/dependencies.py): every requirement in requirements.txt
// (following -r includes) and pyproject.toml (project, optional, dependency groups and Poetry
// tables, dev groups included) — no git or URL installs, dify_plugin >= 0.9.0, a version constraint
// on each; editable/local/large/lower-bound-only ones are flagged for review.
import { createRequire } from 'node:module';
import type { Rule } from '../../rule.js';
import type { LoadedPlugin } from '../../../plugin/load.js';
import type { MkFinding } from './finding.js';
import { scanRule } from './scan-rule.js';

const LARGE = new Set(['chromadb', 'faiss-cpu', 'faiss-gpu', 'jax', 'llama-cpp-python', 'opencv-contrib-python', 'opencv-python', 'opencv-python-headless', 'paddlepaddle', 'playwright', 'pyppeteer', 'selenium', 'spacy', 'tensorflow', 'tensorflow-cpu', 'torch', 'torchaudio', 'torchvision', 'transformers']);
const IGNORED_OPTIONS = ['-c ', '--constraint ', '--extra-index-url ', '--find-links ', '--index-url ', '--no-binary ', '--only-binary ', '--trusted-host ', '--use-pep517', '--use-feature '];
const OPERATORS = ['===', '==', '~=', '!=', '<=', '>=', '<', '>', '^'];

interface Where {
  file: string;
  line?: number;
  /** How the toolkit names the place (`requirements.txt:3`, `pyproject.toml:project.dependencies[0]`). */
  label: string;
}

/** Rules 1–8 of §2.I for one requirement string, first match wins. */
export function checkRequirement(req: string, at: Where): MkFinding[] {
  const f = (id: string, severity: 'error' | 'warning', msg: string): MkFinding => ({ id, severity, path: at.file, ...(at.line ? { line: at.line } : {}), message: `${at.label}: ${msg}` });
  if (/git\+/i.test(req)) return [f('MK41', 'error', `git-based install is not allowed ("${req}"). Publish the package to PyPI and depend on a released version.`)];
  if (/(^|\s@)\s*(?:https?|ftp|file):\/\//i.test(req)) return [f('MK42', 'error', `direct URL install is not allowed ("${req}"). Depend on a released PyPI version instead.`)];
  if (req.startsWith('-e ') || req.startsWith('--editable ')) return [f('MK43', 'warning', `editable install requires reviewer approval ("${req}"). Depend on a released version.`)];
  if (/^(?:\.\/|\.\.\/|\/)/.test(req) || /\s@\s*(?:\.\/|\.\.\/|\/)/.test(req)) return [f('MK43', 'warning', `local path dependency requires reviewer approval ("${req}"). Depend on a released version.`)];
  if (IGNORED_OPTIONS.some((o) => req.startsWith(o))) return [];
  const out: MkFinding[] = [];
  const head = req.split(' @ ')[0];
  const name = (/^[A-Za-z0-9_.-]*/.exec(head)![0]).toLowerCase().replace(/_/g, '-');
  if (LARGE.has(name)) out.push(f('MK44', 'warning', `large runtime dependency requires reviewer approval (${name}). Make sure the plugin needs it.`));
  if (name === 'dify-plugin') {
    const m = /(?:>=|==)\s*([0-9][0-9A-Za-z.+-]*)/.exec(req);
    const parts: number[] = [];
    if (m) for (const p of m[1].split(/[.+-]/)) {
      if (!/^\d+$/.test(p)) break;
      parts.push(Number(p));
    }
    if (!m || lexLess(parts, [0, 9, 0])) {
      out.push(f('MK45', 'error', `dify_plugin dependency must be >= 0.9.0 ("${req}"): the Marketplace requires a ">=" or "==" bound of at least 0.9.0, e.g. dify_plugin>=0.9.0,<0.11.0.`));
    }
    return out;
  }
  if (!OPERATORS.some((op) => req.includes(op))) {
    out.push(f('MK46', 'error', `dependency has no version constraint ("${req}"). Pin a range, e.g. ${name || 'package'}>=1.2,<2.`));
  } else if (/^([^<>=!~]+)?(>=|>)\s*[^,]+$/i.test(req)) {
    out.push(f('MK47', 'warning', `dependency has only a lower-bound version constraint ("${req}"). Add an upper bound, e.g. "${req},<NEXT_MAJOR".`));
  }
  return out;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

function scanRequirementsFile(plugin: LoadedPlugin, rel: string, seen: Set<string>, out: MkFinding[]): void {
  if (seen.has(rel)) return;
  seen.add(rel);
  const text = plugin.fs.readText(rel, 1024 * 1024);
  if (text === undefined) return;
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const cut = raw.indexOf(' #');
    const line = (cut >= 0 ? raw.slice(0, cut) : raw).trim();
    if (!line || line.startsWith('#')) return;
    const inc = /^(?:-r|--requirement) (.+)$/.exec(line);
    if (inc) {
      const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
      const target = plugin.fs.resolve(dir + inc[1].trim());
      if (target.status === 'absolute' || target.status === 'parent' || target.status === 'outside') {
        out.push({ id: 'MK43', severity: 'warning', path: rel, line: n, message: `${rel}:${n}: referenced requirements file is outside the package (${inc[1]}).` });
      } else if (target.status !== 'file') {
        out.push({ id: 'MK43', severity: 'warning', path: rel, line: n, message: `${rel}:${n}: referenced requirements file ${inc[1]} is missing.` });
      } else scanRequirementsFile(plugin, target.rel, seen, out);
      return;
    }
    out.push(...checkRequirement(line, { file: rel, line: n, label: `${rel}:${n}` }));
  });
}

type Toml = Record<string, unknown>;
const isTable = (v: unknown): v is Toml => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function poetryRequirement(name: string, v: unknown): string | undefined {
  if (typeof v === 'string') return /^[=<>~!]/.test(v) ? name + v : `${name} ${v}`;
  if (!isTable(v)) return undefined;
  if (typeof v.git === 'string') {
    const ref = ['rev', 'tag', 'branch'].map((k) => v[k]).find((x) => typeof x === 'string');
    return `${name} @ git+${v.git}${ref ? `@${ref}` : ''}`;
  }
  if (typeof v.url === 'string') return `${name} @ ${v.url}`;
  if (typeof v.path === 'string') return `${name} @ ${v.path}`;
  return typeof v.version === 'string' ? (/^[=<>~!]/.test(v.version) ? name + v.version : `${name} ${v.version}`) : name;
}

function scanPyproject(plugin: LoadedPlugin, out: MkFinding[]): void {
  const text = plugin.fs.readText('pyproject.toml', 1024 * 1024);
  if (text === undefined) return;
  let doc: Toml;
  try {
    // Loaded only here: the TOML parser is needed by --marketplace alone.
    const { parse } = createRequire(import.meta.url)('smol-toml') as { parse: (s: string) => Toml };
    doc = parse(text);
  } catch (e) {
    out.push({ id: 'MK46', severity: 'error', path: 'pyproject.toml', message: `failed to parse pyproject.toml: ${(e as Error).message.split('\n')[0]}. Fix the TOML syntax.` });
    return;
  }
  const lineOf = (s: string) => {
    const i = text.split('\n').findIndex((l) => l.includes(s));
    return i >= 0 ? i + 1 : undefined;
  };
  const add = (req: string, label: string) => {
    const line = lineOf(req.split(' ')[0]);
    out.push(...checkRequirement(req, { file: 'pyproject.toml', ...(line ? { line } : {}), label: `pyproject.toml:${label}` }));
  };
  const list = (v: unknown, label: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => typeof x === 'string' && add(x, `${label}[${i}]`));
  };
  const project = isTable(doc.project) ? doc.project : {};
  list(project.dependencies, 'project.dependencies');
  if (isTable(project['optional-dependencies'])) for (const [g, v] of Object.entries(project['optional-dependencies'])) list(v, `project.optional-dependencies.${g}`);
  if (isTable(doc['dependency-groups'])) for (const [g, v] of Object.entries(doc['dependency-groups'])) list(v, `dependency-groups.${g}`);
  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  if (poetry) {
    const table = (t: unknown, label: string) => {
      if (!isTable(t)) return;
      for (const [name, v] of Object.entries(t)) {
        if (name === 'python') continue;
        const req = poetryRequirement(name, v);
        if (req) add(req, `${label}.${name}`);
      }
    };
    table(poetry.dependencies, 'tool.poetry.dependencies');
    table(poetry['dev-dependencies'], 'tool.poetry.dev-dependencies');
    if (isTable(poetry.group)) for (const [g, v] of Object.entries(poetry.group)) if (isTable(v)) table(v.dependencies, `tool.poetry.group.${g}.dependencies`);
  }
}

export function scanDependencies(plugin: LoadedPlugin): MkFinding[] {
  const out: MkFinding[] = [];
  if (plugin.fs.resolve('requirements.txt').status === 'file') scanRequirementsFile(plugin, 'requirements.txt', new Set(), out);
  if (plugin.fs.resolve('pyproject.toml').status === 'file') scanPyproject(plugin, out);
  return out;
}

export const dependencyRules: Rule[] = [
  scanRule('MK41', 'error', 'Marketplace: no git+ dependency (requirements.txt, pyproject.toml).', scanDependencies),
  scanRule('MK42', 'error', 'Marketplace: no direct-URL dependency (http(s)/ftp/file URL, or name @ URL).', scanDependencies),
  scanRule('MK43', 'warning', 'Marketplace: editable (-e) and local-path dependencies, and -r includes that are missing or outside, are reviewed by hand.', scanDependencies),
  scanRule('MK44', 'warning', 'Marketplace: large runtime dependencies (torch, transformers, tensorflow, opencv, playwright...) are reviewed by hand.', scanDependencies),
  scanRule('MK45', 'error', 'Marketplace: dify_plugin is required with a >= or == bound of at least 0.9.0.', scanDependencies),
  scanRule('MK46', 'error', 'Marketplace: every dependency has a version constraint; pyproject.toml parses.', scanDependencies),
  scanRule('MK47', 'warning', 'Marketplace: dependencies with only a lower bound (>=, >) are flagged.', scanDependencies),
];
