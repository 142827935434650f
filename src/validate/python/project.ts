// The plugin's Python modules as Dify's class loader would see them, recovered statically: module
// names from paths (reference §8.4 step 1: `models/llm/llm.py` → `models.llm.llm`, plugin root on
// sys.path), imports followed inside the plugin root only, dify_plugin classes known by name
// (./sdk.ts), everything else "external". Files are read as text and never executed.
import type { PluginFs } from '../../plugin/plugin-fs.js';
import { readFailureText } from '../../plugin/read-file.js';
import { pythonFacts } from './facts.js';
import { type Binding, type ClassDef, type Dotted, type ModuleScan, type SourcePosition } from './scan.js';
import { BUILTIN_BASES, SDK_CLASSES, SDK_TOP_LEVEL_ALL, isSdkModule } from './sdk.js';

/** Sources larger than this are not scanned (the largest official model source is ~60 KB). */
export const MAX_PYTHON_BYTES = 2 * 1024 * 1024;
// Each import hop costs a few levels; real plugins re-export a name two or three times at most.
const MAX_DEPTH = 300;

export interface PyModule {
  /** Dotted module name (`models.llm.llm`). */
  name: string;
  /** File relative to the root; undefined for a namespace package (a folder without __init__.py). */
  file?: string;
  scan?: ModuleScan;
  /** Why the file could not be scanned (binary, too large, unreadable). */
  unreadable?: string;
}

export type PyValue =
  | { kind: 'sdk'; name: string }
  | { kind: 'class'; module: PyModule; cls: ClassDef }
  | { kind: 'module'; module: PyModule }
  | { kind: 'sdk-module'; name: string }
  /** Not followable (missing, dynamic, cyclic), or `external`: defined in another package. */
  | { kind: 'unknown'; why: string; external?: boolean }
  /** Known not to be a class the SDK looks for. */
  | { kind: 'value' };

export interface ImportProblem {
  file: string;
  position: SourcePosition;
  message: string;
}

/** One namespace entry as `vars(module)` lists it: the name's first position, its final value. */
export interface NamespaceEntry {
  name: string;
  value: PyValue;
  /** The statement that bound the final value (class line or import line). */
  position: SourcePosition;
  /** The module whose namespace this is. */
  file: string;
  /** True when the value was imported rather than defined in this module. */
  imported: boolean;
}

export interface ClassInfo {
  /** Unique key: file:line:name, or sdk:Name. */
  key: string;
  name: string;
  sdk?: string;
  local?: { module: PyModule; cls: ClassDef };
  bases: ClassInfo[];
  /** A base could not be followed (unresolved name, unreadable module). */
  uncertain: boolean;
  /** A base comes from another package (not the plugin, not dify_plugin): it may implement methods. */
  external: boolean;
}

export class PythonProject {
  private readonly files: Set<string>;
  private readonly dirs: Set<string>;
  private readonly modules = new Map<string, PyModule | null>();
  private readonly classCache = new Map<string, ClassInfo>();
  private readonly starCache = new Map<string, Map<string, PyValue>>();
  readonly problems: ImportProblem[] = [];
  private readonly problemKeys = new Set<string>();

  constructor(
    private readonly fs: PluginFs,
    walkFiles: readonly string[],
  ) {
    this.files = new Set(walkFiles);
    this.dirs = new Set();
    for (const f of walkFiles) {
      const parts = f.split('/');
      for (let k = 1; k < parts.length; k++) this.dirs.add(parts.slice(0, k).join('/'));
    }
  }

  /** Files of the modules loaded so far (the sources and every plugin module they import). */
  loadedFiles(): string[] {
    return [...this.modules.values()].flatMap((m) => (m?.file ? [m.file] : []));
  }

  /** The module a source path (as written in the provider YAML) loads as. */
  moduleOfFile(rel: string): PyModule {
    const name = moduleNameOf(rel);
    const cached = this.modules.get(name);
    if (cached && cached.file === rel) return cached;
    const mod = this.load(name, rel);
    this.modules.set(name, mod);
    return mod;
  }

  /** A plugin module by dotted name, or null when no such file/folder exists in the plugin. */
  findModule(name: string): PyModule | null {
    if (this.modules.has(name)) return this.modules.get(name)!;
    const path = name.split('.').join('/');
    let mod: PyModule | null = null;
    if (this.files.has(`${path}.py`)) mod = this.load(name, `${path}.py`);
    else if (this.files.has(`${path}/__init__.py`)) mod = this.load(name, `${path}/__init__.py`);
    else if (this.dirs.has(path)) mod = { name };
    this.modules.set(name, mod);
    return mod;
  }

