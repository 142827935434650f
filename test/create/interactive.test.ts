// The interactive path, in a real pseudo-terminal: every question answered by keys, and
// Ctrl-C at a prompt, which must leave nothing behind and exit 130.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CREATE_BIN, MODEL_PLUGIN_BIN, scratch, Terminal } from './helpers.js';

const terminals: Terminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.kill();
});

function terminal(command: string, cwd: string): Terminal {
  const t = new Terminal(command, cwd);
  terminals.push(t);
  return t;
}

const ENTER = '\r';
const DOWN = '\x1b[B';
const CTRL_C = '\x03';

describe('with a terminal', () => {
  it('asks every question and builds the plugin from the answers', async () => {
    const cwd = scratch();
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_BIN)} weather`, cwd);
    await t.waitFor(/Plugin name.*\(weather\)/);
    t.type(ENTER); // accept the name derived from the folder
    await t.waitFor(/Author/);
    t.type('Bad Author' + ENTER); // refused by the same check as --author...
    await t.waitFor(/is not a valid author/);
    t.type('\x15' + 'acme' + ENTER); // ...so clear the line (Ctrl-U) and type a valid one
    await t.waitFor(/Label shown in Dify/);
    t.type('\x15' + 'Weather: AI' + ENTER);
    await t.waitFor(/Description/);
    t.type(ENTER);
    await t.waitFor(/Model types/);
    t.type(DOWN + ' ' + ENTER); // llm is preselected; add text-embedding
    await t.waitFor(/Model classes/);
    t.type(DOWN + ENTER); // blank
    await t.waitFor(/Name of the first llm model/);
    t.type('\x15' + 'wx-1' + ENTER);
    expect(await t.exit()).toBe(0);

    const root = join(cwd, 'weather');
    const manifest = parse(readFileSync(join(root, 'manifest.yaml'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'weather', author: 'acme', label: { en_US: 'Weather: AI' }, description: { en_US: 'Weather: AI models for Dify.' } });
    expect(parse(readFileSync(join(root, 'provider/weather.yaml'), 'utf8')).supported_model_types).toEqual(['llm', 'text-embedding']);
    expect(parse(readFileSync(join(root, 'models/llm/wx-1.yaml'), 'utf8')).model).toBe('wx-1');
    expect(readFileSync(join(root, 'models/llm/llm.py'), 'utf8')).toMatch(/NotImplementedError/);
  });

  it('asks only what the flags did not answer', async () => {
    const cwd = scratch();
    const flags = '--name given --author acme --label L --description D --types rerank --base blank';
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(MODEL_PLUGIN_BIN)} init out ${flags}`, cwd);
    await t.waitFor(/Name of the first rerank model/);
    expect(t.text()).not.toMatch(/Plugin name|Author|Label shown|Model types|Model classes/);
    t.type(ENTER);
    expect(await t.exit()).toBe(0);
    expect(existsSync(join(cwd, 'out/models/rerank/example-rerank.yaml'))).toBe(true);
  });

  it.each(['Plugin name', 'Model types', 'Name of the first'])('Ctrl-C at "%s" exits 130 and leaves nothing behind', async (question) => {
    const cwd = scratch();
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_BIN)} p`, cwd);
    const steps: [prompt: string, keys: string][] = [
      ['Plugin name', ENTER],
      ['Author', 'acme' + ENTER],
      ['Label shown', ENTER],
      ['Description', ENTER],
      ['Model types', ENTER],
      ['Model classes', ENTER],
      ['Name of the first', ENTER],
    ];
    for (const [prompt, keys] of steps) {
      await t.waitFor(new RegExp(prompt));
      if (prompt === question) {
        t.type(CTRL_C);
        break;
      }
      t.type(keys);
    }
    expect(await t.exit()).toBe(130);
    expect(t.text()).toMatch(/cancelled, nothing was written/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--yes never asks, even in a terminal', async () => {
    const cwd = scratch();
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_BIN)} p --yes`, cwd);
    expect(await t.exit()).toBe(0);
    expect(t.text()).not.toMatch(/\?/);
    expect(existsSync(join(cwd, 'p/manifest.yaml'))).toBe(true);
  });
});
