// The interactive path, in a real pseudo-terminal: every question answered by keys, and
// Ctrl-C at a prompt, which must leave nothing behind and exit 130.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    await t.waitFor(/How users get models/);
    t.type(DOWN + DOWN + ENTER); // both
    await t.waitFor(/Model classes/);
    t.type(DOWN + ENTER); // blank
    await t.waitFor(/Name of the first llm model/);
    t.type('\x15' + ' wx-1' + ENTER); // refused as typed: it would be sent to the API with the space...
    await t.waitFor(/starts or ends with spaces/);
    t.type('\x15' + 'wx-1' + ENTER); // ...so clear the line and type a valid one
    // What the Marketplace requires, checked as typed like --repo and --contact.
    await t.waitFor(/Source repository URL/);
    t.type('https://example.com/acme/weather' + ENTER);
    await t.waitFor(/is not a repository URL/);
    t.type('\x15' + 'https://github.com/acme/weather' + ENTER);
    await t.waitFor(/Contact e-mail/);
    t.type('\x15' + 'not-an-address' + ENTER);
    await t.waitFor(/is not an e-mail address/);
    t.type('\x15' + 'dev@acme.example' + ENTER);
    // A summary of every answer, then a confirmation before anything is written.
    await t.waitFor(/Create the plugin\?/);
    expect(t.text()).toMatch(/folder +weather\s/);
    expect(t.text()).toMatch(/name +weather +\(author acme\)/);
    expect(t.text()).toMatch(/model types +llm, text-embedding/);
    expect(t.text()).toMatch(/models +predefined and customizable/);
    expect(t.text()).toMatch(/first model +wx-1/);
    expect(t.text()).toMatch(/repository +https:\/\/github.com\/acme\/weather\s/);
    expect(t.text()).toMatch(/contact +dev@acme.example\s/);
    expect(readdirSync(cwd)).toEqual([]);
    t.type(ENTER);
    expect(await t.exit()).toBe(0);

    const root = join(cwd, 'weather');
    const manifest = parse(readFileSync(join(root, 'manifest.yaml'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'weather', author: 'acme', label: { en_US: 'Weather: AI' }, description: { en_US: 'Weather: AI models for Dify.' } });
    expect(manifest).toMatchObject({ repo: 'https://github.com/acme/weather', contact: 'dev@acme.example' });
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Source code and issues: https://github.com/acme/weather');
    expect(parse(readFileSync(join(root, 'provider/weather.yaml'), 'utf8')).supported_model_types).toEqual(['llm', 'text-embedding']);
    expect(parse(readFileSync(join(root, 'models/llm/wx-1.yaml'), 'utf8')).model).toBe('wx-1');
    expect(readFileSync(join(root, 'models/llm/llm.py'), 'utf8')).toMatch(/NotImplementedError/);
    expect(parse(readFileSync(join(root, 'provider/weather.yaml'), 'utf8')).configurate_methods).toEqual(['predefined-model', 'customizable-model']);
  });

  it('asks again for a folder that is not empty, and starts over when the summary is declined', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'busy'));
    writeFileSync(join(cwd, 'busy', 'notes.txt'), 'mine');
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_BIN)} busy --author acme --label L --description D --types rerank --base blank`, cwd);
    // The session goes on (no exit 2): the reason, then the question, with a free folder as default.
    await t.waitFor(/Folder for the plugin.*\(busy-2\)/);
    expect(t.text()).toMatch(/busy is not empty/);
    t.type('\x15' + 'busy' + ENTER); // still busy: refused as typed
    await t.waitFor(/is not empty[^]*is not empty/);
    t.type('\x15' + 'fresh' + ENTER);
    await t.waitFor(/Plugin name.*\(fresh\)/);
    t.type(ENTER);
    await t.waitFor(/How users get models/);
    t.type(ENTER); // predefined
    await t.waitFor(/Name of the first rerank model/);
    t.type(ENTER);
    await t.waitFor(/Source repository URL/);
    t.type(ENTER);
    await t.waitFor(/Contact e-mail/);
    t.type(ENTER);
    await t.waitFor(/Create the plugin\?/);
    t.type('n' + ENTER); // declined: nothing written, the questions again with these answers as defaults
    await t.waitFor(/Nothing written; change the answers/);
    expect(readdirSync(cwd).sort()).toEqual(['busy']);
    // Prompts redraw themselves: look only at what came after the second round began.
    await t.waitFor(/Nothing written; change the answers:[^]*Plugin name.*\(fresh\)/);
    t.type('\x15' + 'renamed' + ENTER);
    await t.waitFor(/Nothing written; change the answers:[^]*How users get models/);
    t.type(DOWN + ENTER); // customizable: no model name to ask
    await t.waitFor(/Nothing written; change the answers:[^]*Source repository URL/);
    t.type(ENTER);
    await t.waitFor(/Nothing written; change the answers:[^]*Contact e-mail/);
    t.type(ENTER);
    await t.waitFor(/Nothing written; change the answers:[^]*name +renamed +\(author acme\)[^]*models +customizable[^]*Create the plugin\?/);
    t.type(ENTER);
    expect(await t.exit()).toBe(0);
    expect(readFileSync(join(cwd, 'busy', 'notes.txt'), 'utf8')).toBe('mine');
    const provider = parse(readFileSync(join(cwd, 'fresh/provider/renamed.yaml'), 'utf8'));
    expect(provider.configurate_methods).toEqual(['customizable-model']);
    expect(existsSync(join(cwd, 'fresh/models/rerank/rerank.py'))).toBe(true);
  });

  it('`create-model-plugin .` names the plugin after the current folder', async () => {
    const cwd = join(scratch(), 'Nice Folder');
    mkdirSync(cwd);
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_BIN)} .`, cwd);
    await t.waitFor(/Plugin name.*\(nice-folder\)/);
    t.type(CTRL_C);
    expect(await t.exit()).toBe(130);
  });

  it('asks only what the flags did not answer', async () => {
    const cwd = scratch();
    const flags = '--name given --author acme --label L --description D --types rerank --base blank --configurate predefined --repo https://gitlab.com/acme/given --contact a@b.example';
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(MODEL_PLUGIN_BIN)} init out ${flags}`, cwd);
    await t.waitFor(/Name of the first rerank model/);
    expect(t.text()).not.toMatch(/Plugin name|Author|Label shown|Model types|How users get models|Model classes/);
    t.type(ENTER);
    await t.waitFor(/Create the plugin\?/);
    expect(t.text()).not.toMatch(/Source repository|Contact e-mail/);
    t.type(ENTER);
    expect(await t.exit()).toBe(0);
    expect(existsSync(join(cwd, 'out/models/rerank/example-rerank.yaml'))).toBe(true);
  });

  it.each(['Plugin name', 'Model types', 'Name of the first', 'Contact e-mail', 'Create the plugin'])('Ctrl-C at "%s" exits 130 and leaves nothing behind', async (question) => {
    const cwd = scratch();
    const t = terminal(`${JSON.stringify(process.execPath)} ${JSON.stringify(CREATE_BIN)} p`, cwd);
    const steps: [prompt: string, keys: string][] = [
      ['Plugin name', ENTER],
      ['Author', 'acme' + ENTER],
      ['Label shown', ENTER],
      ['Description', ENTER],
      ['Model types', ENTER],
      ['How users get models', ENTER],
      ['Model classes', ENTER],
      ['Name of the first', ENTER],
      ['Source repository', ENTER],
      ['Contact e-mail', ENTER],
      ['Create the plugin', ENTER],
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