  private load(name: string, file: string): PyModule {
    const mod: PyModule = { name, file };
    const resolved = this.fs.resolve(file);
    if (resolved.status !== 'file' || !resolved.abs) {
      mod.unreadable = 'it cannot be read inside the plugin root';
      return mod;
    }
    const read = this.fs.read(file, MAX_PYTHON_BYTES);
    if (!read.ok) {
      mod.unreadable =
        read.reason === 'too-large'
          ? `it is ${(read.size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_PYTHON_BYTES / 1024 / 1024} MiB a source is scanned up to`
          : `it ${readFailureText(read)}`;
      return mod;
    }
    // The same string the other readers of this source get (decoded once; its tokens are memoised).
    const text = this.fs.readText(file, MAX_PYTHON_BYTES) ?? read.bytes.toString('utf8');
    if (text.includes('\0')) {
      mod.unreadable = 'it contains NUL bytes (a binary file, not Python source)';
      return mod;
    }
    mod.scan = pythonFacts(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).scan;
    return mod;
  }

  /** `vars(module)` in order: each name once, at its first binding, with its final value. */
  namespace(mod: PyModule): NamespaceEntry[] {
    const scan = mod.scan;
    if (!scan || !mod.file) return [];
    const order: string[] = [];
    const final = new Map<string, NamespaceEntry>();
    const bind = (name: string, value: PyValue, position: SourcePosition, imported: boolean) => {
      if (!final.has(name)) order.push(name);
      final.set(name, { name, value, position, file: mod.file!, imported });
    };
    const events: ({ line: number; binding: Binding } | { line: number; star: ModuleScan['starImports'][number] })[] = [
      ...scan.bindings.map((binding) => ({ line: binding.position.line, binding })),
      ...scan.starImports.map((star) => ({ line: star.position.line, star })),
    ].sort((a, b) => a.line - b.line);
    for (const ev of events) {
      if ('binding' in ev) {
        const b = ev.binding;
        bind(b.name, this.valueOfBinding(mod, b, 0), b.position, b.kind === 'from' || b.kind === 'import');
      } else {
        for (const [name, value] of this.starNames(mod, ev.star.module, ev.star.level, ev.star.position, 0)) bind(name, value, ev.star.position, true);
      }
    }
    return order.map((n) => final.get(n)!);
  }

  /** True when the namespace may hold names we could not see (star imports of unknown modules, globals() writes). */
  isUncertain(mod: PyModule): boolean {
    if (!mod.scan) return true;
    if (mod.scan.dynamic || mod.scan.truncated) return true;
    // A module-level __getattr__ can answer any name.
    if (mod.scan.bindings.some((b) => b.name === '__getattr__')) return true;
    return mod.scan.starImports.some((s) => {
      const target = this.resolveModule(mod, s.module, s.level);
      return target.kind !== 'module' && !(target.kind === 'sdk-module' && target.name === 'dify_plugin');
    });
  }

  /** The value a name has in a module at a given line (the last binding before it), following imports. */
  lookup(mod: PyModule, name: string, beforeLine: number, depth = 0): PyValue | undefined {
    const scan = mod.scan;
    if (!scan) return mod.file ? { kind: 'unknown', why: `${mod.file} could not be read` } : undefined;
    let found: Binding | undefined;
    for (const b of scan.bindings) if (b.name === name && b.position.line < beforeLine) found = b;
    let starValue: PyValue | undefined;
    for (const s of scan.starImports) {
      if (s.position.line >= beforeLine) continue;
      if (found && found.position.line > s.position.line) continue;
      const names = this.starNames(mod, s.module, s.level, s.position, depth + 1);
      const v = names.get(name);
      if (v) starValue = v;
      else if (names.size === 0 && !this.starIsKnown(mod, s.module, s.level)) starValue = { kind: 'unknown', why: `it may come from \`from ${'.'.repeat(s.level)}${s.module} import *\`` };
    }
    if (starValue) return starValue;
    if (found) return this.valueOfBinding(mod, found, depth);
    return undefined;
  }

  private starIsKnown(mod: PyModule, module: string, level: number): boolean {
    const target = this.resolveModule(mod, module, level);
    return target.kind === 'module' || (target.kind === 'sdk-module' && target.name === 'dify_plugin');
  }

