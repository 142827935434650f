// `model-plugin package` on every official plugin of the corpus, checked against an independent
// reading of the reference: the file list and each file's bytes, the generated requirements.txt
// (uv export run here directly), the checksum (Python's zipfile + hashlib), the zip headers, and
// byte-identical output when packaging twice.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusPluginNames, materializeCorpus } from '../helpers/corpus.js';
import { testPythons } from '../helpers/python.js';
import { testUv } from '../helpers/uv.js';
import { buildPackage } from '../../src/package/build.js';
import { expectedFiles, zipFacts, type ZipFacts } from './independent.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');
const UV_ARGS = ['export', '--frozen', '--format', 'requirements.txt', '--no-group', 'dev', '--no-emit-project', '--no-hashes', '--no-header', '--no-annotate'];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('package: the corpus', () => {
  const names = corpusPluginNames();
  let dir: string;
  let out: string;
  let uv: string;
  const printed = new Map<string, string>();
  let facts: Record<string, ZipFacts>;

  beforeAll(() => {
    uv = testUv();
    dir = materializeCorpus();
    out = mkdtempSync(join(tmpdir(), 'mp-pkg-out-'));
    for (const name of names) {
      const r = spawnSync(process.execPath, [BIN, 'package', join(dir, name), '-o', join(out, `${name}.1.difypkg`)], { encoding: 'utf8', env: { ...process.env, UV_PATH: uv } });
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      printed.set(name, /Checksum:\s+([0-9a-f]{64})/.exec(r.stdout)![1]);
    }
    facts = zipFacts(testPythons()[0].python, names.map((n) => join(out, `${n}.1.difypkg`)));
  }, 900_000);

  it('has the 50 plugins', () => expect(names.length).toBe(50));

  it('stores exactly the files the reference\'s ignore rules keep, plus the generated requirements.txt, with their bytes', () => {
    for (const name of names) {
      const root = join(dir, name);
      const f = facts[join(out, `${name}.1.difypkg`)];
      const expected = expectedFiles(root);
      // Every corpus plugin has pyproject.toml + uv.lock and no requirements.txt: the daemon runs uv export.
      expect(expected, name).not.toContain('requirements.txt');
      const want = [...expected, 'requirements.txt'].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(f.names, name).toEqual(want);
      for (const rel of expected) expect(f.sha256[rel], `${name}/${rel}`).toBe(sha(readFileSync(join(root, rel))));
      const req = execFileSync(uv, UV_ARGS, { cwd: root });
      expect(req.length, name).toBeGreaterThan(0);
      expect(f.sha256['requirements.txt'], name).toBe(sha(req));
    }
  });

  it('prints the checksum that Python computes from the zip entries, and `checksum` agrees', () => {
    for (const name of names) {
      const zip = join(out, `${name}.1.difypkg`);
      expect(printed.get(name), name).toBe(facts[zip].checksum);
    }
    const sample = names.slice(0, 5);
    for (const name of sample) {
      const zip = join(out, `${name}.1.difypkg`);
      const r = spawnSync(process.execPath, [BIN, 'checksum', zip], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(facts[zip].checksum);
    }
  });

  it('writes Go archive/zip headers: zero DOS time, FAT host, version 2.0, data descriptors, deflate, no attributes, no comment', () => {
    for (const name of names) {
      const f = facts[join(out, `${name}.1.difypkg`)];
      expect(f.comment).toBe('');
      expect(f.names).not.toContain('.verification.dify.json');
      for (const h of f.headers) expect(h).toEqual([[1980, 0, 0, 0, 0, 0], 0, 20, 20, 8, 0, 8]);
    }
  });

  it('gives byte-identical packages when run twice (the CLI\'s file, then a build in this process)', () => {
    process.env.UV_PATH = uv;
    for (const name of names) {
      const a = readFileSync(join(out, `${name}.1.difypkg`));
      const b = buildPackage(join(dir, name), { maxBytes: 50 * 1024 * 1024, language: 'python' });
      if (!b.ok) throw new Error(b.errors.join('\n'));
      expect(a.equals(b.zip), name).toBe(true);
    }
  });
});
