// The validator's errors claim "the SDK crashes at start". Here the real dify_plugin SDK (each
// Python/SDK the test set-up installed) starts the fixture plugin, then the same plugin broken as a
// rule test breaks it: the fixed plugin must start, each broken one must crash, and the validator
// must report the matching rule as an error.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { makePlugin, BASE_FILES } from '../helpers/fixture.js';
import { diagnosticsOf } from '../helpers/validate.js';
import { testPythons } from '../helpers/python.js';

type Outcome = { started: true } | { started: false; stderr: string };

/** Runs `python -m main` as Dify does; started = the first heartbeat came. */
function start(python: string, root: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(python, ['-m', 'main'], { cwd: root, env: { ...process.env, INSTALL_METHOD: 'local' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const done = (o: Outcome) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(o);
    };
    const timer = setTimeout(() => done({ started: false, stderr: `timeout; stderr: ${stderr}` }), 60_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('"event": "heartbeat"') || stdout.includes('"event":"heartbeat"')) done({ started: true });
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', () => done({ started: false, stderr }));
  });
}

const MODEL = 'models/llm/acme-chat.yaml';
const PROVIDER = 'provider/acme.yaml';
const BROKEN: { rule: string; why: string; files: Record<string, string>; sdkSays: RegExp }[] = [
  { rule: 'D2', why: 'model_type with the underscore spelling', files: { [MODEL]: BASE_FILES[MODEL].replace('model_type: llm', 'model_type: text_embedding') } , sdkSays: /input_value='text_embedding'/ },
  { rule: 'D6', why: 'an unknown model_properties key', files: { [MODEL]: BASE_FILES[MODEL].replace('  context_size: 8192', '  context_size: 8192\n  max_tokens: 4096') } , sdkSays: /input_value='max_tokens'/ },
  { rule: 'D4', why: 'an unknown feature', files: { [MODEL]: BASE_FILES[MODEL].replace('  - agent-thought', '  - tool_call') } , sdkSays: /input_value='tool_call'/ },
  { rule: 'P13', why: 'models given as a list (the seed form)', files: { [PROVIDER]: BASE_FILES[PROVIDER].replace(/models:\n  llm:\n[\s\S]*?(?=extra:)/, 'models:\n  - models/llm/acme-chat.yaml\n') } , sdkSays: /models should be a glob path list/ },
  { rule: 'M12', why: 'an unquoted runner version', files: { 'manifest.yaml': BASE_FILES['manifest.yaml'].replace('version: "3.12"', 'version: 3.12') } , sdkSays: /input_value=3\.12, input_type=float/ },
  { rule: 'P16', why: 'a provider_source that does not exist', files: { [PROVIDER]: BASE_FILES[PROVIDER].replace('provider_source: provider/acme.py', 'provider_source: provider/openai.py') } , sdkSays: /No such file or directory: '[^']*provider\/openai\.py'/ },
  { rule: 'X2', why: 'two ModelProvider subclasses in the provider module', files: { 'provider/acme.py': BASE_FILES['provider/acme.py'].replace('from dify_plugin import ModelProvider', 'from dify_plugin import ModelProvider\nfrom dify_plugin.interfaces.model.openai_compatible.provider import OAICompatProvider') } , sdkSays: /Multiple subclasses of ModelProvider/ },
];

describe.each(testPythons())('the real SDK agrees with the validator (dify_plugin $sdkVersion)', ({ python }) => {
  it('starts the plugin the validator passes', async () => {
    const root = makePlugin();
    expect(diagnosticsOf(root).filter((d) => d.severity === 'error')).toEqual([]);
    expect(await start(python, root)).toEqual({ started: true });
  });

  it.each(BROKEN)('$rule: $why crashes the SDK at start and is a validation error', async ({ rule, files, sdkSays }) => {
    const root = makePlugin({ files });
    const errors = diagnosticsOf(root).filter((d) => d.severity === 'error').map((d) => d.ruleId);
    expect(errors).toContain(rule);
    const outcome = await start(python, root);
    expect(outcome.started).toBe(false);
    // Crashed for the reason the rule names (not some other failure).
    expect((outcome as { stderr: string }).stderr).toMatch(sdkSays);
  });
});
