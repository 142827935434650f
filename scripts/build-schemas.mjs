#!/usr/bin/env node
// Generates the schema validators shipped in dist/: ajv "standalone" CommonJS code for each
// schemas/<kind>.schema.json, written to dist/validate/schema/generated/<kind>.cjs together with
// the schema (the validator reads its annotations) and a hash of the schema text (development
// runs use it to notice stale output). Run after `tsc`: it reads the shared ajv configuration from
// dist/validate/schema/ajv-config.js and deref.js. `validate` then never loads ajv's compiler.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configPath = join(root, 'dist', 'validate', 'schema', 'ajv-config.js');
let config;
try {
  config = await import(pathToFileURL(configPath).href);
} catch (err) {
  console.error(`build-schemas: cannot load ${configPath} (${err.message}). Run \`tsc -p .\` first.`);
  process.exit(2);
}
const { AJV_OPTIONS, ANNOTATION_KEYWORDS, SCHEMA_KINDS } = config;
const { dereference } = await import(pathToFileURL(join(root, 'dist', 'validate', 'schema', 'deref.js')).href);
const outDir = join(root, 'dist', 'validate', 'schema', 'generated');
mkdirSync(outDir, { recursive: true });

for (const kind of SCHEMA_KINDS) {
  const schemaFile = join(root, 'schemas', `${kind}.schema.json`);
  const text = readFileSync(schemaFile, 'utf8');
  let schema;
  try {
    // Compiled expanded (see src/validate/schema/deref.ts): error paths then keep their use site.
    schema = dereference(JSON.parse(text));
  } catch (err) {
    console.error(`build-schemas: ${schemaFile}: ${err.message}`);
    process.exit(1);
  }
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    console.error(`build-schemas: ${schemaFile} does not compile: ${err.message}`);
    process.exit(1);
  }
  const hash = createHash('sha256').update(text).digest('hex');
  const generated = standaloneCode(ajv, validate);
  // The generated code embeds the schema as its first constant; export that one rather than a second copy.
  const embedded = /const (schema\d+) = /.exec(generated);
  const json = JSON.stringify(schema).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const schemaExpr = embedded && generated.includes(`const ${embedded[1]} = ${json};`) ? embedded[1] : json;
  const code = generated + `\nmodule.exports.schema = ${schemaExpr};\nmodule.exports.sourceHash = ${JSON.stringify(hash)};\n`;
  const target = join(outDir, `${kind}.cjs`);
  // Write atomically: a concurrent test run never sees half a module.
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, target);
  console.log(`build-schemas: ${kind} -> ${target.slice(root.length + 1)} (${code.length} bytes)`);
}
