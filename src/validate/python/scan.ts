// Reads the module-level structure of a Python source from its tokens: the names it binds, in the
// order they enter the module namespace (imports, classes, aliases, other assignments), each class's
// bases and the names its body defines. This is what Dify's class loader sees when it iterates
// `vars(module)` (reference §8.4), recovered without running the code.
import { tokenize, type Statement, type Token } from './tokenize.js';

export interface SourcePosition {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A dotted expression such as `OAICompatLargeLanguageModel` or `models.common.Base`. */
export type Dotted = string[];

export interface ClassDef {
  name: string;
  /** Positional bases as dotted names; a base that is not a plain dotted name is `null`. */
  bases: (Dotted | null)[];
  /** Names the class body binds directly (methods, properties, attributes), concrete ones. */
  members: Set<string>;
  /** Methods decorated with @abstractmethod in the body. */
  abstractMembers: Set<string>;
  /** `class` keyword to the end of the name. */
  position: SourcePosition;
}

export type Binding =
  | { kind: 'class'; name: string; cls: ClassDef; position: SourcePosition }
  /** `from <module> import <imported> as <name>`; level = number of leading dots. */
  | { kind: 'from'; name: string; module: string; level: number; imported: string; position: SourcePosition }
  /** `import a.b.c` binds `a` (module `a`); `import a.b.c as d` binds `d` to module `a.b.c`. */
  | { kind: 'import'; name: string; module: string; position: SourcePosition }
  /** `Name = other.Name`: a second name for the same object. */
  | { kind: 'alias'; name: string; target: Dotted; position: SourcePosition }
  /** Any other binding (functions, values): not a class as far as we can tell. */
  | { kind: 'value'; name: string; position: SourcePosition };

export interface StarImport {
  module: string;
  level: number;
  position: SourcePosition;
}

export interface ModuleScan {
  /** Every module-level binding, in execution order (a name may be bound more than once). */
  bindings: Binding[];
  starImports: StarImport[];
  /** `__all__` when it is a plain list/tuple of string literals. */
  all?: string[];
  /** True when the module does something we cannot follow statically (star import, globals() writes, exec). */
  dynamic: boolean;
  /** True when the token budget stopped the scan. */
  truncated: boolean;
}

const COMPOUND = new Set(['if', 'elif', 'else', 'try', 'except', 'finally', 'with', 'for', 'while', 'async', 'match', 'case']);

interface Block {
  indent: number;
  kind: 'class' | 'def' | 'other' | 'dead';
  cls?: ClassDef;
}

export function scanModule(source: string): ModuleScan {
  const { statements, truncated } = tokenize(source);
  const scan: ModuleScan = { bindings: [], starImports: [], dynamic: false, truncated };
  const stack: Block[] = [];
  let pendingDecorators: Token[][] = [];

  for (const stmt of statements) {
    while (stack.length > 0 && stack[stack.length - 1].indent >= stmt.indent) stack.pop();
    const toks = stmt.tokens;
    if (toks.length === 0) continue;
    const first = toks[0];

    if (first.type === 'op' && first.value === '@') {
      pendingDecorators.push(toks.slice(1));
      continue;
    }
    const decorators = pendingDecorators;
    pendingDecorators = [];

    const scope = currentScope(stack);
    const header = blockHeader(toks);

    if (scope.kind === 'module') {
      handleModuleStatement(scan, stmt);
    } else if (scope.kind === 'class' && scope.cls) {
      handleClassBodyStatement(scope.cls, toks, decorators);
    }

    if (header) {
      const block: Block = { indent: stmt.indent, kind: header };
      if (header === 'class' && scope.kind === 'module') {
        const bound = scan.bindings[scan.bindings.length - 1];
        if (bound?.kind === 'class') block.cls = bound.cls;
      }
      if (header === 'other' && isDeadBranch(toks)) block.kind = 'dead';
      stack.push(block);
      // `class A(B): x = 1` — the body on the header line.
      if (header === 'class' && block.cls) {
        const colon = headerColon(toks);
        if (colon >= 0 && colon < toks.length - 1) handleClassBodyStatement(block.cls, toks.slice(colon + 1), []);
      }
    }
  }
  return scan;
}

/** The innermost scope that decides where bindings go: the module, a class body, or nothing we track. */
function currentScope(stack: Block[]): { kind: 'module' | 'class' | 'none'; cls?: ClassDef } {
  for (let k = stack.length - 1; k >= 0; k--) {
    const b = stack[k];
    if (b.kind === 'def' || b.kind === 'dead') return { kind: 'none' };
    if (b.kind === 'class') {
      // A class nested in a function or another class does not reach the module namespace.
      for (let m = k - 1; m >= 0; m--) if (stack[m].kind !== 'other') return { kind: 'none' };
      return { kind: 'class', cls: b.cls };
    }
  }
  return { kind: 'module' };
}

function blockHeader(toks: Token[]): Block['kind'] | undefined {
  const first = toks[0];
  if (first.type !== 'name') return undefined;
  const kw = first.value === 'async' && toks[1]?.type === 'name' ? toks[1].value : first.value;
  const endsWithColon = headerColon(toks) >= 0;
  if (!endsWithColon) return undefined;
  if (kw === 'class') return 'class';
  if (kw === 'def') return 'def';
  // `match`/`case` are soft keywords: `match = re.match(...)` is an assignment.
  if ((kw === 'match' || kw === 'case') && (toks[1]?.type === 'op' && ['=', '.', ':', ','].includes(toks[1].value) || toks[toks.length - 1].value !== ':')) return undefined;
  if (COMPOUND.has(kw)) return 'other';
  return undefined;
}

/** Index of the `:` that ends a compound statement header (depth 0), or -1. */
function headerColon(toks: Token[]): number {
  let depth = 0;
  let lambdas = 0;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.type === 'name' && t.value === 'lambda' && depth === 0) lambdas++;
    if (t.type !== 'op') continue;
    if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
    else if (t.value === ')' || t.value === ']' || t.value === '}') depth = Math.max(0, depth - 1);
    else if (t.value === ':' && depth === 0) {
      if (lambdas > 0) {
        lambdas--;
        continue;
      }
      return k;
    }
  }
  return -1;
}

