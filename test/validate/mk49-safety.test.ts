// MK49 (reference §2.J, toolkit/checks/safety.py), followed on tokens: one broken and one fixed case
// per warning kind, the severity split (warning where an author should act, info where only a
// name looks credential-like), and the grouping into one finding per kind and plugin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanSource } from '../../src/validate/rules/marketplace/safety.js';
import { validatePlugin } from '../../src/validate/pipeline.js';
import { materializePlugin } from '../helpers/corpus.js';

const kinds = (src: string) => scanSource(src).map((w) => `${w.line} ${w.severity} ${w.message}`);

describe('MK49 Python safety warnings', () => {
  it('requests calls without timeout=, through the module, an alias or an imported function', () => {
    const src = 'import requests as r\nfrom requests import post as send\nr.get(url)\nsend(url, json={"a": 1})\nr.get(url, timeout=5)\nsend(url, timeout=(3, 10))\nrequests.get(url)\nr.Session().get(url)\n';
    expect(kinds(src)).toEqual(['3 warning requests call may be missing timeout', '4 warning requests call may be missing timeout']);
    expect(scanSource(src)[0]!.snippet).toBe('r.get(url)');
  });

  it('credential-like values in log calls, raise, return and yield; string literals are not read, f-string fields are', () => {
    const src = [
      'logger.info("using %s", api_key)',
      'logging.debug(f"key={self.credentials}")',
      'self.logger.warning("the token expired")',
      'raise ValueError(secret)',
      'raise ValueError("bad token")',
      'def f(credentials):',
      '    return credentials["x"]',
      '    yield password',
      '    return len(items)',
      'raise ValueError(f"bad key {credentials[\'api_key\']}")',
    ].join('\n');
    expect(kinds(src)).toEqual([
      '1 warning log call may expose credential-like values',
      '2 warning log call may expose credential-like values',
      '4 warning raised exception may expose credential-like values',
      '7 info return value may expose credential-like values',
      '8 info yield value may expose credential-like values',
      '10 warning raised exception may expose credential-like values',
    ]);
  });

  it('as in the toolkit, a called name, a token count or a credentials field with no secret is listed too, as info', () => {
    expect(kinds('raise CredentialsValidateFailedError(str(ex)) from ex\n')).toEqual(['1 info raised exception may expose credential-like values']);
    expect(kinds('logger.info(f"read {cache_read_tokens} tokens, {token_usage}")\n')).toEqual(['1 info log call may expose credential-like values']);
    expect(kinds('raise ValueError(f"Unknown completion type {credentials[\'completion_type\']}")\n')).toEqual(['1 info raised exception may expose credential-like values']);
    expect(kinds('raise ValueError(f"bad {credentials.get(\'secret_key\')}")\n')).toEqual(['1 warning raised exception may expose credential-like values']);
  });

  describe('in validate --marketplace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk49-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('one finding per kind and plugin, the other places related; the name-only places are info', () => {
      // jina: two requests calls without timeout= and raise CredentialsValidateFailedError(...) places.
      const root = materializePlugin('jina', join(dir, 'jina'));
      const all = validatePlugin(root, { marketplace: true }).result.diagnostics.filter((d) => d.ruleId === 'MK49');
      const quiet = all.filter((d) => d.severity !== 'info'); // what the reporters show without --verbose
      expect(quiet.map((d) => [d.severity, d.message.split(':')[0], d.file, (d.related ?? []).length + 1])).toEqual([
        ['warning', 'requests call may be missing timeout', 'models/text_embedding/text_embedding.py', 2],
      ]);
      const other = quiet[0]!.related![0]!;
      expect([other.file, other.line === quiet[0]!.line]).toEqual(['models/text_embedding/text_embedding.py', false]);
      expect(all.filter((d) => d.severity === 'info').length).toBeGreaterThan(0);
      expect(all.every((d) => d.severity === 'info' || d.severity === 'warning')).toBe(true);
    });
  });
});
