// The schema stage itself: the schemas are valid draft-07, every constraint maps to a registered
// rule, the shipped (generated) validators agree with ajv and keep ajv's compiler off the runtime
// path, and ajv errors become located sentences.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES, makePlugin, removePlugin } from '../helpers/fixture.js';
import { brief, diagnosticsOf } from '../helpers/validate.js';
import { RULES } from '../../src/validate/rules/index.js';
import { SCHEMA_KINDS, AJV_OPTIONS, ANNOTATION_KEYWORDS } from '../../src/validate/schema/ajv-config.js';
import { annotate, isSchema, type JsonSchema } from '../../src/validate/schema/annotations.js';
import { dereference } from '../../src/validate/schema/deref.js';
import { TRANSLATED_KEYWORDS } from '../../src/validate/schema/translate.js';
import { closest, editDistance } from '../../src/validate/schema/suggest.js';
import {
  PACKAGE_ROOT,
  compileWithAjv,
  generatedModulePath,
  schemaSourcePath,
  sourceHash,
  type SchemaError,
} from '../../src/validate/schema/validators.js';
import { parseYamlText } from '../../src/plugin/yaml-file.js';
import { validationData } from '../../src/validate/schema/sdk-view.js';
import { CORPUS_DIR, corpusPluginNames } from '../helpers/corpus.js';

const require = createRequire(import.meta.url);
const roots: string[] = [];
afterAll(() => roots.forEach(removePlugin));
function plugin(files: Record<string, string | Buffer>): string {
  const root = makePlugin({ files });
  roots.push(root);
  return root;
}

const sources = Object.fromEntries(SCHEMA_KINDS.map((k) => [k, JSON.parse(readFileSync(schemaSourcePath(k), 'utf8')) as JsonSchema]));
/** Rules whose schema constraints are reported by their own checks in another stage (x-custom). */
// P15 (position files) is checked by the cross-file rule, which owns it; the schema stage never reports it.
const DELEGATED = new Set(['P15']);
const registered = new Map(RULES.map((r) => [r.id, r]));

/** Every subschema with the path ajv would report for its keywords. */
function* subschemas(node: JsonSchema, path = '#'): Generator<[JsonSchema, string]> {
  yield [node, path];
  for (const [key, value] of Object.entries(node)) {
    if (['properties', 'definitions', 'patternProperties'].includes(key) && isSchema(value)) {
      for (const [name, child] of Object.entries(value)) if (isSchema(child)) yield* subschemas(child, `${path}/${key}/${name}`);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(key) && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) yield* subschemas(value[i] as JsonSchema, `${path}/${key}/${i}`);
    } else if (['items', 'additionalProperties', 'not', 'then', 'else'].includes(key) && isSchema(value)) {
      // An `if` schema's failures are never reported, so it is not walked.
      yield* subschemas(value, `${path}/${key}`);
    }
  }
}

const STRUCTURE = new Set(['$schema', '$ref', 'title', 'description', 'examples', 'definitions', 'properties', 'items', 'allOf', 'then', 'else', 'format', 'default']);

