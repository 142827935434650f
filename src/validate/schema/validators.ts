// Loads the validation function and the schema (for its annotations) of each kind.
//
// Shipped code (dist/): the functions are generated at build time by scripts/build-schemas.mjs as
// ajv "standalone" CommonJS modules (dist/validate/schema/generated/<kind>.cjs), so `validate`
// never loads ajv's compiler, only the tiny ajv/dist/runtime helpers the generated code requires.
//
// Development (this file run as .ts by vitest): the generated modules in dist/ are used when they
// were built from the current schemas/*.json (same source hash); otherwise the schemas are
// compiled with ajv on the spot, so editing a schema never needs a rebuild before running tests.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCE } from '../../package-root.js';
import { join } from 'node:path';
import { AJV_OPTIONS, ANNOTATION_KEYWORDS, type SchemaKind } from './ajv-config.js';
import type { JsonSchema } from './annotations.js';
import { dereference } from './deref.js';
import { requireCached } from '../../cli/code-cache.cjs';

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface CompiledSchema {
  kind: SchemaKind;
  validate: ValidateFunction;
  schema: JsonSchema;
  /** 'generated' (standalone code) or 'compiled' (ajv at runtime, development only). */
  source: 'generated' | 'compiled';
}

const require = createRequire(import.meta.url);
export { PACKAGE_ROOT };

const cache = new Map<SchemaKind, CompiledSchema>();

export function schemaFor(kind: SchemaKind): CompiledSchema {
  let compiled = cache.get(kind);
  if (!compiled) {
    compiled = RUNNING_FROM_SOURCE ? loadForDevelopment(kind) : loadGenerated(kind, join(PACKAGE_ROOT, 'dist', 'validate', 'schema', 'generated'));
    cache.set(kind, compiled);
  }
  return compiled;
}

export function schemaSourcePath(kind: SchemaKind): string {
  return join(PACKAGE_ROOT, 'schemas', `${kind}.schema.json`);
}

export function generatedModulePath(kind: SchemaKind, dir = join(PACKAGE_ROOT, 'dist', 'validate', 'schema', 'generated')): string {
  return join(dir, `${kind}.cjs`);
}

/** The hash the build script records, so a stale generated module is recognised. */
export function sourceHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function loadGenerated(kind: SchemaKind, dir: string): CompiledSchema {
  const file = generatedModulePath(kind, dir);
  if (!existsSync(file)) {
    throw new Error(`the ${kind} schema validator is missing (${file}); the package was built without \`node scripts/build-schemas.mjs\`. Run \`npm run build\`.`);
  }
  // Through the code cache: compiling a generated validator (236 kB for the provider) costs more than running it.
  const mod = requireCached(file, 'validator') as unknown as ValidateFunction & { schema: JsonSchema };
  return { kind, validate: mod, schema: mod.schema, source: 'generated' };
}

function loadForDevelopment(kind: SchemaKind): CompiledSchema {
  const text = readFileSync(schemaSourcePath(kind), 'utf8');
  const file = generatedModulePath(kind);
  if (existsSync(file)) {
    const mod = require(file) as ValidateFunction & { schema: JsonSchema; sourceHash?: string };
    if (mod.sourceHash === sourceHash(text)) return { kind, validate: mod, schema: mod.schema, source: 'generated' };
  }
  return compileWithAjv(kind, dereference(JSON.parse(text) as JsonSchema));
}

/** Development only: compiles an expanded schema (deref.ts) with ajv (never on the shipped path). */
export function compileWithAjv(kind: SchemaKind, schema: JsonSchema): CompiledSchema {
  const AjvClass = require('ajv') as { default: new (opts: object) => AjvLike };
  const ajv = new AjvClass.default({ ...AJV_OPTIONS });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  return { kind, validate: ajv.compile(schema) as ValidateFunction, schema, source: 'compiled' };
}

interface AjvLike {
  addVocabulary(keywords: string[]): void;
  compile(schema: object): unknown;
}
