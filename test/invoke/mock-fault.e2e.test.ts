// `invoke --mock --mock-fault <kind>` end to end on the scaffold with the real SDK: every fault kind
// against the scaffold's moderation class (which maps HTTP errors itself) and provider check, and
// the report of a class that does not map them (the SDK's OpenAI-compatible LLM class).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPythons } from '../helpers/python.js';
import { removeTemps, runCli, scaffold } from './run-cli.js';
import { FAULT_KINDS } from '../../src/invoke/mock-server/faults.js';

let plugin: string;
beforeAll(async () => {
  plugin = await scaffold('openai-compatible', ['llm', 'moderation']);
});
afterAll(removeTemps);

// One SDK is enough here: the error mapping is the plugin's; newest Python first (SDK 0.10).
const python = testPythons()[0].python;

describe('invoke --mock-fault', () => {
  it.each(FAULT_KINDS)('%s: the scaffold turns it into the right Dify error, with the reason', async (fault) => {
    const r = await runCli(['invoke', '--mock', '--mock-fault', fault, '-t', 'moderation', '--python', python, '--format', 'json'], { cwd: plugin });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ ok: true, fault, error: null });
    expect(json.faults.map((f: { action: string }) => f.action)).toEqual(['validate_provider_credentials', 'invoke_moderation']);
    for (const row of json.faults) {
      expect(row.ok, JSON.stringify(row)).toBe(true);
      expect(row.requests.length).toBeGreaterThan(0);
      expect(row.requests.every((q: { dialect: string }) => q.dialect === 'openai')).toBe(true);
    }
    const moderation = json.faults[1];
    if (fault === 'rate-limit') expect(moderation).toMatchObject({ raised: 'InvokeRateLimitError', reason: true });
    if (fault === 'server-error') expect(moderation).toMatchObject({ raised: 'InvokeServerUnavailableError', reason: true });
    if (fault === 'model-not-found') expect(moderation).toMatchObject({ raised: 'InvokeBadRequestError', reason: true });
    if (fault === 'auth') expect(moderation).toMatchObject({ raised: 'InvokeAuthorizationError', reason: null });
    // The provider's credential check quotes the server (its LLM check keeps the body).
    if (fault === 'rate-limit') expect(json.faults[0].message).toMatch(/Rate limit reached/);
  });

  it('reports a class that collapses HTTP errors into InvokeError, as a table per type, exit 1', async () => {
    const r = await runCli(['invoke', '--mock', '--mock-fault', 'rate-limit', '-t', 'llm', '--python', python], { cwd: plugin });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Fault rate-limit: HTTP 429/);
    expect(r.stdout).toMatch(/ACTION\s+FAULT\s+EXPECTED\s+RAISED\s+REASON\s+RESULT/);
    expect(r.stdout).toMatch(/invoke_llm\s+rate-limit\s+InvokeRateLimitError\s+InvokeError\s+\S+\s+FAIL/);
    expect(r.stdout).toMatch(/1 of 2 checks did not turn the rate-limit fault into the right Dify error/);
  });

  it('needs --mock and a known kind (exit 2)', async () => {
    const noMock = await runCli(['invoke', '--mock-fault', 'auth', '--python', python], { cwd: plugin });
    expect(noMock.code).toBe(2);
    expect(noMock.stderr).toMatch(/--mock-fault needs --mock/);
    const bad = await runCli(['invoke', '--mock', '--mock-fault', 'gremlins', '--python', python], { cwd: plugin });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mock-fault gremlins: use one of auth, rate-limit, server-error, timeout, malformed, model-not-found/);
  });
});
