// Hostile names and text (product guide: bad input is expected input). A plugin's file names and
// YAML lines reach the terminal through the stylish report, its code frames and `package`'s contents
// table: an escape sequence there would be run by the terminal (title, cursor, colours), a newline
// in a file name would forge report lines, and bidi controls reorder what is shown. They are printed
// as visible stand-ins; JSON keeps the exact name.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePlugin, removePlugin } from '../helpers/fixture.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');
const roots: string[] = [];
afterAll(() => roots.forEach(removePlugin));

function run(args: string[]) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env });
}

// ESC, BEL and C1 codes are what a terminal acts on; NO_COLOR means the report itself has none.
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'bad\n::error::forged line\u001b]0;pwned\u0007\u202e';

describe('hostile file names and text in the terminal report', () => {
  it('a file name with a newline, an escape sequence and a bidi override is shown with stand-ins', () => {
    const root = makePlugin({ files: { [`models/llm/${EVIL}.yaml`]: 'model: [unclosed\n' } });
    roots.push(root);
    const r = run(['validate', root]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROLS);
    expect(r.stdout.split('\n').some((l) => l.startsWith('::error'))).toBe(false); // no forged line
    expect(r.stdout).toContain('models/llm/bad\u240a::error::forged line\u241b]0;pwned\u2407\ufffd.yaml');
    // JSON keeps the exact name (escaped by JSON itself).
    const json = JSON.parse(run(['validate', root, '--format', 'json']).stdout);
    expect(json.plugins[0].diagnostics.map((d: { file: string }) => d.file)).toContain(`models/llm/${EVIL}.yaml`);
  });

  it('a YAML line with an escape sequence in a code frame is shown with stand-ins', () => {
    const root = makePlugin();
    roots.push(root);
    writeFileSync(join(root, 'models/llm/acme-chat.yaml'), 'model: acme-chat\nlabel:\n  en_US: x\u001b[2J\u001b]0;pwned\u0007\nmodel_type: llm\n  bad: indent\n');
    const r = run(['validate', root]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Y2/);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROLS);
    expect(r.stdout).toContain('en_US: x\u241b[2J\u241b]0;pwned\u2407');
  });

  it("package's contents table shows a hostile file name with stand-ins", () => {
    const root = makePlugin({ files: { [`notes\u001b[31m\u0007.txt`]: 'hello\n' } });
    roots.push(root);
    const r = run(['package', root, '--dry-run']);
    expect(r.stdout).toContain('notes\u241b[31m\u2407.txt');
    expect(r.stdout + r.stderr).not.toMatch(TERMINAL_CONTROLS);
  });
});
