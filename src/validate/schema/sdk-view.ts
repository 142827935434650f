// The value the schemas validate. The loader parses with YAML 1.2 (core schema), where a plain
// `yes`/`no`/`on`/`off` is text. The SDK reads YAML 1.1 (PyYAML), where they are booleans, and the
// daemon's yaml.v3 accepts them wherever it expects a boolean. So `required: yes` works in both
// Dify parsers while `default: yes` in a credential form is a boolean that the SDK refuses; giving
// the schemas the YAML 1.1 booleans reports exactly that (Y7 separately warns about the spelling).
// Likewise a plain `<<` key is a merge key for both Dify parsers (PyYAML, yaml.v3), so the merged
// keys are validated as the mapping's own.
import { isMap, isScalar, isSeq } from '../../plugin/yaml-ast.js';
import type { Node } from 'yaml';
import type { YamlFile } from '../../plugin/yaml-file.js';

const YAML11_BOOL = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;
const MAYBE_BOOL_WORD_OR_MERGE = /\b(?:yes|no|on|off)\b|<</i;

const cache = new WeakMap<YamlFile, unknown>();

export function validationData(file: YamlFile): unknown {
  if (cache.has(file)) return cache.get(file);
  let data = file.data;
  if (file.doc && MAYBE_BOOL_WORD_OR_MERGE.test(file.text)) data = convert(file.doc.contents as Node | null, data);
  cache.set(file, data);
  return data;
}

function convert(node: Node | null | undefined, value: unknown): unknown {
  if (!node) return value;
  if (isScalar(node)) {
    if (node.type === 'PLAIN' && typeof value === 'string' && YAML11_BOOL.test(value)) return /^(?:yes|on)$/i.test(value);
    return value;
  }
  if (isMap(node) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    let out = value as Record<string, unknown>;
    let merge = false;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (key === '<<' && pair.key.type === 'PLAIN') merge = true;
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const before = (value as Record<string, unknown>)[key];
      const after = convert(pair.value as Node | null, before);
      if (after !== before) {
        if (out === value) out = { ...out };
        Object.defineProperty(out, key, { value: after, enumerable: true, writable: true, configurable: true });
      }
    }
    return merge ? applyMerge(out) : out;
  }
  if (isSeq(node) && Array.isArray(value)) {
    let out = value;
    node.items.forEach((item, i) => {
      const after = convert(item as Node | null, value[i]);
      if (after !== value[i]) {
        if (out === value) out = [...value];
        out[i] = after;
      }
    });
    return out;
  }
  return value;
}

/** YAML 1.1 merge: the mapping's own keys win, then earlier merged mappings over later ones. */
function applyMerge(map: Record<string, unknown>): Record<string, unknown> {
  const sources = Array.isArray(map['<<']) ? (map['<<'] as unknown[]) : [map['<<']];
  if (!sources.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))) return map;
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const source of [...sources].reverse()) for (const [k, v] of Object.entries(source as object)) put(k, v);
  for (const [k, v] of Object.entries(map)) if (k !== '<<') put(k, v);
  return out;
}
