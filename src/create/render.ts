// Renders the Handlebars templates in templates/. `noEscape` because HTML escaping corrupts
// YAML and Python; `strict` so a missing value is an error rather than an empty string. Values
// a user typed are inserted only through the quoting helpers (`yaml`, `toml`, `py`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from './package-info.js';
import { pythonString, tomlString, yamlString } from './quote.js';

const hb = Handlebars.create();

function stringArg(helper: string, value: unknown): string {
  if (typeof value !== 'string') throw new Error(`internal: {{${helper}}} needs a string, got ${typeof value}`);
  return value;
}

hb.registerHelper('yaml', (value: unknown) => yamlString(stringArg('yaml', value)));
hb.registerHelper('toml', (value: unknown) => tomlString(stringArg('toml', value)));
hb.registerHelper('py', (value: unknown) => pythonString(stringArg('py', value)));

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders `templates/<name>` (a path with forward slashes) with `context`. */
export function renderTemplate(name: string, context: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = readFileSync(join(templatesDir, ...name.split('/')), 'utf8');
    template = hb.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(context);
}
