// Pre-releases the resolver picked that the plugin did not ask for (setup warns): read from the
// venv's dist-info names, as uv's `--prerelease=allow` (the daemon's flag) leaves them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unaskedPrereleases } from '../../src/setup/prereleases.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function venv(deps: Record<string, string>, installed: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'mp-pre-'));
  roots.push(root);
  for (const [f, text] of Object.entries(deps)) writeFileSync(join(root, f), text);
  const site = join(root, '.venv/lib/python3.12/site-packages');
  mkdirSync(site, { recursive: true });
  for (const d of installed) mkdirSync(join(site, `${d}.dist-info`));
  return root;
}

describe('pre-releases the plugin did not ask for', () => {
  // shisa-ai's plugin asks for httpx>=0.28.1 and, without its uv.lock, got httpx 1.0.dev6.
  it('lists an installed pre-release that an open bound let in', () => {
    const root = venv({ 'pyproject.toml': '[project]\ndependencies = [\n    "dify_plugin>=0.9.0",\n    "httpx>=0.28.1",\n]\n' }, ['httpx-1.0.dev6', 'dify_plugin-0.10.2', 'certifi-2026.7.22', 'gevent-26.7.0']);
    expect(unaskedPrereleases(root, 'pyproject')).toEqual([{ name: 'httpx', version: '1.0.dev6' }]);
  });

  // llmprovider pins dify_plugin~=0.0.1b72: a pre-release it asks for is not reported.
  it('leaves out a package the dependency file pins to a pre-release, and finds none in a stable venv', () => {
    const root = venv({ 'requirements.txt': 'dify_plugin~=0.0.1b72\nopenai~=1.66.3\n' }, ['dify_plugin-0.0.1b77', 'openai-1.66.5', 'pydantic_core-2.27.0rc1']);
    expect(unaskedPrereleases(root, 'requirements')).toEqual([{ name: 'pydantic-core', version: '2.27.0rc1' }]);
    expect(unaskedPrereleases(venv({ 'requirements.txt': 'x\n' }, ['x-1.0.0', 'y-2.3']), 'requirements')).toEqual([]);
  });
});
