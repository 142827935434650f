// `invoke --format json` prints exactly one JSON object on stdout on every exit path (issue 7 §4):
// usage errors commander refuses, bad flag values, a missing credential, no Python.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemps, runCli, scaffold } from './run-cli.js';

let plugin: string;
beforeAll(async () => {
  plugin = await scaffold('openai-compatible', ['llm']);
});
afterAll(removeTemps);

function oneJson(stdout: string) {
  const value = JSON.parse(stdout); // throws unless stdout is exactly one JSON value
  expect(value).toMatchObject({ ok: false, results: [], notRun: [] });
  return value as { error: { message: string }; exitCode: number };
}

describe('invoke --format json on exit 2', () => {
  it.each([
    ['an unknown flag', ['--format', 'json', '--no-such-flag'], /unknown option/],
    ['a folder that does not exist', ['--format=json', '--dir', '/nonexistent/plugin'], /no such folder/],
    ['a bad --timeout', ['-f', 'json', '--timeout', 'soon'], /--timeout soon/],
  ])('%s', async (_what, args, message) => {
    const r = await runCli(['invoke', ...args], { cwd: plugin });
    expect(r.code).toBe(2);
    const out = oneJson(r.stdout);
    expect(out.exitCode).toBe(2);
    expect(out.error.message).toMatch(message);
    expect(r.stderr).toMatch(message);
  });

  it('a missing required credential (no --mock, no terminal)', async () => {
    const r = await runCli(['invoke', '--format', 'json', '--python', process.execPath], { cwd: plugin });
    expect(r.code).toBe(2);
    expect(oneJson(r.stdout).error.message).toMatch(/missing required credential/);
  });

  it('no Python', async () => {
    const r = await runCli(['invoke', '--format', 'json', '--mock', '--python', '/nonexistent/python3'], { cwd: plugin });
    expect(r.code).toBe(2);
    expect(oneJson(r.stdout).error.message).toMatch(/cannot run Python/);
  });
});
