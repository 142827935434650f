// MK49 (reference §2.J, toolkit/checks/safety.py), followed on tokens: one broken and one fixed case
// per warning kind.
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../src/validate/rules/marketplace/safety.js';

const kinds = (src: string) => scanSource(src).map((w) => `${w.line} ${w.message}`);

describe('MK49 Python safety warnings', () => {
  it('requests calls without timeout=, through the module, an alias or an imported function', () => {
    const src = 'import requests as r\nfrom requests import post as send\nr.get(url)\nsend(url, json={"a": 1})\nr.get(url, timeout=5)\nsend(url, timeout=(3, 10))\nrequests.get(url)\nr.Session().get(url)\n';
    expect(kinds(src)).toEqual(['3 requests call may be missing timeout', '4 requests call may be missing timeout']);
    expect(scanSource(src)[0]!.snippet).toBe('r.get(url)');
  });

  it('credential-like names in log calls, raise, return and yield; string literals are not read, f-string fields are', () => {
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
    ].join('\n');
    expect(kinds(src)).toEqual([
      '1 log call may expose credential-like values',
      '2 log call may expose credential-like values',
      '4 raised exception may expose credential-like values',
      '7 return value may expose credential-like values',
      '8 yield value may expose credential-like values',
    ]);
  });

  it('as in the toolkit, the called name counts too', () => {
    expect(kinds('raise CredentialsValidateFailedError(str(ex)) from ex\n')).toEqual(['1 raised exception may expose credential-like values']);
  });
});
