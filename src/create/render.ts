// Renders the Handlebars templates in templates/. `noEscape` because HTML escaping corrupts
// YAML and Python; `strict` so a missing value is an error rather than an empty string. Values
// a user typed are inserted only through the quoting helpers (`yaml`, `toml`, `py`).
//
// Templates come precompiled (dist/create/templates.compiled.cjs, written by the build), so only
// the small Handlebars runtime is loaded; a template whose text no longer matches its precompiled
// hash, or any template when the file was not built, is compiled afresh.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import RuntimeModule from 'handlebars/runtime.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { templatesDir } from './package-info.js';
import { COMPILE_OPTIONS, templateHash } from './precompile-options.js';
import { pythonString, tomlString, yamlString } from './quote.js';

type Template = (context: object) => string;

// The runtime's type declarations are empty; it has the same API as the full package.
const Runtime = RuntimeModule as unknown as typeof import('handlebars');
const hb = Runtime.create();

function stringArg(helper: string, value: unknown): string {
  if (typeof value !== 'string') throw new Error(`internal: {{${helper}}} needs a string, got ${typeof value}`);
  return value;
}

const helpers: Record<string, (value: unknown) => string> = {
  yaml: (value) => yamlString(stringArg('yaml', value)),
  toml: (value) => tomlString(stringArg('toml', value)),
  py: (value) => pythonString(stringArg('py', value)),
};
for (const [name, helper] of Object.entries(helpers)) hb.registerHelper(name, helper);

const templates = new Map<string, Template>();

type Compiled = Record<string, { hash: string; spec: unknown }>;
let compiled: Compiled | undefined;

/** The precompiled templates the build wrote, or none (every template is then compiled on use). */
export function precompiledTemplates(): Compiled {
  if (!compiled) {
    try {
      compiled = createRequire(import.meta.url)(join(PACKAGE_ROOT, 'dist', 'create', 'templates.compiled.cjs')) as Compiled;
    } catch {
      compiled = {};
    }
  }
  return compiled;
}

/** Renders `templates/<name>` (a path with forward slashes) with `context`. */
export function renderTemplate(name: string, context: object): string {
  let template = templates.get(name);
  if (!template) {
    const source = readFileSync(join(templatesDir, ...name.split('/')), 'utf8');
    const precompiled = precompiledTemplates()[name];
    template =
      precompiled && precompiled.hash === templateHash(source)
        ? (hb.template(precompiled.spec as Parameters<typeof hb.template>[0]) as Template)
        : compile(source);
    templates.set(name, template);
  }
  return template(context);
}

/** The slow path (a template edited since precompiling): the full compiler, same options. */
function compile(source: string): Template {
  const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
  const compiler = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) compiler.registerHelper(name, helper);
  return compiler.compile(source, COMPILE_OPTIONS);
}