  private starNames(mod: PyModule, module: string, level: number, position: SourcePosition, depth: number): Map<string, PyValue> {
    // Memoised, and empty while being computed: star imports in a cycle must not multiply the work.
    const key = `${mod.file ?? mod.name}|${level}|${module}`;
    const cached = this.starCache.get(key);
    if (cached) return cached;
    const out = new Map<string, PyValue>();
    this.starCache.set(key, out);
    if (depth > MAX_DEPTH) return out;
    const target = this.resolveModule(mod, module, level, position);
    if (target.kind === 'sdk-module') {
      if (target.name === 'dify_plugin') for (const n of SDK_TOP_LEVEL_ALL) out.set(n, SDK_CLASSES[n] ? { kind: 'sdk', name: n } : { kind: 'value' });
      return out;
    }
    if (target.kind !== 'module' || !target.module.scan) return out;
    const tm = target.module;
    const names = tm.scan!.all ?? [...new Set(tm.scan!.bindings.map((b) => b.name))].filter((n) => !n.startsWith('_'));
    for (const n of names) {
      const v = this.lookup(tm, n, Number.MAX_SAFE_INTEGER, depth + 1);
      if (v) out.set(n, v);
    }
    return out;
  }

  private valueOfBinding(mod: PyModule, b: Binding, depth: number): PyValue {
    if (depth > MAX_DEPTH) return { kind: 'unknown', why: 'the import chain is too deep (a cycle?)' };
    switch (b.kind) {
      case 'class':
        return { kind: 'class', module: mod, cls: b.cls };
      case 'value':
        return { kind: 'value' };
      case 'alias':
        return this.resolveDotted(mod, b.target, b.position.line, depth + 1);
      case 'import': {
        const target = this.resolveModule(mod, b.module, 0, b.position);
        if (target.kind !== 'module') return target;
        // `import a.b.c` binds `a`; the attribute chain is walked by resolveDotted.
        return target;
      }
      case 'from': {
        const target = this.resolveModule(mod, b.module, b.level, b.position);
        return this.attribute(target, b.imported, depth + 1, { mod, position: b.position, statement: fromText(b) });
      }
    }
  }

  /** Resolves `a.b.C` as written in `mod` at `line`. */
  resolveDotted(mod: PyModule, dotted: Dotted, line: number, depth = 0): PyValue {
    if (depth > MAX_DEPTH) return { kind: 'unknown', why: 'the import chain is too deep (a cycle?)' };
    let value = this.lookup(mod, dotted[0], line, depth + 1);
    if (!value) {
      if (BUILTIN_BASES.has(dotted[0]) && dotted.length === 1) return { kind: 'value' };
      return { kind: 'unknown', why: `\`${dotted[0]}\` is not defined or imported before line ${line}` };
    }
    for (const part of dotted.slice(1)) value = this.attribute(value, part, depth + 1);
    return value;
  }

  private attribute(owner: PyValue, name: string, depth: number, importSite?: { mod: PyModule; position: SourcePosition; statement: string }): PyValue {
    if (depth > MAX_DEPTH) return { kind: 'unknown', why: 'the import chain is too deep (a cycle?)' };
    if (owner.kind === 'sdk-module') {
      if (SDK_CLASSES[name]) return { kind: 'sdk', name };
      // `from dify_plugin.interfaces.model.openai_compatible import provider`: a submodule (lower-case by convention).
      if (/^[a-z_][a-z0-9_]*$/.test(name)) return { kind: 'sdk-module', name: `${owner.name}.${name}` };
      return { kind: 'value' };
    }
    if (owner.kind === 'module') {
      const m = owner.module;
      const own = m.scan ? this.lookup(m, name, Number.MAX_SAFE_INTEGER, depth + 1) : undefined;
      if (own) return own;
      const sub = this.findModule(`${m.name}.${name}`);
      if (sub) return { kind: 'module', module: sub };
      if (m.file && m.scan && !this.isUncertain(m) && importSite) {
        this.problem(importSite.mod, importSite.position, `\`${importSite.statement}\`: ${m.file} defines no \`${name}\`, so the import fails and the plugin crashes at start (ImportError). Define \`${name}\` in ${m.file} or import it from where it is defined.`);
      }
      if (!m.file && importSite) {
        this.problem(importSite.mod, importSite.position, `\`${importSite.statement}\`: there is no ${m.name.split('.').join('/')}/${name}.py and the folder has no __init__.py, so the import fails and the plugin crashes at start (ImportError).`);
      }
      return { kind: 'unknown', why: `\`${name}\` was not found in ${m.file ?? m.name}` };
    }
    if (owner.kind === 'unknown') return owner;
    return { kind: 'unknown', why: `\`${name}\` is an attribute of a value, not of a module` };
  }

