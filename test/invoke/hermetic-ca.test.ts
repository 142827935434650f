// The CA of invoke --mock (hermetic/ca.ts): kept in the tool's cache between runs, privately (0600
// in a 0700 folder), reused while more than a day of validity is left, made anew when the cached
// file is readable by others, expired or broken; leaf certificates chain to it and are signed
// natively (sha256WithRSAEncryption).
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caCacheFile, createRunCa } from '../../src/invoke/hermetic/ca.js';
import { removeTemps, tempDir } from './run-cli.js';

afterAll(removeTemps);

describe('hermetic CA cache', () => {
  it('is written privately, reused, and its leaves chain to it for the host asked', async () => {
    const file = join(tempDir(), 'cache', 'hermetic-ca', 'ca.json');
    const first = await createRunCa({ cacheFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    const second = await createRunCa({ cacheFile: file });
    expect(second.certPem).toBe(first.certPem);

    const ca = new X509Certificate(first.certPem);
    expect(ca.ca).toBe(true);
    const leaf = second.leaf('API.Example.com');
    const leafCert = new X509Certificate(leaf.cert.split(/(?<=-----END CERTIFICATE-----\n)/)[0]);
    expect(leafCert.checkIssued(ca)).toBe(true);
    expect(leafCert.verify(ca.publicKey)).toBe(true);
    expect(leafCert.checkHost('api.example.com')).toBe('api.example.com');
    expect(leafCert.checkHost('other.example.com')).toBeUndefined();
    expect(leaf.key).toContain('PRIVATE KEY');
    const ipLeaf = new X509Certificate(second.leaf('127.0.0.1').cert);
    expect(ipLeaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    // Valid now, for at most 3 days from its making.
    const now = Date.now();
    expect(Date.parse(ca.validFrom)).toBeLessThanOrEqual(now);
    expect(Date.parse(ca.validTo)).toBeGreaterThan(now + 24 * 3600 * 1000);
    expect(Date.parse(ca.validTo)).toBeLessThanOrEqual(now + 3 * 24 * 3600 * 1000 + 60_000);
  });

  it('is made anew when the cached file is readable by others, expiring, or broken', async () => {
    const file = join(tempDir(), 'hermetic-ca', 'ca.json');
    const a = await createRunCa({ cacheFile: file });
    chmodSync(file, 0o644);
    const b = await createRunCa({ cacheFile: file });
    expect(b.certPem).not.toBe(a.certPem);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const stored = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...stored, notAfter: Date.now() + 3600 * 1000 }), { mode: 0o600 });
    const c = await createRunCa({ cacheFile: file });
    expect(c.certPem).not.toBe(b.certPem);

    writeFileSync(file, '{not json', { mode: 0o600 });
    const d = await createRunCa({ cacheFile: file });
    expect(d.certPem).not.toBe(c.certPem);
    expect(JSON.parse(readFileSync(file, 'utf8')).caCert).toBe(d.certPem);
  });

  it('keeps nothing with cacheFile null, and lives in the tool cache by default', async () => {
    const dir = tempDir();
    await createRunCa({ cacheFile: null });
    expect(existsSync(join(dir, 'hermetic-ca'))).toBe(false);
    expect(caCacheFile({ MODEL_PLUGIN_CACHE_DIR: dir })).toBe(join(dir, 'hermetic-ca', 'ca.json'));
  });
});
