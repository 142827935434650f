// Quoting of user-typed text for the languages the templates produce. Every value an author
// typed reaches a generated file only through one of these functions, so a label such as
// `Acme: "x" {{y}} #z` or a description with a newline round-trips exactly.

/**
 * A YAML double-quoted scalar that PyYAML (YAML 1.1, the SDK), yaml.v3 (the daemon) and the
 * `yaml` package (YAML 1.2) all read back as the same string. Escaped besides `"` and `\`:
 * C0/C1 controls, DEL, the YAML line separators U+0085/U+2028/U+2029 (a raw one would be folded
 * into a space), the BOM and non-characters, and lone surrogates (not encodable in UTF-8).
 */
export function yamlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\n': out += '\\n'; continue;
      case '\t': out += '\\t'; continue;
      case '\r': out += '\\r'; continue;
    }
    if (needsYamlEscape(cp)) out += escapeCodePoint(cp);
    else out += ch;
  }
  return out + '"';
}

function needsYamlEscape(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0xfeff ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0xfffe ||
    cp === 0xffff
  );
}

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return '\\x' + hex(cp, 2);
  if (cp <= 0xffff) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * A TOML basic string. TOML forbids raw control characters other than tab and DEL, and its
 * `\u` escape must name a Unicode scalar value, so lone surrogates become U+FFFD.
 */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\uFFFD';
    else if (cp < 0x20 || cp === 0x7f) out += '\\u' + hex(cp, 4);
    else out += ch;
  }
  return out + '"';
}

/**
 * A Python string literal (double-quoted, ASCII-only so the file's encoding never matters).
 */
export function pythonString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2).toLowerCase();
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4).toLowerCase();
    else out += '\\U' + hex(cp, 8).toLowerCase();
  }
  return out + '"';
}

const PYTHON_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The PascalCase stem of generated class names, derived from a plugin/provider name that
 * matches `^[a-z0-9_-]+$`: `my-plugin` → `MyPlugin`, `3d_ai` → `P3dAi` (a class name cannot
 * start with a digit), `__` → `Plugin`. Always a valid Python identifier; the callers append
 * a suffix (`Provider`, `LargeLanguageModel`...), so the result is never a keyword.
 */
export function pythonClassStem(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let stem = parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  if (stem === '') stem = 'Plugin';
  if (/^[0-9]/.test(stem)) stem = 'P' + stem;
  if (!PYTHON_IDENTIFIER.test(stem)) throw new Error(`internal: derived class stem ${stem} is not an identifier`);
  return stem;
}

/** Checks that a string can be used as a Python identifier in generated code. */
export function assertPythonIdentifier(value: string): string {
  if (!PYTHON_IDENTIFIER.test(value)) throw new Error(`internal: ${JSON.stringify(value)} is not a Python identifier`);
  return value;
}

/**
 * A file name stem for a model YAML, derived from the model name (which may contain `/`, `:`,
 * spaces...). Keeps `[A-Za-z0-9._-]`, never starts with `.` or `_` (so it can neither hide nor
 * collide with `_position.yaml`), and stays short.
 */
export function modelFileStem(model: string): string {
  let stem = model.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[._-]+/, '').replace(/-+$/, '');
  stem = stem.slice(0, 100).replace(/[.-]+$/, '');
  return stem === '' ? 'model' : stem;
}
