// MK17's assignment pattern carries a look-behind (speed); it must find exactly the matches of the
// Marketplace toolkit's own pattern, copied here, on lines built to stress where names start.
import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_PATTERN } from '../../src/validate/rules/marketplace/secrets.js';

const TOOLKIT = /([A-Za-z0-9_.-]*(?:api[_-]?key|access[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|password|private[_-]?key|secret|token)[A-Za-z0-9_.-]*)\s*[:=]\s*("[^"]*"|'[^']*'|[^"',\s#}]+)/gi;

const PIECES = ['api_key', 'API-KEY', 'apikey', 'token', 'Tokens', 'secret', 'x', 'my.', '-', '_', '1', ' ', '  ', '=', ':', '"', "'", 'abc', 'sk-123456', '#', '}', ',', 'password', 'auth_token', 'client-secret', 'private_key', 'access.token', '\t'];

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const matches = (re: RegExp, line: string) => [...line.matchAll(re)].map((m) => [m.index, m[1], m[2]]);

describe('MK17 assignment pattern', () => {
  it('finds the same matches as the toolkit pattern', () => {
    const next = rng(17);
    let found = 0;
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(next() * 12);
      const line = Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      const expected = matches(TOOLKIT, line);
      found += expected.length;
      expect(matches(ASSIGNMENT_PATTERN, line), line).toEqual(expected);
    }
    // The generated lines do exercise the pattern.
    expect(found).toBeGreaterThan(2000);
  });

  it('keeps the name whole when a keyword sits inside it', () => {
    expect(matches(ASSIGNMENT_PATTERN, 'x = my_api_key_v2: "abcdef"')).toEqual([[4, 'my_api_key_v2', '"abcdef"']]);
    expect(matches(ASSIGNMENT_PATTERN, 'tokenizer.max_tokens=512, secret="s"')).toEqual([
      [0, 'tokenizer.max_tokens', '512'],
      [26, 'secret', '"s"'],
    ]);
  });
});