  /** Resolves an imported module name (absolute or relative to `from`) to a plugin module, the SDK, or an outside module. */
  resolveModule(from: PyModule, module: string, level: number, position?: SourcePosition): PyValue {
    let name = module;
    if (level > 0) {
      const pkg = packageOf(from);
      const parts = pkg ? pkg.split('.') : [];
      // importlib: `package.rsplit('.', level - 1)` must keep `level` parts, else "beyond top-level package".
      if (parts.length < level) {
        if (position) this.problem(from, position, `a relative import with ${level} dot(s) climbs above the plugin's top-level folder; Python raises ImportError and the plugin crashes at start. Import from a module inside the plugin.`);
        return { kind: 'unknown', why: 'relative import beyond the top-level package' };
      }
      const base = parts.slice(0, parts.length - (level - 1));
      name = [...base, ...(module ? module.split('.') : [])].join('.');
      if (!name) return { kind: 'unknown', why: 'relative import of the top level' };
    } else if (isSdkModule(module)) {
      return { kind: 'sdk-module', name: module };
    }
    const found = this.findModule(name);
    if (found) return { kind: 'module', module: found };
    const top = name.split('.')[0];
    const inPlugin = level > 0 || this.dirs.has(top) || this.files.has(`${top}.py`);
    if (inPlugin && position) {
      const path = name.split('.').join('/');
      this.problem(from, position, `\`${level > 0 ? '.'.repeat(level) + module : module}\` is imported but neither ${path}.py nor ${path}/__init__.py exists in the plugin; the import fails and the plugin crashes at start (ImportError). Add the module or fix the import.`);
    }
    return inPlugin ? { kind: 'unknown', why: `module ${name} is missing from the plugin` } : { kind: 'unknown', why: `\`${name}\` is not part of the plugin or dify_plugin`, external: true };
  }

  /** The class behind a value, with its bases resolved (memoised, cycle-safe). */
  classInfo(value: PyValue, depth = 0): ClassInfo | undefined {
    if (value.kind === 'sdk') return this.sdkInfo(value.name);
    if (value.kind !== 'class') return undefined;
    const key = `${value.module.file}:${value.cls.position.line}:${value.cls.name}`;
    const cached = this.classCache.get(key);
    if (cached) return cached;
    const info: ClassInfo = { key, name: value.cls.name, local: { module: value.module, cls: value.cls }, bases: [], uncertain: false, external: false };
    this.classCache.set(key, info); // before recursing: a cyclic hierarchy stops here
    if (depth > MAX_DEPTH) {
      info.uncertain = true;
      return info;
    }
    for (const base of value.cls.bases) {
      if (!base) {
        info.uncertain = true;
        continue;
      }
      const v = this.resolveDotted(value.module, base, value.cls.position.line, depth + 1);
      if (v.kind === 'value') continue; // object, builtins, non-model classes
      if (v.kind === 'unknown' && v.external) {
        // A third-party base (pydantic, enum, openai…) cannot make it a Dify class, but may add methods.
        info.external = true;
        continue;
      }
      const b = this.classInfo(v, depth + 1);
      if (b) info.bases.push(b);
      else info.uncertain = true;
    }
    return info;
  }

  private sdkInfo(name: string): ClassInfo {
    const key = `sdk:${name}`;
    const cached = this.classCache.get(key);
    if (cached) return cached;
    const info: ClassInfo = { key, name, sdk: name, bases: [], uncertain: false, external: false };
    this.classCache.set(key, info);
    info.bases = SDK_CLASSES[name].bases.map((b) => this.sdkInfo(b));
    return info;
  }

  private problem(mod: PyModule, position: SourcePosition, message: string): void {
    const file = mod.file ?? mod.name;
    const key = `${file}:${position.line}:${message}`;
    if (this.problemKeys.has(key)) return;
    this.problemKeys.add(key);
    this.problems.push({ file, position, message });
  }
}

export function moduleNameOf(rel: string): string {
  // Path(source).with_suffix("").as_posix().replace("/", ".") — only the last suffix goes.
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  const last = parts.pop() ?? '';
  const dot = last.lastIndexOf('.');
  parts.push(dot > 0 ? last.slice(0, dot) : last);
  const name = parts.join('.');
  return name.endsWith('.__init__') ? name.slice(0, -'.__init__'.length) : name;
}

function packageOf(mod: PyModule): string {
  if (mod.file && /(^|\/)__init__\.py$/.test(mod.file)) return mod.name;
  const parts = mod.name.split('.');
  parts.pop();
  return parts.join('.');
}

function fromText(b: Extract<Binding, { kind: 'from' }>): string {
  return `from ${'.'.repeat(b.level)}${b.module} import ${b.imported}${b.name !== b.imported ? ` as ${b.name}` : ''}`;
}