/** `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` / `if False:` bodies never run. */
function isDeadBranch(toks: Token[]): boolean {
  if (toks[0].value !== 'if') return false;
  const cond = toks.slice(1, headerColon(toks)).map((t) => t.value).join('');
  return cond === 'TYPE_CHECKING' || cond === 'typing.TYPE_CHECKING' || cond === 'False' || cond === '0';
}

function pos(from: Token, to: Token = from): SourcePosition {
  return { line: from.line, column: from.column, endLine: to.endLine, endColumn: to.endColumn };
}

function handleModuleStatement(scan: ModuleScan, stmt: Statement): void {
  const toks = stmt.tokens;
  const first = toks[0];
  const kw = first.type === 'name' ? first.value : '';

  if (kw === 'import') {
    parseImport(scan, toks);
    return;
  }
  if (kw === 'from') {
    parseFromImport(scan, toks);
    return;
  }
  if (kw === 'class' && toks[1]?.type === 'name') {
    const cls = parseClass(toks);
    scan.bindings.push({ kind: 'class', name: cls.name, cls, position: cls.position });
    return;
  }
  if ((kw === 'def' && toks[1]?.type === 'name') || (kw === 'async' && toks[1]?.value === 'def' && toks[2]?.type === 'name')) {
    const nameTok = kw === 'def' ? toks[1] : toks[2];
    scan.bindings.push({ kind: 'value', name: nameTok.value, position: pos(first, nameTok) });
    return;
  }
  if (kw === 'exec' || usesGlobalsWrite(toks)) scan.dynamic = true;

  // Header bindings: `for X in ...:`, `with ... as X:`, `except E as X:`.
  if (blockHeader(toks) === 'other') {
    const colon = headerColon(toks);
    const head = colon >= 0 ? toks.slice(0, colon) : toks;
    if (kw === 'for') {
      const inAt = head.findIndex((t) => t.type === 'name' && t.value === 'in');
      for (const t of head.slice(1, inAt < 0 ? head.length : inAt)) if (t.type === 'name') scan.bindings.push({ kind: 'value', name: t.value, position: pos(t) });
    }
    head.forEach((t, k) => {
      if (t.type === 'name' && t.value === 'as' && head[k + 1]?.type === 'name') scan.bindings.push({ kind: 'value', name: head[k + 1].value, position: pos(head[k + 1]) });
    });
    return;
  }

  parseAssignment(scan, toks);
}

function usesGlobalsWrite(toks: Token[]): boolean {
  for (let k = 0; k + 2 < toks.length; k++) {
    if (toks[k].value === 'globals' && toks[k + 1].value === '(' && toks[k + 2].value === ')') return true;
  }
  return false;
}