describe('schemas/*.schema.json', () => {
  it('are valid draft-07 schemas that compile with the shipped options', () => {
    const AjvClass = require('ajv').default;
    const meta = new AjvClass({ strict: false });
    for (const kind of SCHEMA_KINDS) {
      expect(meta.validateSchema(sources[kind]), `${kind}: ${JSON.stringify(meta.errors)}`).toBe(true);
      expect(sources[kind].$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(typeof sources[kind].title).toBe('string');
      expect(() => compileWithAjv(kind, dereference(sources[kind]))).not.toThrow();
    }
  });

  it('use only keywords the translator has sentences for', () => {
    const annotations = new Set<string>(ANNOTATION_KEYWORDS);
    for (const kind of SCHEMA_KINDS) {
      for (const [node, path] of subschemas(sources[kind])) {
        for (const key of Object.keys(node)) {
          if (STRUCTURE.has(key) || annotations.has(key) || key === 'if') continue;
          expect(TRANSLATED_KEYWORDS.has(key) || key === 'additionalProperties', `${kind} ${path}: ${key}`).toBe(true);
        }
      }
    }
  });

  it('name only registered rules, except the delegated ones, which are marked x-custom', () => {
    for (const kind of ['manifest', 'provider', 'model'] as const) {
      for (const [node, path] of subschemas(sources[kind])) {
        for (const key of ['x-rule', 'x-unknown'] as const) {
          const id = node[key];
          if (typeof id !== 'string') continue;
          if (DELEGATED.has(id)) expect(node['x-custom'], `${kind} ${path} delegates ${id}`).toBe(true);
          else expect(registered.has(id), `${kind} ${path}: ${key} ${id} is not a registered rule`).toBe(true);
        }
      }
    }
  });

  it('map every constraint to a rule id', () => {
    for (const kind of ['manifest', 'provider', 'model'] as const) {
      const root = dereference(sources[kind]);
      for (const [node, path] of subschemas(root)) {
        for (const keyword of Object.keys(node)) {
          if (!TRANSLATED_KEYWORDS.has(keyword) && !(keyword === 'additionalProperties' && node[keyword] === false)) continue;
          if (keyword === 'if') continue;
          const missing = keyword === 'required' ? (node.required as string[]) : [''];
          for (const m of missing) {
            const error: SchemaError = { instancePath: '', schemaPath: `${path}/${keyword}`, keyword, params: { missingProperty: m, additionalProperty: 'x' } };
            const a = annotate(root, error);
            expect(a.ruleId, `${kind} ${path}/${keyword} ${m}`).toBeDefined();
            if (!a.custom) expect(registered.has(a.ruleId!), `${kind} ${path}/${keyword} → ${a.ruleId}`).toBe(true);
          }
        }
      }
    }
  });

  it('keep shared definitions identical between manifest and provider', () => {
    const m = sources.manifest.definitions as Record<string, unknown>;
    const p = sources.provider.definitions as Record<string, unknown>;
    expect(p.i18nObject).toEqual(m.i18nObject);
    expect(p.i18nLength).toEqual(m.i18nLength);
  });
});

describe('generated validators (dist/validate/schema/generated)', () => {
  it('are built from the current schemas (run `npm run build` after editing a schema)', () => {
    for (const kind of SCHEMA_KINDS) {
      const file = generatedModulePath(kind);
      expect(existsSync(file), `${file} missing: npm run build must run node scripts/build-schemas.mjs`).toBe(true);
      const mod = require(file) as { sourceHash: string };
      expect(mod.sourceHash, `${kind} is stale`).toBe(sourceHash(readFileSync(schemaSourcePath(kind), 'utf8')));
    }
  });

  it('report the same errors as ajv compiling the schemas, on every corpus file and on broken ones', () => {
    const broken = {
      manifest: ['version: 1.0\ntype: bundle\nauthor: A\nlabel: x\nresource: {memory: 0, permission: {storage: {}}}\nplugins: {models: [a, b], tools: [t]}\nmeta: {arch: [x86], runner: {version: 3.12}}\nzzz: 1\n'],
      provider: ['provider: ""\nsupported_model_types: text\nmodels: [a]\nprovider_credential_schema: {credential_form_schemas: [{variable: 1, type: x, options: [{value: 2}]}]}\ncredentials_for_provider: {}\n'],
      model: ['model: 1\nmodel_type: llm\nmodel_properties: {mode: x, foo: 1}\nparameter_rules: [{name: a, use_template: b, min: "1"}]\npricing: {input: x}\n', ''],
    } as Record<string, string[]>;
    for (const kind of ['manifest', 'provider', 'model'] as const) {
      const generated = require(generatedModulePath(kind)) as ((d: unknown) => boolean) & { errors?: unknown };
      const compiled = compileWithAjv(kind, dereference(sources[kind])).validate;
      const texts = [...broken[kind], ...corpusTexts(kind)];
      expect(texts.length).toBeGreaterThan(kind === 'model' ? 100 : 10);
      for (const text of texts) {
        const data = validationData(parseYamlText(`x.yaml`, text));
        generated(data);
        compiled(data);
        expect(generated.errors ?? null).toEqual(compiled.errors ?? null);
      }
    }
  });

  it('validate a plugin from dist without loading ajv\'s compiler', () => {
    const root = plugin({ 'models/llm/acme-chat.yaml': 'model: x\nmodel_type: text_embedding\nmodel_properties: {}\n' });
    const script = `
      import { validatePlugin } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/validate/pipeline.js'))};
      import { schemaFor } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/validate/schema/validators.js'))};
      import { createRequire } from 'node:module';
      const r = validatePlugin(${JSON.stringify(root)}).result;
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ ids: r.diagnostics.map((d) => d.ruleId), cache, source: schemaFor('model').source }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(out.ids).toContain('D2');
    // The generated module (run through the code cache, so not in require's cache), not ajv.
    expect(out.source).toBe('generated');
    expect(out.cache.some((f: string) => /node_modules[\\/]ajv[\\/]dist[\\/]runtime[\\/]/.test(f))).toBe(true);
    expect(out.cache.filter((f: string) => /node_modules[\\/]ajv[\\/]dist[\\/](ajv|core|compile)/.test(f))).toEqual([]);
  });
});

function corpusTexts(kind: 'manifest' | 'provider' | 'model'): string[] {
  const texts: string[] = [];
  for (const name of corpusPluginNames()) {
    const dir = join(CORPUS_DIR, name);
    const files = readFileSync(join(dir, 'FILES.txt'), 'utf8').split('\n').map((l) => l.trim());
    for (const rel of files) {
      const isKind = kind === 'manifest' ? rel === 'manifest.yaml' : kind === 'provider' ? /^provider\/[^/]+\.ya?ml$/.test(rel) : /^models\/.+\.ya?ml$/.test(rel) && !rel.endsWith('_position.yaml');
      if (isKind && existsSync(join(dir, rel))) texts.push(readFileSync(join(dir, rel), 'utf8'));
    }
  }
  return texts;
}

describe('translated errors', () => {
  it('never show ajv wording, and every message says what to do', () => {
    const root = plugin({
      'manifest.yaml': 'version: 1.0\ntype: bundle\nauthor: Acme\nname: A B\nlabel: Acme\nicon: ""\nresource: {memory: "1"}\nplugins: {models: [provider/acme.yaml]}\nmeta: {version: x, arch: [x86], runner: {language: go, version: 3.12, entrypoint: main.py}}\ncreated_at: 2025-01-01T00:00:00Z\nrepo: x\n',
      'provider/acme.yaml': 'provider: 1\nlabel: {}\nsupported_model_types: [llm, text_embedding]\nconfigurate_methods: []\nhelp: {}\nprovider_credential_schema: {credential_form_schemas: [{variable: a, label: {en_US: A}, type: secret}]}\nmodels: {llm: {predefined: ["models/llm/*.yaml"]}}\nextra: {python: {provider_source: provider/acme.py}}\n',
    });
    const ds = diagnosticsOf(root).filter((d) => /^[MIPD]\d+$/.test(d.ruleId));
    expect(ds.length).toBeGreaterThan(15);
    for (const d of ds) {
      expect(d.message, d.message).not.toMatch(/must NOT|must be (object|array|string|number|integer|boolean|equal)|must match|must have required|must pass|\bschema\b/);
      expect(d.message.length, d.message).toBeGreaterThan(20);
      expect(d.message).toMatch(/[.?]$/);
    }
  });

  it('cap each file at 50 problems and say how many more there are', () => {
    const extra = Array.from({ length: 60 }, (_, i) => `extra_key_${i}: 1`).join('\n');
    const root = plugin({ 'models/llm/acme-chat.yaml': `${BASE_FILES['models/llm/acme-chat.yaml']}${extra}\n` });
    const ds = diagnosticsOf(root, ['D13']);
    expect(ds).toHaveLength(51);
    const summary = ds.find((d) => d.message.includes('more schema problems'));
    expect(summary?.message).toMatch(/^10 more schema problems in models\/llm\/acme-chat\.yaml/);
    // Unknown keys both parsers ignore are info.
    expect(summary?.severity).toBe('info');
  });

  it('point at the key for unknown keys and at the parent key for missing ones', () => {
    const root = plugin({ 'models/llm/acme-chat.yaml': 'model: a\nmodel_type: llm\nmodel_properties:\n  mode: chat\n  context_size: 1\n  contxt: 2\npricing:\n  input: "1"\n  unit: "1"\n' });
    const ds = diagnosticsOf(root, ['D6', 'D11']);
    expect(ds.map((d) => `${d.ruleId} ${d.line}:${d.column}`)).toEqual(['D6 6:3', 'D11 7:1']);
    expect(ds[1].message).toContain('currency is required in pricing');
  });

  it('skip files that are not text (the Y rules report them)', () => {
    const root = plugin({ 'models/llm/acme-chat.yaml': Buffer.from([0x6d, 0x00, 0x01]) });
    expect(diagnosticsOf(root, ['D1', 'D2', 'D6'])).toEqual([]);
    expect(diagnosticsOf(root, ['Y3']).map(brief)).toEqual(['Y3 models/llm/acme-chat.yaml:1']);
  });
});

describe('YAML 1.1 booleans', () => {
  it('plain yes/no/on/off become booleans for validation; quoted ones stay text', () => {
    const file = parseYamlText('x.yaml', 'a: yes\nb: "yes"\nc: [on, Off, "no"]\nd: {e: NO}\n');
    expect(validationData(file)).toEqual({ a: true, b: 'yes', c: [true, false, 'no'], d: { e: false } });
    expect(file.data).toEqual({ a: 'yes', b: 'yes', c: ['on', 'Off', 'no'], d: { e: 'NO' } });
  });
});

describe('YAML merge keys', () => {
  it('a plain << merges like both Dify parsers do; own keys win', () => {
    const file = parseYamlText('x.yaml', 'base: &b {a: 1, b: 2}\nitem:\n  <<: *b\n  b: 3\nquoted:\n  "<<": *b\n');
    expect(validationData(file)).toEqual({ base: { a: 1, b: 2 }, item: { a: 1, b: 3 }, quoted: { '<<': { a: 1, b: 2 } } });
  });
});

describe('did you mean', () => {
  it('finds case, separator and small-edit near misses, and nothing for unrelated words', () => {
    expect(closest('text_embedding', ['llm', 'text-embedding'])).toBe('text-embedding');
    expect(closest('EN_US', ['en_US', 'zh_Hans'])).toBe('en_US');
    expect(closest('temprature', ['temperature', 'top_p'])).toBe('temperature');
    expect(closest('secret', ['text-input', 'secret-input'])).toBe('secret-input');
    expect(closest('banana', ['llm', 'rerank', 'tts'])).toBeUndefined();
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('rule registry', () => {
  it('registers every rule id this area owns, once, with its §11 severity and a description', () => {
    const expected: Record<string, string> = {
      M1: 'error', M2: 'error', M3: 'error', M4: 'error', M5: 'error', M6: 'error', M7: 'error', M8: 'error', M9: 'error',
      M10: 'error', M11: 'error', M12: 'error', M13: 'error', M14: 'error', M15: 'error', M16: 'error', M17: 'warning',
      I1: 'error', I2: 'error', I3: 'warning',
      P1: 'error', P2: 'error', P3: 'error', P4: 'error', P5: 'error', P6: 'error', P7: 'error', P8: 'error', P9: 'error',
      P10: 'warning', P13: 'error', P18: 'warning',
      D1: 'error', D2: 'error', D3: 'error', D4: 'error', D5: 'error', D6: 'error', D7: 'error', D8: 'warning', D9: 'error',
      D10: 'warning', D11: 'error', D12: 'error', D13: 'warning',
    };
    for (const [id, severity] of Object.entries(expected)) {
      const rule = registered.get(id);
      expect(rule?.severity, id).toBe(severity);
      expect(rule?.description.length, id).toBeGreaterThan(15);
    }
    // Exactly once each (P5 is registered by the cross-file rules, which check its file half).
    expect(RULES.filter((r) => r.id in expected)).toHaveLength(Object.keys(expected).length);
  });

  it('use the options the build script uses', () => {
    expect(AJV_OPTIONS.allErrors).toBe(true);
    const script = readFileSync(join(PACKAGE_ROOT, 'scripts/build-schemas.mjs'), 'utf8');
    expect(script).toContain('AJV_OPTIONS');
    expect(script).toContain('dereference');
  });
});
