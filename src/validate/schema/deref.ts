// Replaces every local `$ref` ("#/definitions/x") by the definition itself, nested as
// `allOf: [definition]` next to the referring node's own keywords. The schemas/*.json files keep
// their $refs (readable, and what editors use); the validators are compiled from this expanded
// form because ajv compiles a definition that itself contains refs as a separate function whose
// error paths start at that definition, which would lose where the error happened. In the
// expanded form every error's schemaPath walks from the root through the referring property, so
// the annotations on the way (the use site's x-rule, then the definition's) are all found.
import type { JsonSchema } from './annotations.js';

const MAX_DEPTH = 64;

export function dereference(root: JsonSchema): JsonSchema {
  const definitions = (root.definitions ?? {}) as Record<string, JsonSchema>;
  const expand = (node: unknown, depth: number, trail: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => expand(n, depth, trail));
    if (typeof node !== 'object' || node === null) return node;
    if (depth > MAX_DEPTH) throw new Error(`schema nesting deeper than ${MAX_DEPTH} at ${trail.join(' > ')}`);
    const src = node as JsonSchema;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(src)) {
      if (key === '$ref' || key === 'definitions') continue;
      // Annotation values (examples, notes) are data, not schemas: copy them as they are.
      out[key] = key === 'examples' || key === 'x-notes' || key === 'enum' ? value : expand(value, depth + 1, trail);
    }
    if (typeof src.$ref === 'string') {
      const m = /^#\/definitions\/([^/]+)$/.exec(src.$ref);
      if (!m || !definitions[m[1]]) throw new Error(`unsupported $ref ${src.$ref}: only "#/definitions/<name>" of the same file`);
      if (trail.includes(m[1])) throw new Error(`recursive $ref ${src.$ref} (${trail.join(' > ')})`);
      const target = expand(definitions[m[1]], depth + 1, [...trail, m[1]]);
      out.allOf = [...((out.allOf as unknown[]) ?? []), target];
    }
    return out;
  };
  return expand(root, 0, []) as JsonSchema;
}