/** Top-level `=` signs of an assignment statement (not `==`, not inside brackets or a call's keyword arguments). */
function assignmentSplits(toks: Token[]): number[] {
  const at: number[] = [];
  let depth = 0;
  toks.forEach((t, k) => {
    if (t.type !== 'op') return;
    if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
    else if (t.value === ')' || t.value === ']' || t.value === '}') depth = Math.max(0, depth - 1);
    else if (t.value === '=' && depth === 0) at.push(k);
  });
  return at;
}

function parseAssignment(scan: ModuleScan, toks: Token[]): void {
  const splits = assignmentSplits(toks);
  // Annotated assignment without a value: `x: int` binds nothing at runtime.
  const annotated = toks[1]?.value === ':' && toks[0].type === 'name';
  if (splits.length === 0) {
    if (annotated) return;
    // Augmented assignment (`X += ...`) rebinds an existing name; it stays where it was.
    return;
  }
  const rhs = toks.slice(splits[splits.length - 1] + 1);
  const targets: Token[][] = [];
  let prev = 0;
  for (const s of splits) {
    targets.push(toks.slice(prev, s));
    prev = s + 1;
  }
  for (const target of targets) {
    const names = targetNames(annotated ? target.slice(0, 1) : target);
    if (names.length === 1 && names[0].value === '__all__' && target.length === 1) {
      const all = stringList(rhs);
      if (all) scan.all = all;
    }
    const rhsDotted = dottedOf(rhs);
    const constant = rhsDotted?.length === 1 && ['None', 'True', 'False'].includes(rhsDotted[0]);
    for (const nameTok of names) {
      if (names.length === 1 && target.length === 1 && rhsDotted && !constant) {
        scan.bindings.push({ kind: 'alias', name: nameTok.value, target: rhsDotted, position: pos(nameTok) });
      } else {
        scan.bindings.push({ kind: 'value', name: nameTok.value, position: pos(nameTok) });
      }
    }
  }
}

/** Names bound by an assignment target: `a`, `a, b`, `(a, [b, *c])`; attribute/subscript targets bind nothing. */
function targetNames(target: Token[]): Token[] {
  const names: Token[] = [];
  for (let k = 0; k < target.length; k++) {
    const t = target[k];
    if (t.type !== 'name') continue;
    const before = target[k - 1];
    const after = target[k + 1];
    if (before && before.type === 'op' && before.value === '.') continue;
    if (after && after.type === 'op' && (after.value === '.' || after.value === '[' || after.value === '(')) {
      // `a.b = ...`, `a[0] = ...`: not a new binding. Skip the rest of this element.
      continue;
    }
    names.push(t);
  }
  return names;
}

/** The tokens as a plain dotted name (`a.b.c`), or undefined. */
export function dottedOf(toks: Token[]): Dotted | undefined {
  if (toks.length === 0 || toks.length % 2 === 0) return undefined;
  const parts: string[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (k % 2 === 0) {
      if (t.type !== 'name') return undefined;
      parts.push(t.value);
    } else if (t.type !== 'op' || t.value !== '.') return undefined;
  }
  return parts;
}

