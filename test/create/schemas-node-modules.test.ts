// `--schemas node_modules` (issue 11 §1): before publication the modelines can point at the copy of
// the schemas in the plugin's own node_modules (`npm install --save-dev` of a tarball). Each YAML
// file's modeline is relative to that file, so every one must reach the same schema folder; with
// the package linked into node_modules, every modeline names a schema file that exists.
import { mkdirSync, readFileSync, symlinkSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { create, modelPlugin, REPO, scratch } from './helpers.js';

const MODELINE = /^# yaml-language-server: \$schema=(.+)$/m;

function modeline(root: string, rel: string): string {
  const m = MODELINE.exec(readFileSync(join(root, rel), 'utf8'));
  expect(m, `${rel} has a modeline`).not.toBeNull();
  return m![1]!;
}

describe('--schemas node_modules', () => {
  const cwd = scratch();
  const r = create(['p', '--yes', '--author', 'acme', '--no-lock', '--types', 'llm,tts', '--schemas', 'node_modules'], cwd);
  const root = join(cwd, 'p');
  const yamlFiles = ['manifest.yaml', 'provider/p.yaml', 'models/llm/_position.yaml', 'models/tts/example-tts.yaml'];

  it('says where the modelines point', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Schema modelines: node_modules\/create-model-plugin\/schemas\/ {2}\(node_modules\/create-model-plugin in the plugin folder/);
  });

  it('each modeline is relative to its file and reaches <plugin>/node_modules/create-model-plugin/schemas', () => {
    const want = join(root, 'node_modules/create-model-plugin/schemas');
    for (const rel of yamlFiles) {
      const target = modeline(root, rel);
      expect(target, rel).not.toMatch(/^(\/|https?:)/);
      expect(dirname(resolve(dirname(join(root, rel)), target)), rel).toBe(want);
    }
  });

  it('with the package installed there (linked), every schema file named exists', () => {
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(REPO, join(root, 'node_modules/create-model-plugin'));
    for (const rel of yamlFiles) expect(existsSync(resolve(dirname(join(root, rel)), modeline(root, rel))), rel).toBe(true);
  });

  it('the plugin still validates clean, node_modules and all', () => {
    const v = modelPlugin(['validate', root]);
    expect(v.status, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/no problems/);
  });

  it('MODEL_PLUGIN_SCHEMAS=node_modules does the same; an unknown value is a usage error', () => {
    const env = process.env.MODEL_PLUGIN_SCHEMAS;
    const dir = scratch();
    try {
      process.env.MODEL_PLUGIN_SCHEMAS = 'node_modules';
      expect(create(['q', '--yes', '--author', 'acme', '--no-lock'], dir).status).toBe(0);
      expect(modeline(join(dir, 'q'), 'provider/q.yaml')).toBe('../node_modules/create-model-plugin/schemas/provider.schema.json');
      process.env.MODEL_PLUGIN_SCHEMAS = 'nodemodules';
      const bad = create(['z', '--yes', '--author', 'acme', '--no-lock'], dir);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/MODEL_PLUGIN_SCHEMAS: unknown schema source "nodemodules"/);
      expect(existsSync(join(dir, 'z'))).toBe(false);
    } finally {
      if (env === undefined) delete process.env.MODEL_PLUGIN_SCHEMAS;
      else process.env.MODEL_PLUGIN_SCHEMAS = env;
    }
  });
});
