// The build precompiles templates/ into dist/create/templates.compiled.cjs; a missing or stale copy
// would silently fall back to compiling at run time (slower start). This checks the built copy is
// what the templates give now, that render uses it, and that precompiled and freshly compiled
// templates produce the same text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { compiledModulePath, compiledModuleSource, templateNames } from '../../src/create/precompile.js';
import { COMPILE_OPTIONS, templateHash } from '../../src/create/precompile-options.js';
import { precompiledTemplates } from '../../src/create/render.js';
import { templatesDir } from '../../src/create/package-info.js';

describe('dist/create/templates.compiled.cjs', () => {
  it('is written by the build from the current templates, and render loads it', () => {
    expect(readFileSync(compiledModulePath, 'utf8')).toBe(compiledModuleSource());
    const compiled = precompiledTemplates();
    expect(Object.keys(compiled).sort()).toEqual(templateNames().sort());
    for (const name of templateNames()) {
      expect(compiled[name].hash, name).toBe(templateHash(readFileSync(templatesDir + name, 'utf8')));
    }
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
