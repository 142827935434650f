// The generated plugin starts under the real dify_plugin SDK (every venv the test set-up
// made: SDK 0.7.x on Python 3.11 and 0.10.x on 3.12) and prints its declaration: the first
// stdout line is the manifest as JSON, and a heartbeat follows. Both bases, all six types,
// and a plugin grown with `model-plugin add`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPythons } from '../helpers/python.js';
import { ALL_TYPES, modelPlugin, scaffold, scratch } from './helpers.js';

interface Started {
  declaration: Record<string, unknown>;
  heartbeat: Record<string, unknown>;
}

/** Runs `python -m main` the way Dify does and returns its first two protocol messages. */
function start(python: string, root: string): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', 'main'], { cwd: root, env: { ...process.env, INSTALL_METHOD: 'local' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const messages: Record<string, unknown>[] = [];
    const lines = createInterface({ input: child.stdout });
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      lines.close();
      child.kill('SIGKILL');
      if (err) reject(err);
      else resolve({ declaration: messages[0]!, heartbeat: messages.find((m) => m.event === 'heartbeat')! });
    };
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      try {
        messages.push(JSON.parse(line));
      } catch {
        return finish(new Error(`not JSON on stdout: ${line}`));
      }
      if (messages.at(-1)!.event === 'heartbeat') finish();
    });
    child.on('exit', (code) => finish(new Error(`the plugin exited (${code}) before its first heartbeat:\n${stderr}`)));
    child.on('error', finish);
  });
}

const pythons = testPythons();

describe.each(pythons.map((p) => [p.sdkVersion, p.python]))('under dify_plugin %s', (_, python) => {
  it.each([
    ['openai-compatible', 'predefined'],
    ['blank', 'predefined'],
    ['openai-compatible', 'customizable'],
    ['blank', 'both'],
  ])('a plugin with all six types (%s, %s) starts and declares itself', async (base, configurate) => {
    const label = 'Acme: "x" {{y}} #z';
    const root = scaffold(join(scratch(), 'acme'), ['--base', base, '--configurate', configurate, '--types', ALL_TYPES.join(','), '--label', label]);
    const { declaration, heartbeat } = await start(python, root);
    // The first line is the manifest as the SDK parsed it (no `event` key).
    expect(declaration.event).toBeUndefined();
    expect(declaration).toMatchObject({
      name: 'acme',
      author: 'acme',
      version: '0.0.1',
      label: { en_US: label },
      plugins: { models: ['provider/acme.yaml'] },
      meta: { runner: { language: 'python', version: '3.12', entrypoint: 'main' } },
    });
    expect(heartbeat).toEqual({ event: 'heartbeat', session_id: null, data: {} });
  });

  // Every type in both modes: predefined models with the provider's credentials, models added by
  // name with their own (the model form; --mock fills in the endpoint, the rest are its defaults).
  it.each([
    ['predefined', [], 'validate_provider_credentials'],
    ['customizable', [], 'validate_model_credentials'],
    ['both', ['-m', 'my-own-model'], 'validate_model_credentials'],
    ['both', [], 'validate_provider_credentials'],
  ])('answers a smoke invocation of every type against the mock OpenAI-compatible API (%s %j)', (configurate, extra, check) => {
    const root = scaffold(join(scratch(), 'acme'), ['--types', ALL_TYPES.join(','), '--configurate', configurate as string]);
    const r = modelPlugin(['invoke', '--mock', '--dir', root, '--python', python, '--format', 'json', ...(extra as string[])]);
    const report = JSON.parse(r.stdout) as { ok: boolean; results: { type: string | null; model: string | null; action: string; ok: boolean; error: unknown }[] };
    expect(report.results.filter((x) => !x.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(r.status).toBe(0);
    const actions = report.results.map((x) => x.action);
    for (const action of [check as string, 'invoke_llm', 'invoke_text_embedding', 'invoke_rerank', 'invoke_tts', 'invoke_speech2text', 'invoke_moderation']) {
      expect(actions).toContain(action);
    }
    if ((extra as string[]).length) expect(report.results.filter((x) => x.action.startsWith('invoke_')).map((x) => x.model)).toEqual(Array(6).fill('my-own-model'));
  });

  it('a name that is no Python identifier, and a plugin grown with `add`, start too', async () => {
    const root = scaffold(join(scratch(), 'p'), ['--name', '3d-ai', '--types', 'llm', '--model-permission']);
    for (const type of ['rerank', 'moderation']) expect(modelPlugin(['add', type, '--dir', root]).status).toBe(0);
    expect(modelPlugin(['add', 'llm', '--model', 'second', '--dir', root]).status).toBe(0);
    const { declaration, heartbeat } = await start(python, root);
    expect(declaration).toMatchObject({ name: '3d-ai', resource: { permission: { model: { enabled: true, llm: true, rerank: true, moderation: true } } } });
    expect(heartbeat.event).toBe('heartbeat');
  });

  it('a customizable plugin grown with `add` invokes the new type with its form', () => {
    const root = scaffold(join(scratch(), 'c'), ['--types', 'llm', '--configurate', 'customizable']);
    expect(modelPlugin(['add', 'text-embedding', '--dir', root]).status).toBe(0);
    const r = modelPlugin(['invoke', '--mock', '--dir', root, '--python', python, '--format', 'json', '-m', 'text-embedding=bge-m3', '-c', 'max_chunks=4']);
    const report = JSON.parse(r.stdout) as { ok: boolean; results: { model: string | null; action: string; ok: boolean }[] };
    expect(report.results.filter((x) => !x.ok)).toEqual([]);
    expect(report.results.find((x) => x.action === 'invoke_text_embedding')?.model).toBe('bge-m3');
    expect(r.status).toBe(0);
  });
});
