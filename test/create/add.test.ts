// `model-plugin add <type> [--model <name>]`: grows an existing plugin, keeps the author's
// comments and layout, refuses what would break it, and the result validates clean.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { modelPlugin, problems, scaffold, scratch, snapshot, validateJson } from './helpers.js';

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** Lines of `after` that are not in `before`, checking that `before` survives in order. */
function addedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < old.length && line === old[i]) i++;
    else added.push(line);
  }
  expect(i, 'every original line is kept, in order').toBe(old.length);
  return added;
}

function expectClean(root: string) {
  const { output } = validateJson(root);
  expect(problems(output)).toEqual([]);
  expect(output.errorCount + output.warningCount).toBe(0);
}

describe('model-plugin add', () => {
  it('adds a new type: model YAML, position, class, provider and manifest entries', () => {
    const root = scaffold(join(scratch(), 'acme'), ['--model-permission']);
    const provider = read(root, 'provider/acme.yaml');
    const manifest = read(root, 'manifest.yaml');
    const r = modelPlugin(['add', 'text-embedding', '--model', 'acme-embed'], root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created {2}models\/text_embedding\/acme-embed\.yaml/);

    expect(addedLines(provider, read(root, 'provider/acme.yaml'))).toEqual([
      '  - text-embedding',
      '  text_embedding:',
      '    predefined:',
      '      - "models/text_embedding/*.yaml"',
      '    position: "models/text_embedding/_position.yaml"',
      '      - "models/text_embedding/text_embedding.py"',
    ]);
    expect(addedLines(manifest, read(root, 'manifest.yaml'))).toEqual(['      text_embedding: true']);
    expect(parse(read(root, 'models/text_embedding/acme-embed.yaml'))).toMatchObject({ model: 'acme-embed', model_type: 'text-embedding' });
    expect(parse(read(root, 'models/text_embedding/_position.yaml'))).toEqual(['acme-embed']);
    // Same base as the existing classes (OpenAI-compatible here).
    expect(read(root, 'models/text_embedding/text_embedding.py')).toMatch(/class AcmeTextEmbeddingModel\(OAICompatEmbeddingModel\)/);
    expectClean(root);
  });

  it('adds another model of an existing type: model YAML and position only', () => {
    const root = scaffold(join(scratch(), 'acme'));
    const provider = read(root, 'provider/acme.yaml');
    const before = snapshot(root);
    const r = modelPlugin(['add', 'llm', '--model', 'acme-large', '--dir', root]);
    expect(r.status, r.stderr).toBe(0);
    expect(read(root, 'provider/acme.yaml')).toBe(provider);
    expect(snapshot(root)['provider/acme.yaml']).toBe(before['provider/acme.yaml']); // not even rewritten
    expect(parse(read(root, 'models/llm/_position.yaml'))).toEqual(['example-chat', 'acme-large']);
    expect(read(root, 'models/llm/_position.yaml').split('\n')[0]).toMatch(/^# yaml-language-server:/);
    expect(parse(read(root, 'models/llm/acme-large.yaml')).model).toBe('acme-large');
    expectClean(root);
  });

  it('follows a blank plugin with a blank class', () => {
    const root = scaffold(join(scratch(), 'acme'), ['--base', 'blank']);
    expect(modelPlugin(['add', 'rerank', '--dir', root]).status).toBe(0);
    expect(read(root, 'models/rerank/rerank.py')).toMatch(/class AcmeRerankModel\(RerankModel\)[\s\S]*raise NotImplementedError\(msg\)/);
    expectClean(root);
  });

  it('keeps comments, flat lists and quoting of a hand-written provider YAML', () => {
    const root = scaffold(join(scratch(), 'acme'));
    // Rewrite the provider in another common style: lists not indented under their key,
    // single quotes, an extra comment.
    const custom = parseDocument(read(root, 'provider/acme.yaml'))
      .toString({ indentSeq: false, lineWidth: 0 })
      .replace('- "models/llm/*.yaml"', "- 'models/llm/*.yaml'")
      .replace('configurate_methods:', '# how users configure models\nconfigurate_methods:')
      .replace('background: "#EFF1F5"', 'background: "#EFF1F5" # brand colour');
    expect(custom).toMatch(/^supported_model_types:\n- llm$/m);
    writeFileSync(join(root, 'provider/acme.yaml'), custom);
    expect(modelPlugin(['add', 'tts', '--dir', root]).status).toBe(0);
    const after = read(root, 'provider/acme.yaml');
    expect(addedLines(custom, after)).toEqual([
      '- tts',
      '  tts:',
      '    predefined:',
      '    - "models/tts/*.yaml"',
      '    position: "models/tts/_position.yaml"',
      '    - "models/tts/tts.py"',
    ]);
    expect(after).toContain('# how users configure models\nconfigurate_methods:');
    expect(after).toContain('background: "#EFF1F5" # brand colour');
    expect(after).toContain("- 'models/llm/*.yaml'");
    expect(after.split('\n')[0]).toMatch(/^# yaml-language-server:/);
  });

  it('gives a new model file its own name when the file name is taken', () => {
    const root = scaffold(join(scratch(), 'acme'), ['--model', 'a/b']);
    expect(modelPlugin(['add', 'llm', '--model', 'a:b', '--dir', root]).status).toBe(0);
    expect(parse(read(root, 'models/llm/a-b.yaml')).model).toBe('a/b');
    expect(parse(read(root, 'models/llm/a-b-2.yaml')).model).toBe('a:b');
    expectClean(root);
  });

  it.each([
    [['add', 'llm', '--model', 'example-chat'], /models\/llm\/example-chat\.yaml already declares the llm model "example-chat"; pass --model/],
    [['add', 'llm'], /already declares the llm model "example-chat"/],
    [['add', 'chat'], /unknown model type "chat"; choose from llm, text-embedding/],
    [['add', 'rerank', '--model', 'a\tb'], /--model: the model name "a\\tb" contains a control character/],
  ])('refuses %j with exit 2 and leaves the plugin byte-identical', (args, message) => {
    const root = scaffold(join(scratch(), 'acme'));
    const before = snapshot(root);
    const r = modelPlugin([...args, '--dir', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses when a file it would create is already there, changing nothing', () => {
    const root = scaffold(join(scratch(), 'acme'));
    // A leftover class file for a type the provider does not declare yet.
    mkdirSync(join(root, 'models/moderation'));
    writeFileSync(join(root, 'models/moderation/moderation.py'), '# mine\n');
    const before = snapshot(root);
    const r = modelPlugin(['add', 'moderation', '--dir', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/models\/moderation\/moderation\.py already exists; move it away/);
    expect(snapshot(root)).toEqual(before);
  });

  it('outside a plugin folder says where to run it', () => {
    const r = modelPlugin(['add', 'llm', '--dir', scratch()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/has no manifest\.yaml: run this inside a plugin folder, or pass --dir/);
  });

  it('reports a broken provider YAML at file:line:col and changes nothing', () => {
    const root = scaffold(join(scratch(), 'acme'));
    writeFileSync(join(root, 'provider/acme.yaml'), read(root, 'provider/acme.yaml') + 'models: [\n');
    const before = snapshot(root);
    const r = modelPlugin(['add', 'rerank', '--dir', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/provider\/acme\.yaml:\d+:\d+: /);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses a provider path that leaves the plugin folder', () => {
    const root = scaffold(join(scratch(), 'acme'));
    writeFileSync(join(root, 'manifest.yaml'), read(root, 'manifest.yaml').replace('"provider/acme.yaml"', '"../outside.yaml"'));
    const r = modelPlugin(['add', 'rerank', '--dir', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/points outside the plugin folder/);
  });

  it('--dry-run lists the changes and writes nothing', () => {
    const root = scaffold(join(scratch(), 'acme'));
    const before = snapshot(root);
    const r = modelPlugin(['add', 'speech2text', '--dry-run', '--dir', root]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/create {2}models\/speech2text\/speech2text\.py/);
    expect(r.stdout).toMatch(/update {2}provider\/acme\.yaml/);
    // The scaffold asks for no reverse-invocation permission, and add keeps it that way.
    expect(r.stdout).not.toMatch(/manifest\.yaml/);
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(join(root, 'models/speech2text'))).toBe(false);
  });
});
