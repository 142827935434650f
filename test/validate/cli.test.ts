// The validate command as users and CI run it: exit codes, formats, discovery, options.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makePlugin, BASE_FILES } from '../helpers/fixture.js';
import { materializeCorpus } from '../helpers/corpus.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

function run(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const env = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  Object.assign(env, opts.env);
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: opts.cwd, env });
}

/** A plugin with one error (Y1 in the model file) and one warning (Y7 in the manifest). */
function brokenPlugin(): string {
  return makePlugin({
    files: {
      'models/llm/acme-chat.yaml': BASE_FILES['models/llm/acme-chat.yaml'] + 'deprecated: false\ndeprecated: false\n',
      'manifest.yaml': BASE_FILES['manifest.yaml'] + 'x_reviewed: no\n',
    },
  });
}

describe('model-plugin validate', () => {
  it('exits 0 on a clean plugin and says so', () => {
    const r = run(['validate', makePlugin()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 plugin checked, no problems/);
  });

  it('exits 1 with errors, printing file:line:col, a code frame and a summary', () => {
    const root = brokenPlugin();
    const r = run(['validate', root], { env: { NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/models\/llm\/acme-chat\.yaml/);
    expect(r.stdout).toMatch(/24:1\s+error\s+duplicate key "deprecated".*Y1 yaml-duplicate-key/);
    expect(r.stdout).toContain('Y1 yaml-duplicate-key  https://www.npmjs.com/package/create-model-plugin#rule-y1');
    expect(r.stdout).toMatch(/> 24 \| deprecated: false/);
    expect(r.stdout).toMatch(/✖ \d+ problems \(1 error, \d+ warnings?\)/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // NO_COLOR
  });

  it('FORCE_COLOR colours the output, NO_COLOR alone does not', () => {
    const root = brokenPlugin();
    expect(run(['validate', root], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\x1b\[/);
    expect(run(['validate', root], { env: { NO_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
  });

  it('--format json prints the documented shape', () => {
    const root = brokenPlugin();
    const r = run(['validate', root, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['plugins', 'errorCount', 'warningCount']);
    expect(out.plugins[0].root).toBe(root);
    expect(out.plugins[0].name).toBe('acme');
    const d = out.plugins[0].diagnostics.find((x: { ruleId: string }) => x.ruleId === 'Y1');
    expect(d).toEqual({ ruleId: 'Y1', severity: 'error', message: expect.stringContaining('deprecated'), file: 'models/llm/acme-chat.yaml', line: 24, column: 1, endLine: 24, endColumn: 11 });
    expect(out.errorCount).toBe(1);
    expect(out.warningCount).toBeGreaterThanOrEqual(1);
  });

  it('--format github prints workflow annotations relative to cwd', () => {
    const root = brokenPlugin();
    const r = run(['validate', '.', '--format', 'github'], { cwd: root });
    expect(r.stdout).toMatch(/^::error file=models\/llm\/acme-chat\.yaml,line=24,col=1,endLine=24,endColumn=11,title=model-plugin Y1 yaml-duplicate-key::duplicate key/m);
    expect(r.stdout).toMatch(/^::warning file=manifest\.yaml,line=\d+,col=\d+/m);
  });

  it('--format sarif prints SARIF 2.1.0 with rule metadata', () => {
    const r = run(['validate', brokenPlugin(), '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'Y1');
    expect(run0.tool.driver.rules[res.ruleIndex].id).toBe('Y1');
    expect(res.level).toBe('error');
    expect(res.locations[0].physicalLocation.region).toMatchObject({ startLine: 24, startColumn: 1 });
    // Each rule links to its README anchor (rule-docs.ts).
    expect(run0.tool.driver.rules[res.ruleIndex]).toMatchObject({
      name: 'yaml-duplicate-key',
      helpUri: 'https://www.npmjs.com/package/create-model-plugin#rule-y1',
    });
  });

  it('--quiet drops warnings; --max-warnings turns warnings into exit 1', () => {
    const warnOnly = makePlugin({ files: { 'manifest.yaml': BASE_FILES['manifest.yaml'] + 'x_reviewed: no\n' } });
    const plain = run(['validate', warnOnly, '--format', 'json']);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).warningCount).toBeGreaterThan(0);
    const quiet = run(['validate', warnOnly, '--format', 'json', '--quiet']);
    expect(JSON.parse(quiet.stdout).plugins[0].diagnostics).toEqual([]);
    expect(run(['validate', warnOnly, '--max-warnings', '0']).status).toBe(1);
    expect(run(['validate', warnOnly, '--max-warnings', '100']).status).toBe(0);
  });

  it('a problem repeated in many places is one finding with its other places (json related, sarif relatedLocations, stylish count)', () => {
    const chat = BASE_FILES['models/llm/acme-chat.yaml'].replace('  en_US: Acme Chat\n', '  en_US: Acme Chat\n  ko_KR: Acme\n');
    const root = makePlugin({ files: { 'models/llm/acme-chat.yaml': chat, 'models/llm/acme-chat-2.yaml': chat.replace('model: acme-chat', 'model: acme-chat-2') } });
    const json = JSON.parse(run(['validate', root, '--format', 'json']).stdout);
    const i3 = json.plugins[0].diagnostics.filter((d: { ruleId: string }) => d.ruleId === 'I3');
    expect(i3).toHaveLength(1);
    expect(i3[0].file).toBe('models/llm/acme-chat-2.yaml');
    expect(i3[0].related).toEqual([{ file: 'models/llm/acme-chat.yaml', line: 4, column: 3, message: expect.stringContaining('ko_KR') }]);
    expect(json.warningCount).toBe(1);
    const sarif = JSON.parse(run(['validate', root, '--format', 'sarif']).stdout);
    expect(sarif.runs[0].results[0].relatedLocations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 3 });
    expect(run(['validate', root], { env: { NO_COLOR: '1' } }).stdout).toMatch(/2 places: this one and models\/llm\/acme-chat\.yaml:4:3/);
  });

  it('info findings show only with --verbose', () => {
    const root = makePlugin({ files: { 'manifest.yaml': BASE_FILES['manifest.yaml'] + 'homepage: https://example.com\n' } });
    const quiet = run(['validate', root], { env: { NO_COLOR: '1' } });
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toMatch(/homepage/);
    expect(quiet.stdout).toMatch(/1 info finding hidden; --verbose shows them/);
    const verbose = run(['validate', root, '--verbose'], { env: { NO_COLOR: '1' } });
    expect(verbose.status).toBe(0);
    expect(verbose.stdout).toMatch(/info\s+Unknown key "homepage".*M17/);
    expect(JSON.parse(run(['validate', root, '--format', 'json']).stdout).plugins[0].diagnostics).toEqual([]);
  });

  it('usage errors exit 2 with a message and no stack trace', () => {
    const unknown = run(['validate', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    const missing = run(['validate', '/nonexistent/plugin']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/path not found: \/nonexistent\/plugin/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badMax = run(['validate', makePlugin(), '--max-warnings', 'many']);
    expect(badMax.status).toBe(2);
    const badFormat = run(['validate', makePlugin(), '--format', 'xml']);
    expect(badFormat.status).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'mp-empty-'));
    const none = run(['validate', empty]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no plugin found/);
  });

  it('finds plugins at any depth, skipping node_modules and dot-folders', () => {
    const mono = mkdtempSync(join(tmpdir(), 'mp-mono-'));
    const a = makePlugin();
    cpSync(a, join(mono, 'models/a'), { recursive: true });
    cpSync(a, join(mono, 'models/deeper/b'), { recursive: true });
    cpSync(a, join(mono, 'node_modules/c'), { recursive: true });
    cpSync(a, join(mono, '.hidden/d'), { recursive: true });
    const r = run(['validate', mono, '--format', 'json']);
    expect(r.status).toBe(0);
    const roots = JSON.parse(r.stdout).plugins.map((p: { root: string }) => p.root.slice(mono.length + 1));
    expect(roots).toEqual(['models/a', 'models/deeper/b']);
  });

  it('ends quietly when the reader of its output goes away (| head)', () => {
    const corpus = materializeCorpus(); // enough output to overflow the pipe after head exits
    // The corpus validates clean; one plugin with a real error makes the expected exit code 1.
    const broken = join(corpus, 'zz-broken');
    cpSync(join(corpus, 'openai'), broken, { recursive: true });
    writeFileSync(join(broken, 'manifest.yaml'), readFileSync(join(broken, 'manifest.yaml'), 'utf8').replace(/^type: plugin$/m, 'type: tool'));
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" validate "${corpus}" --format json | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stderr).toMatch(/^rc=1$/m);
  });

  it('--fix-dry-run prints a diff and writes nothing; --fix writes, says what it changed, and keeps JSON on stdout', () => {
    const provider = BASE_FILES['provider/acme.yaml'].replace('  - llm\n', '  - llm\n  - text_embedding\n');
    const root = makePlugin({ files: { 'provider/acme.yaml': provider } });
    const file = join(root, 'provider/acme.yaml');
    const marked = run(['validate', root], { env: { NO_COLOR: '1' } });
    expect(marked.stdout).toMatch(/error {2}\[\*\] supported_model_types\[1\]/);
    expect(marked.stdout).toMatch(/\[\*\] 1 fixable with `model-plugin validate --fix`/);

    const dry = run(['validate', root, '--fix-dry-run'], { cwd: root, env: { NO_COLOR: '1' } });
    expect(dry.stdout).toContain('--- a/provider/acme.yaml\n+++ b/provider/acme.yaml\n');
    expect(dry.stdout).toContain('\n-  - text_embedding\n+  - text-embedding\n');
    expect(readFileSync(file, 'utf8')).toBe(provider);

    const fixed = run(['validate', root, '--fix', '--format', 'json'], { cwd: root });
    expect(fixed.stderr).toMatch(/^fixed {2}provider\/acme\.yaml:\d+ {2}P3 {2}"text_embedding" → "text-embedding"$/m);
    expect(JSON.parse(fixed.stdout).plugins[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).not.toContain('P3');
    expect(readFileSync(file, 'utf8')).toBe(provider.replace('text_embedding', 'text-embedding'));
    expect(run(['validate', root, '--fix', '--fix-dry-run']).status).toBe(2);
  });

  it('`rules` lists every rule id with a description', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.status).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; name: string; description: string; docs: string }[];
    const ids = rules.map((x) => x.id);
    expect(rules.find((x) => x.id === 'P13')).toMatchObject({ name: 'provider-models-shape', docs: expect.stringMatching(/#rule-p13$/) });
    expect(run(['rules']).stdout).toMatch(/^P13 +provider-models-shape +error +provider `models`/m);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['Y1', 'Y7']) expect(ids).toContain(id);
    for (const rule of rules) expect(rule.description.length).toBeGreaterThan(10);
  });
});

