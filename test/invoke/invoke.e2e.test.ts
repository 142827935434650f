// `model-plugin invoke` end to end: scaffolded plugins (the real scaffolder), the real dify_plugin
// SDK from PyPI in the virtualenvs scripts/setup-python.mjs creates, over the stdio protocol, once
// per available Python/SDK (0.7.x on 3.11, 0.10.x on 3.12).
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startMockServer } from '../../src/invoke/mock-server/server.js';
import { testPythons } from '../helpers/python.js';
import { REPO, copyPlugin, processGone, removeTemps, runCli, scaffold, startCli, tempDir } from './run-cli.js';
import { wavInfo, sineWav } from '../../src/invoke/audio.js';

const ALL_TYPES = ['llm', 'text-embedding', 'rerank', 'tts', 'speech2text', 'moderation'];
const ACTIONS: Record<string, string[]> = {
  llm: ['invoke_llm', 'get_llm_num_tokens'],
  'text-embedding': ['invoke_text_embedding'],
  rerank: ['invoke_rerank'],
  tts: ['get_tts_model_voices', 'invoke_tts'],
  speech2text: ['invoke_speech2text'],
  moderation: ['invoke_moderation'],
};

let full: string; // openai-compatible, all six types
let blank: string;
let llmOnly: string;

beforeAll(async () => {
  [full, blank, llmOnly] = await Promise.all([
    scaffold('openai-compatible', ALL_TYPES),
    scaffold('blank', ['llm', 'text-embedding']),
    scaffold('openai-compatible', ['llm']),
  ]);
});

afterAll(removeTemps);