function stringList(toks: Token[]): string[] | undefined {
  if (toks.length < 2) return undefined;
  const open = toks[0].value;
  const close = toks[toks.length - 1].value;
  if (!((open === '[' && close === ']') || (open === '(' && close === ')'))) return undefined;
  const out: string[] = [];
  for (const t of toks.slice(1, -1)) {
    if (t.type === 'op' && t.value === ',') continue;
    if (t.type !== 'string') return undefined;
    const m = /^[a-zA-Z]*(['"])(.*)\1$/s.exec(t.value);
    if (!m) return undefined;
    out.push(m[2]);
  }
  return out;
}

function parseImport(scan: ModuleScan, toks: Token[]): void {
  // import a.b.c [as d], e
  for (const part of splitTopLevel(toks.slice(1), ',')) {
    const asAt = part.findIndex((t) => t.type === 'name' && t.value === 'as');
    const modToks = asAt >= 0 ? part.slice(0, asAt) : part;
    const mod = dottedOf(modToks);
    if (!mod) continue;
    const module = mod.join('.');
    if (asAt >= 0 && part[asAt + 1]?.type === 'name') {
      scan.bindings.push({ kind: 'import', name: part[asAt + 1].value, module, position: pos(toks[0], part[part.length - 1]) });
    } else {
      scan.bindings.push({ kind: 'import', name: mod[0], module: mod[0], position: pos(toks[0], part[part.length - 1]) });
    }
  }
}

function parseFromImport(scan: ModuleScan, toks: Token[]): void {
  // from [.]*a.b import (x as y, z) | *
  let k = 1;
  let level = 0;
  while (k < toks.length && toks[k].type === 'op' && (toks[k].value === '.' || toks[k].value === '...')) {
    level += toks[k].value.length;
    k++;
  }
  const importAt = toks.findIndex((t, idx) => idx >= k && t.type === 'name' && t.value === 'import');
  if (importAt < 0) return;
  const modToks = toks.slice(k, importAt);
  const mod = modToks.length === 0 ? [] : dottedOf(modToks);
  if (!mod) return;
  const module = mod.join('.');
  let names = toks.slice(importAt + 1);
  if (names[0]?.value === '(') names = names.slice(1, names[names.length - 1]?.value === ')' ? -1 : undefined);
  const position = pos(toks[0], toks[toks.length - 1]);
  if (names.length === 1 && names[0].value === '*') {
    scan.starImports.push({ module, level, position });
    return;
  }
  for (const part of splitTopLevel(names, ',')) {
    if (part.length === 0 || part[0].type !== 'name') continue;
    const imported = part[0].value;
    const alias = part[1]?.value === 'as' && part[2]?.type === 'name' ? part[2].value : imported;
    scan.bindings.push({ kind: 'from', name: alias, module, level, imported, position });
  }
}

function splitTopLevel(toks: Token[], sep: string): Token[][] {
  const parts: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.type === 'op') {
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}') depth = Math.max(0, depth - 1);
      else if (t.value === sep && depth === 0) {
        parts.push(cur);
        cur = [];
        continue;
      }
    }
    cur.push(t);
  }
  if (cur.length > 0) parts.push(cur);
  return parts;
}

function parseClass(toks: Token[]): ClassDef {
  const nameTok = toks[1];
  const cls: ClassDef = {
    name: nameTok.value,
    bases: [],
    members: new Set(),
    abstractMembers: new Set(),
    position: pos(toks[0], nameTok),
  };
  // `class Name[T](bases):` — skip PEP 695 type parameters.
  let k = 2;
  if (toks[k]?.value === '[') k = skipBracket(toks, k);
  if (toks[k]?.value !== '(') return cls;
  const close = skipBracket(toks, k);
  for (const arg of splitTopLevel(toks.slice(k + 1, close - 1), ',')) {
    if (arg.length === 0) continue;
    // Keyword arguments (metaclass=...) and *args are not bases.
    if (arg[1]?.type === 'op' && arg[1].value === '=') continue;
    if (arg[0].type === 'op' && (arg[0].value === '*' || arg[0].value === '**')) continue;
    // `Generic[T]`, `Base[int]`: the subscripted name is the base.
    const sub = arg.findIndex((t) => t.type === 'op' && t.value === '[');
    cls.bases.push(dottedOf(sub >= 0 ? arg.slice(0, sub) : arg) ?? null);
  }
  return cls;
}

/** Given the index of an opening bracket, the index just after its matching close. */
function skipBracket(toks: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    const v = toks[k].type === 'op' ? toks[k].value : '';
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return toks.length;
}

function handleClassBodyStatement(cls: ClassDef, toks: Token[], decorators: Token[][]): void {
  const first = toks[0];
  if (!first) return;
  const defName = first.value === 'def' ? toks[1] : first.value === 'async' && toks[1]?.value === 'def' ? toks[2] : undefined;
  if (defName && defName.type === 'name') {
    const abstract = decorators.some((d) => {
      const dotted = dottedOf(d.filter((t) => t.value !== '(' && t.value !== ')'));
      return dotted !== undefined && dotted[dotted.length - 1] === 'abstractmethod';
    });
    if (abstract) cls.abstractMembers.add(defName.value);
    else cls.members.add(defName.value);
    return;
  }
  if (first.value === 'class' && toks[1]?.type === 'name') {
    cls.members.add(toks[1].value);
    return;
  }
  const splits = assignmentSplits(toks);
  const annotatedWithValue = first.type === 'name' && toks[1]?.value === ':' && splits.length > 0;
  if (annotatedWithValue) {
    cls.members.add(first.value);
    return;
  }
  let prev = 0;
  for (const s of splits) {
    for (const t of targetNames(toks.slice(prev, s))) cls.members.add(t.value);
    prev = s + 1;
  }
}
