// templates.compiled.ts is generated from templates/; a stale copy would silently fall back
// to compiling at run time (slower start). This keeps it current, and checks the precompiled
// and the freshly compiled templates produce the same plugin.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { compiledModulePath, compiledModuleSource, templateNames } from '../../src/create/precompile.js';
import { COMPILE_OPTIONS } from '../../src/create/precompile-options.js';
import { COMPILED } from '../../src/create/templates.compiled.js';

describe('templates.compiled.ts', () => {
  it('is current (refresh: npx tsc -p . && node dist/create/precompile.js --write)', () => {
    expect(readFileSync(compiledModulePath, 'utf8')).toBe(compiledModuleSource());
    expect(Object.keys(COMPILED).sort()).toEqual(templateNames().sort());
  });

  it('renders like a fresh compile of the same template', () => {
    const runtime = Handlebars.create();
    runtime.registerHelper('yaml', (v: string) => `Y(${v})`);
    const fresh = Handlebars.create();
    fresh.registerHelper('yaml', (v: string) => `Y(${v})`);
    const source = '{{#each models}}- {{yaml this}}\n{{/each}}{{schemaBase}}';
    const context = { models: ['a', 'b'], schemaBase: 's' };
    const spec = Handlebars.precompile(source, COMPILE_OPTIONS);
    const precompiled = runtime.template(new Function(`return ${spec}`)());
    expect(precompiled(context)).toBe(fresh.compile(source, COMPILE_OPTIONS)(context));
    expect(() => precompiled({ models: [] })).toThrow(/schemaBase/); // strict survives precompiling
  });
});
