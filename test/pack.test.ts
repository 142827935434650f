// The published package: `npm pack`, install the tarball into an empty project, and run both bins
// from there. This catches a `files` list that forgets the schemas, templates or generated validators.
// The install is `--prefer-offline`: from npm's cache when it holds the dependencies' metadata, from
// the registry when it does not (a cold cache after `npm ci` has the tarballs but not the metadata,
// and `--offline` then failed with ENOTCACHED).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return r;
}

describe('npm pack', () => {
  it('ships a package whose bins work in an empty folder', () => {
    const out = mkdtempSync(join(tmpdir(), 'mp-pack-'));
    // dist/ is already built by `npm test`'s pretest; skip prepack's second build.
    const pack = sh(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], repo);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    for (const f of ['bin/model-plugin.js', 'bin/create-model-plugin.js', 'bin/package.json', 'dist/cli/code-cache.cjs', 'dist/bin/model-plugin.cjs', 'dist/bin/model-plugin-validate.cjs', 'dist/bin/create-model-plugin.cjs', 'dist/bin/validate-worker.cjs', 'dist/bin/python-syntax-worker.cjs', 'schemas/provider.schema.json', 'dist/validate/schema/generated/provider.cjs', 'templates/plugin/manifest.yaml.hbs']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('.cache/'))).toBe(false);

    const app = mkdtempSync(join(tmpdir(), 'mp-app-'));
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}\n');
    const install = sh(npm, ['install', '--prefer-offline', '--no-package-lock', join(out, info.filename)], app);
    expect(install.status, install.stderr).toBe(0);

    const bin = (name: string) => join(app, 'node_modules', '.bin', name);
    const create = sh(bin('create-model-plugin'), ['acme', '--yes', '--name', 'acme', '--types', 'llm,text-embedding'], app);
    expect(create.status, create.stderr).toBe(0);
    const validate = sh(bin('model-plugin'), ['validate', 'acme', '--format', 'json'], app);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({ errorCount: 0, warningCount: 0 });
    const rules = sh(bin('model-plugin'), ['rules'], app);
    expect(rules.stdout).toMatch(/^P13 /m);
    // A hang guard only: a cold cache fetches the dependencies' metadata from the registry.
  }, 900_000);
});
