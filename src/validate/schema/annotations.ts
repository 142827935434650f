// Reads the annotations of schemas/*.json (see ajv-config.ts) for one ajv error: which rule the
// failing constraint implements, how severe it is, and the sentences that explain the fix.
import type { Severity } from '../diagnostic.js';
import type { SchemaError } from './validators.js';
import { isRecord } from '../../plugin/values.js';

export type JsonSchema = { [key: string]: unknown };

/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties', 'dependencies']);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** Keywords whose value is one subschema (`items` may also be a list). */
const SCHEMA_SINGLE = new Set(['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);

export interface Annotated {
  ruleId: string | undefined;
  severity: Severity | undefined;
  custom: boolean;
  /** The subschema holding the failing keyword. */
  node: JsonSchema;
  /** For `required`: the missing property's own subschema, if declared. */
  target?: JsonSchema;
}

/** The subschemas from the root to the one holding the failing keyword, in order. */
export function schemaNodes(root: JsonSchema, schemaPath: string): JsonSchema[] {
  const segs = schemaPath.replace(/^#\/?/, '').split('/').filter((s) => s !== '').map(unescapePointer);
  const nodes: JsonSchema[] = [root];
  let node: unknown = root;
  // The last segment is the failing keyword itself.
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i];
    if (!isSchema(node)) break;
    const value = node[seg];
    if (SCHEMA_MAPS.has(seg) || SCHEMA_LISTS.has(seg) || (seg === 'items' && Array.isArray(value))) {
      const child = (value as Record<string, unknown> | unknown[] | undefined)?.[segs[i + 1] as never];
      i++;
      node = child;
    } else if (SCHEMA_SINGLE.has(seg)) {
      node = value;
    } else {
      break;
    }
    if (isSchema(node)) nodes.push(node);
  }
  return nodes;
}

/**
 * The deepest `x-rule` on the way to the failing keyword wins, and `x-severity`/`x-custom` count
 * only at or below it. `required` is the exception: a missing property declared next to it (in the
 * same subschema's `properties`) is reported under that property's own `x-rule`; a conditional
 * `required` in a subschema of its own (allOf/then/else) uses that subschema's rule.
 * Unknown keys (`additionalProperties`) go to the deepest `x-unknown`.
 */
export function annotate(root: JsonSchema, error: SchemaError): Annotated {
  const nodes = schemaNodes(root, error.schemaPath);
  const node = nodes[nodes.length - 1];

  if (error.keyword === 'additionalProperties') {
    const owner = findLast(nodes, (n) => typeof n['x-unknown'] === 'string');
    return { ruleId: owner?.['x-unknown'] as string | undefined, severity: undefined, custom: false, node };
  }

  const ruleIndex = findLastIndex(nodes, (n) => typeof n['x-rule'] === 'string');
  let ruleId = ruleIndex >= 0 ? (nodes[ruleIndex]['x-rule'] as string) : undefined;
  let target: JsonSchema | undefined;
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    const props = node.properties as Record<string, unknown> | undefined;
    target = isSchema(props?.[missing]) ? (props![missing] as JsonSchema) : undefined;
    if (typeof target?.['x-rule'] === 'string') {
      ruleId = target['x-rule'] as string;
      return {
        ruleId,
        severity: severityOf(target['x-severity']) ?? severityOf(node['x-severity']),
        custom: target['x-custom'] === true || node['x-custom'] === true,
        node,
        target,
      };
    }
  }
  const below = nodes.slice(Math.max(ruleIndex, 0));
  const sev = findLast(below, (n) => typeof n['x-severity'] === 'string');
  return {
    ruleId,
    severity: severityOf(sev?.['x-severity']),
    custom: below.some((n) => n['x-custom'] === true),
    node,
    target,
  };
}

/** A note for an enum value or an unknown key: the `x-notes` entry, or its `*` default. */
export function noteFor(node: JsonSchema, key: string, fallbackToDefault = true): string | undefined {
  const notes = node['x-notes'] as Record<string, string> | undefined;
  if (!notes) return undefined;
  if (Object.prototype.hasOwnProperty.call(notes, key)) return notes[key];
  return fallbackToDefault ? notes['*'] : undefined;
}

export function isSchema(v: unknown): v is JsonSchema {
  return isRecord(v);
}

function severityOf(v: unknown): Severity | undefined {
  return v === 'error' || v === 'warning' || v === 'info' ? v : undefined;
}

function unescapePointer(seg: string): string {
  return decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
}

function findLast<T>(list: T[], pred: (t: T) => boolean): T | undefined {
  const i = findLastIndex(list, pred);
  return i >= 0 ? list[i] : undefined;
}

function findLastIndex<T>(list: T[], pred: (t: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}