/** Every file of a plugin with its size and mtime, to prove a run wrote nothing into it. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)} ${statSync(p).size} ${statSync(p).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

/** Appends a subclass of the scaffold's LLM class (the last class of a type wins, reference §8.4). */
function overrideLlm(dir: string, body: string): void {
  const file = join(dir, 'models/llm/llm.py');
  const base = /^class (\w+)\(/m.exec(readFileSync(file, 'utf8'))![1];
  appendFileSync(file, `\n\nclass Override${base}(${base}):\n${body}\n`);
}

function parseJson(stdout: string) {
  return JSON.parse(stdout) as {
    ok: boolean;
    results: { type: string | null; model: string | null; action: string; ok: boolean; firstChunkMs: number | null; totalMs: number | null; output: string | null; error: string | null }[];
    notRun: { type: string; reason: string }[];
    error: { message: string; cause: string | null; stderrTail: string[] } | null;
  };
}

describe.each(testPythons())('invoke with $python (dify_plugin $sdkVersion)', ({ python, sdkVersion }) => {
  const sdkMinor = Number(sdkVersion.split('.')[1]);

  it('passes --mock for all six model types of an OpenAI-compatible scaffold, writing nothing into the plugin', async () => {
    const before = snapshot(full);
    const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json'], { cwd: full });
    expect(r.stderr).toContain('plugin ready');
    expect(r.code, r.stderr).toBe(0);
    const out = parseJson(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.error).toBeNull();
    expect(out.notRun).toEqual([]);
    expect(out.results[0]).toMatchObject({ type: null, action: 'validate_provider_credentials', ok: true });
    for (const type of ALL_TYPES) {
      const actions = out.results.filter((x) => x.type === type).map((x) => x.action);
      expect(actions, type).toEqual(ACTIONS[type]);
    }
    for (const row of out.results) {
      expect(row.ok, `${row.action}: ${row.error}`).toBe(true);
      expect(Object.keys(row).sort()).toEqual(['action', 'error', 'firstChunkMs', 'model', 'ok', 'output', 'requests', 'totalMs', 'type']);
      expect(typeof row.totalMs).toBe('number');
    }
    const llm = out.results.find((x) => x.action === 'invoke_llm')!;
    expect(llm.output).toContain('Say hello in one short sentence.'); // the mock echoes the prompt
    expect(llm.firstChunkMs).toBeLessThanOrEqual(llm.totalMs!);
    expect(out.results.find((x) => x.action === 'invoke_text_embedding')!.output).toBe('2 vectors × 256 dimensions');
    expect(out.results.find((x) => x.action === 'invoke_rerank')!.output).toMatch(/^#1 1\.00/); // the Paris document
    expect(out.results.find((x) => x.action === 'invoke_moderation')!.output).toBe('not flagged');
    expect(out.results.find((x) => x.action === 'invoke_speech2text')!.output).toMatch(/0\.50 s of 16000 Hz WAV/);
    const audioPath = /→ (\S+)$/.exec(out.results.find((x) => x.action === 'invoke_tts')!.output!)![1];
    expect(statSync(audioPath).size).toBeGreaterThan(0);
    rmSync(audioPath);
    expect(snapshot(full)).toEqual(before);
  });

  it('prints live lines, the streamed text and a summary table in text format', async () => {
    const r = await runCli(['invoke', '--mock', '--python', python, '-t', 'llm', '--prompt', 'Tell me a joke'], { cwd: full });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ Hello from the model-plugin mock server! You said: "Tell me a joke"/);
    expect(r.stdout).toMatch(/✓ llm {2}example-chat {2}invoke_llm {2}first chunk \d+ ms · \d+ ms/);
    expect(r.stdout).toMatch(/TYPE +MODEL +ACTION +RESULT +FIRST CHUNK +TOTAL +OUTPUT/);
    expect(r.stdout).toMatch(/All 3 invocations passed \(1 model type\)/);
  });

  it('fails a blank scaffold with the not-implemented cause, exit 1', async () => {
    const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json'], { cwd: blank });
    expect(r.code).toBe(1);
    const out = parseJson(r.stdout);
    expect(out.ok).toBe(false);
    const failed = out.results.find((x) => !x.ok)!;
    expect(failed.action).toBe('validate_provider_credentials');
    expect(failed.error).toMatch(/TODO: validate_credentials must/);
    if (sdkMinor >= 10) {
      // SDK >= 0.10.1 sends the traceback: the original exception and the plugin file it came from.
      expect(failed.error).toMatch(/TODO: validate_credentials must .* \(raised as NotImplementedError\)/);
      expect(failed.error).toMatch(/at models\/(llm|text_embedding)\/\w+\.py:\d+/);
    }
    expect(out.notRun.map((n) => n.type).sort()).toEqual(['llm', 'text-embedding']);
  });

  it('names the file and line of a syntax error in a model source before starting the plugin (X8), exit 1', async () => {
    const dir = copyPlugin(llmOnly);
    const file = join(dir, 'models/llm/llm.py');
    const lines = readFileSync(file, 'utf8').split('\n').length;
    appendFileSync(file, '\ndef broken(:\n    pass\n');
    const r = await runCli(['invoke', '--mock', '--python', python], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${lines + 1}:\\d+\\s+error\\s+Python syntax error: .*models/llm/llm\\.py when the plugin starts.*X8`));
    expect(r.stdout).toMatch(/✗ the plugin has validation errors/);
    expect(r.stdout).not.toMatch(/did not start/); // found before launching, not after a crash
  });

  it('refuses a missing required credential, exit 2, before invoking anything; the plugin (started early, while the CLI loads) is stopped', async () => {
    const dir = copyPlugin(llmOnly);
    const marker = join(tempDir(), 'started');
    const main = join(dir, 'main.py');
    writeFileSync(main, `import os\nopen(os.environ["MP_TEST_STARTED"], "w").write(str(os.getpid()))\n${readFileSync(main, 'utf8')}`);
    const r = await runCli(['invoke', '--python', python, '-c', 'endpoint_url=http://127.0.0.1:9/v1'], { cwd: dir, env: { MP_TEST_STARTED: marker } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required credential "api_key" \(API Key, secret-input\)/);
    expect(r.stderr).toMatch(/provider_credential_schema in provider\/acme\.yaml/);
    expect(r.stdout).not.toMatch(/validate_provider_credentials|invoke_llm/);
    if (existsSync(marker)) expect(processGone(Number(readFileSync(marker, 'utf8')))).toBe(true);
  });

  it('stops a model that hangs at --timeout and leaves no process behind (its children included)', async () => {
    const dir = copyPlugin(llmOnly);
    const pids = join(tempDir(), 'pids');
    overrideLlm(
      dir,
      [
        '    def _invoke(self, *args, **kwargs):',
        '        import os, subprocess, time',
        '        child = subprocess.Popen(["sleep", "300"])',
        '        with open(os.environ["MP_TEST_PIDS"], "w") as f:',
        '            f.write(f"{os.getpid()} {child.pid}")',
        '        while True:',
        '            time.sleep(0.2)',
      ].join('\n'),
    );
    const r = await runCli(['invoke', '--mock', '--python', python, '--timeout', '3', '--format', 'json'], { cwd: dir, env: { MP_TEST_PIDS: pids } });
    expect(r.code).toBe(1);
    const out = parseJson(r.stdout);
    const llm = out.results.find((x) => x.action === 'invoke_llm')!;
    expect(llm.ok).toBe(false);
    expect(llm.error).toMatch(/no answer within 3 s \(--timeout\); the plugin was stopped/);
    expect(out.error?.message).toMatch(/--timeout/);
    expect(out.results.find((x) => x.action === 'get_llm_num_tokens')).toBeUndefined();
    const [plugin, grandchild] = readFileSync(pids, 'utf8').split(' ').map(Number);
    expect(processGone(plugin)).toBe(true);
    await expect.poll(() => processGone(grandchild)).toBe(true); // killed with its process group; init reaps it
  });

  it.each([
    ['SIGTERM', 143, 'got SIGTERM'],
    ['SIGINT', 130, 'interrupted'],
    ['SIGHUP', 129, 'got SIGHUP'],
  ] as const)('ends the plugin when the command gets %s (exit %d)', async (signal, code, said) => {
    const dir = copyPlugin(llmOnly);
    const pids = join(tempDir(), 'pids');
    overrideLlm(dir, ['    def _invoke(self, *args, **kwargs):', '        import os, time', '        open(os.environ["MP_TEST_PIDS"], "w").write(str(os.getpid()))', '        time.sleep(300)'].join('\n'));
    const run = startCli(['invoke', '--mock', '--python', python, '--timeout', '600'], { cwd: dir, env: { MP_TEST_PIDS: pids } });
    await expect.poll(() => existsSync(pids) && readFileSync(pids, 'utf8').length > 0, { timeout: 60_000 }).toBe(true);
    run.child.kill(signal);
    const r = await run.done;
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`${said}; the plugin was stopped`);
    expect(processGone(Number(readFileSync(pids, 'utf8')))).toBe(true);
  });

  it('an exception no handler catches (a bug) still stops the plugin and prints the JSON object, exit 2', async () => {
    const dir = copyPlugin(llmOnly);
    const scratchDir = tempDir();
    const pids = join(scratchDir, 'pids');
    // Fault injection from outside the code under test: a preload module throws in a timer of the
    // CLI process once the plugin is busy answering, as a bug in a stream listener would.
    const preload = join(scratchDir, 'throw-later.mjs');
    writeFileSync(
      preload,
      `import { existsSync, readFileSync } from 'node:fs';
const t = setInterval(() => {
  if (existsSync(process.env.MP_TEST_PIDS) && readFileSync(process.env.MP_TEST_PIDS, 'utf8').length > 0) {
    clearInterval(t);
    throw new Error('injected listener bug');
  }
}, 50);
t.unref();
`,
    );
    overrideLlm(dir, ['    def _invoke(self, *args, **kwargs):', '        import os, time', '        open(os.environ["MP_TEST_PIDS"], "w").write(str(os.getpid()))', '        time.sleep(300)'].join('\n'));
    const r = await runCli(['invoke', '--mock', '--python', python, '--timeout', '600', '--format', 'json'], {
      cwd: dir,
      env: { MP_TEST_PIDS: pids, NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` },
    });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { message: string } };
    expect(out.ok).toBe(false);
    expect(out.error.message).toMatch(/internal error.*injected listener bug/);
    expect(r.stderr).toMatch(/internal error/);
    await expect.poll(() => processGone(Number(readFileSync(pids, 'utf8')))).toBe(true);
  });

  it('reports a crash while answering with its exit status, exit 1', async () => {
    const dir = copyPlugin(llmOnly);
    overrideLlm(dir, ['    def _invoke(self, *args, **kwargs):', '        import os, sys', '        sys.stderr.write("about to die\\n"); sys.stderr.flush()', '        os._exit(3)'].join('\n'));
    const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = parseJson(r.stdout);
    expect(out.results.find((x) => x.action === 'invoke_llm')!.error).toMatch(/the plugin exited with status 3 while answering a request/);
    expect(out.error?.stderrTail.join('\n')).toContain('about to die');
  });

  it('never prints a secret-input value, even when the plugin echoes it in errors, logs and stderr', async () => {
    const dir = copyPlugin(llmOnly);
    const secret = 'sk-TOP-secret-4f9a2c';
    overrideLlm(
      dir,
      [
        '    def _invoke(self, model, credentials, *args, **kwargs):',
        '        import sys',
        '        print("stdout says " + credentials["api_key"], flush=True)',
        '        sys.stderr.write("stderr says " + credentials["api_key"] + "\\n"); sys.stderr.flush()',
        '        raise ValueError("rejected key " + credentials["api_key"])',
      ].join('\n'),
    );
    for (const format of ['text', 'json']) {
      const r = await runCli(['invoke', '--mock', '--python', python, '--verbose', '-c', `api_key=${secret}`, '--format', format], { cwd: dir });
      expect(r.code, r.stderr.replaceAll(secret, '<secret>')).toBe(1);
      const all = r.stdout + r.stderr;
      expect(all).not.toContain(secret);
      expect(all).toContain('rejected key ********');
      expect(all).toContain('stderr says ********');
    }
  });

  it('runs in local mode even when a developer .env says INSTALL_METHOD=remote', async () => {
    const dir = copyPlugin(llmOnly);
    writeFileSync(join(dir, '.env'), 'INSTALL_METHOD=remote\nREMOTE_INSTALL_URL=127.0.0.1:9\nREMOTE_INSTALL_KEY=x\n');
    const r = await runCli(['invoke', '--mock', '--python', python, '-t', 'llm', '--timeout', '30'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('writes TTS audio to --out, refuses to overwrite it without --force, and transcribes --audio', async () => {
    const out = join(tempDir(), 'voice.mp3');
    const first = await runCli(['invoke', '--mock', '--python', python, '-t', 'tts', '--out', out], { cwd: full });
    expect(first.code, first.stdout).toBe(0);
    const audio = readFileSync(out);
    expect(audio.length).toBeGreaterThan(1000);
    // An ID3 tag then an MP3 frame from the mock, decoded from hex chunks intact.
    expect(audio.subarray(0, 3).toString('latin1')).toBe('ID3');
    expect(audio[10]).toBe(0xff);
    const again = await runCli(['invoke', '--mock', '--python', python, '-t', 'tts', '--out', out], { cwd: full });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect((await runCli(['invoke', '--mock', '--python', python, '-t', 'tts', '--out', out, '--force'], { cwd: full })).code).toBe(0);

    const wav = join(tempDir(), 'in.wav');
    writeFileSync(wav, sineWav(1.25, 8000));
    expect(wavInfo(readFileSync(wav))?.seconds).toBeCloseTo(1.25);
    const s2t = await runCli(['invoke', '--mock', '--python', python, '-t', 'speech2text', '--audio', wav, '--format', 'json'], { cwd: full });
    expect(parseJson(s2t.stdout).results.at(-1)!.output).toMatch(/1\.25 s of 8000 Hz WAV/);
  });

  if (sdkMinor >= 10) {
    it('refuses a backwards invocation from a model as Dify does', async () => {
      const dir = copyPlugin(llmOnly);
      overrideLlm(
        dir,
        [
          '    def _invoke(self, model, credentials, *args, **kwargs):',
          '        from dify_plugin import get_current_session',
          '        from dify_plugin.entities.model.message import UserPromptMessage',
          '        from dify_plugin.entities.model.llm import LLMModelConfig',
          '        session = get_current_session()',
          '        return session.model.llm.invoke(model_config=LLMModelConfig(provider="x", model="y", mode="chat"), prompt_messages=[UserPromptMessage(content="hi")], stream=False)',
        ].join('\n'),
      );
      const r = await runCli(['invoke', '--mock', '--python', python, '--format', 'json', '--timeout', '30'], { cwd: dir });
      expect(r.code).toBe(1);
      const llm = parseJson(r.stdout).results.find((x) => x.action === 'invoke_llm')!;
      expect(llm.error).toContain('you can not invoke dify from model');
      expect(llm.error).toMatch(/the model tried to call back into Dify \(llm\)/);
    });
  }
});

describe('invoke environment and usage errors', () => {
  const [{ python }] = testPythons();

  it('asks for a missing secret on a terminal without echoing it, and sends it to the plugin', async () => {
    const dir = copyPlugin(llmOnly);
    const provider = join(dir, 'provider/acme.yaml');
    writeFileSync(
      provider,
      readFileSync(provider, 'utf8').replace(
        '  credential_form_schemas:\n',
        '  credential_form_schemas:\n    - variable: org_token\n      label:\n        en_US: Org token\n      type: secret-input\n      required: true\n',
      ),
    );
    const typed = 'org-typed-secret-5521';
    overrideLlm(dir, ['    def _invoke(self, model, credentials, *args, **kwargs):', `        if credentials.get("org_token") != "${typed}":`, '            raise ValueError("org_token did not arrive")', '        return super()._invoke(model, credentials, *args, **kwargs)'].join('\n'));
    // Not --mock (it would fill the secret): the mock server runs on its own, given with -c.
    const mock = await startMockServer();
    onTestFinished(() => mock.close());
    // A real terminal: Python's pty module runs the CLI on a pseudo-terminal and relays our input.
    const cli = [process.execPath, join(REPO, 'bin/model-plugin.js'), 'invoke', '--python', python, '-c', `endpoint_url=${mock.url}`, '-c', 'api_key=sk-given'];
    const child = spawn(python, ['-c', 'import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)', ...cli], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => output.includes('Org token (org_token'), { timeout: 60_000 }).toBe(true);
    child.stdin.write(`${typed}\r`);
    const code = await closed;
    expect(output).toMatch(/All 3 invocations passed/);
    expect(code, output).toBe(0);
    expect(output).not.toContain(typed);
  });

  it('exits 2 pointing at model-plugin setup (never at pip in a system Python) when the interpreter cannot import dify_plugin', async () => {
    const base = execFileSync(python, ['-c', 'import sys; print(sys._base_executable)'], { encoding: 'utf8' }).trim();
    const r = await runCli(['invoke', '--mock', '--python', base], { cwd: llmOnly });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot import dify_plugin/);
    expect(r.stderr).toContain('model-plugin setup --dir .');
    expect(r.stderr).not.toMatch(/pip install/);
  });

  it('stops at validation errors with the diagnostics, exit 1, before invoking anything', async () => {
    const dir = copyPlugin(llmOnly);
    appendFileSync(join(dir, 'manifest.yaml'), '\n  broken: [unclosed\n');
    const r = await runCli(['invoke', '--mock', '--python', python], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/manifest\.yaml/);
    expect(r.stdout).toMatch(/\d+:\d+ +error +YAML syntax error/);
    expect(r.stdout).toMatch(/the plugin has validation errors/);
    expect(r.stdout).not.toMatch(/plugin ready/);
  });

  it('stops a plugin that never becomes ready at --startup-timeout, leaving no process', async () => {
    const dir = copyPlugin(llmOnly);
    const pids = join(tempDir(), 'pid');
    const main = join(dir, 'main.py');
    writeFileSync(main, `import os, time\nopen(os.environ["MP_TEST_PIDS"], "w").write(str(os.getpid()))\ntime.sleep(300)\n${readFileSync(main, 'utf8')}`);
    const r = await runCli(['invoke', '--mock', '--python', python, '--startup-timeout', '2'], { cwd: dir, env: { MP_TEST_PIDS: pids } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the plugin did not start: the plugin did not become ready within 2 s \(no heartbeat on stdout; --startup-timeout\)/);
    expect(processGone(Number(readFileSync(pids, 'utf8')))).toBe(true);
  });

  it('rejects bad flags with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--type', 'chat'], /--type chat: not a model type/],
      [['--timeout', '0'], /--timeout 0/],
      [['--dir', '/nonexistent-plugin-dir'], /no such folder/],
      [['--type', 'speech2text', '--audio', '/nonexistent.wav'], /--audio \/nonexistent\.wav: file not found/],
      [['--model', 'a', '--model', 'b'], /--model was given twice/],
      [['-c', 'no-equals-sign'], /-c expects key=value/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['invoke', '--mock', '--python', python, ...args], { cwd: llmOnly });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    const noPlugin = await runCli(['invoke'], { cwd: tempDir() });
    expect(noPlugin.code).toBe(2);
    expect(noPlugin.stderr).toMatch(/no manifest\.yaml in .* --dir/);
  });

  it('refuses a type the provider does not declare', async () => {
    const r = await runCli(['invoke', '--mock', '--python', python, '--type', 'rerank'], { cwd: llmOnly });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--type rerank: provider "acme" does not declare it \(supported_model_types in provider\/acme\.yaml: llm\)/);
  });
});
