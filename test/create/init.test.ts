// `create-model-plugin [dir]` / `model-plugin init [dir]` as a user runs them without a
// terminal: flags, defaults, refusals, --force, --dry-run, and what ends up on disk.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { create, CREATE_BIN, fileList, modelPlugin, scaffold, scratch, snapshot } from './helpers.js';

describe('answers without a terminal', () => {
  it('refuses with exit 2 and names the flags to pass when required answers are missing', () => {
    const parent = scratch();
    const r = create([join(parent, 'p')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^create-model-plugin: missing --author/); // named after the command typed
    expect(r.stderr).toMatch(/--author <author>/);
    expect(r.stderr).toMatch(/--yes/);
    expect(readdirSync(parent)).toEqual([]);

    const noDir = create(['--author', 'acme'], parent);
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toMatch(/--name <name>/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('takes every answer from flags', () => {
    const parent = scratch();
    const r = create(
      ['--name', 'acme-ai', '--author', 'acme', '--label', 'Acme AI', '--description', 'Acme models.', '--types', 'rerank,llm', '--base', 'blank', '--model', 'acme-1'],
      parent,
    );
    expect(r.status, r.stderr).toBe(0);
    const root = join(parent, 'acme-ai');
    const manifest = parse(readFileSync(join(root, 'manifest.yaml'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'acme-ai', author: 'acme', label: { en_US: 'Acme AI' }, description: { en_US: 'Acme models.' } });
    const provider = parse(readFileSync(join(root, 'provider/acme-ai.yaml'), 'utf8'));
    // Types come out in catalogue order whatever order they were typed in.
    expect(provider.supported_model_types).toEqual(['llm', 'rerank']);
    // --model names the first type's model; the others get their example names.
    expect(parse(readFileSync(join(root, 'models/llm/acme-1.yaml'), 'utf8')).model).toBe('acme-1');
    expect(parse(readFileSync(join(root, 'models/rerank/example-rerank.yaml'), 'utf8')).model).toBe('example-rerank');
    expect(readFileSync(join(root, 'models/llm/llm.py'), 'utf8')).toMatch(/raise NotImplementedError\(msg\)/);
    expect(r.stdout).toMatch(/Created the model plugin "acme-ai"/);
  });

  it('--yes fills in defaults, deriving the name from the folder', () => {
    const root = join(scratch(), 'My Plugin');
    const r = create([root, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    const manifest = parse(readFileSync(join(root, 'manifest.yaml'), 'utf8'));
    expect(manifest.name).toBe('my-plugin');
    expect(manifest.label.en_US).toBe('My Plugin');
    expect(manifest.author).toMatch(/^[a-z0-9_-]{1,64}$/);
    // Least privilege: a model provider does not call Dify's models back.
    expect(manifest.resource.permission.model).toEqual({ enabled: false });
    // pyproject.toml like the official plugins, and the runner's Python for uv.
    expect(existsSync(join(root, 'requirements.txt'))).toBe(false);
    expect(existsSync(join(root, 'pyproject.toml'))).toBe(true);
    expect(readFileSync(join(root, '.python-version'), 'utf8')).toBe('3.12\n');
    expect(manifest.meta.runner.version).toBe('3.12');
  });

  it('--model-permission asks for the reverse-invocation permission of each type', () => {
    const root = scaffold(join(scratch(), 'p'), ['--model-permission', '--types', 'llm,rerank']);
    const manifest = parse(readFileSync(join(root, 'manifest.yaml'), 'utf8'));
    expect(manifest.resource.permission.model).toEqual({ enabled: true, llm: true, rerank: true });
  });

  it('pyproject.toml is the default, quoting hostile text', () => {
    const root = scaffold(join(scratch(), 'p'), ['--description', 'say "hi"\nthere']);
    expect(existsSync(join(root, 'requirements.txt'))).toBe(false);
    const toml = readFileSync(join(root, 'pyproject.toml'), 'utf8');
    expect(toml).toMatch(/requires-python = ">=3\.12"/);
    expect(toml).toMatch(/"dify_plugin>=0\.9\.0"/);
    expect(toml).toContain('description = "say \\"hi\\"\\nthere"');
  });

  it('--python-project requirements writes requirements.txt instead of pyproject.toml', () => {
    const root = scaffold(join(scratch(), 'p'), ['--python-project', 'requirements']);
    expect(existsSync(join(root, 'pyproject.toml'))).toBe(false);
    expect(existsSync(join(root, '.python-version'))).toBe(false);
    expect(readFileSync(join(root, 'requirements.txt'), 'utf8')).toBe('dify_plugin>=0.9.0\n');
  });

  it('model-plugin init is the same command', () => {
    const parent = scratch();
    const args = ['--yes', '--author', 'acme', '--types', 'llm,tts'];
    expect(create([join(parent, 'a'), ...args]).status).toBe(0);
    const r = modelPlugin(['init', join(parent, 'b'), ...args.map((a) => a)]);
    expect(r.status, r.stderr).toBe(0);
    const a = fileList(join(parent, 'a'));
    expect(fileList(join(parent, 'b'))).toEqual(a.map((f) => f.replace('provider/a.', 'provider/b.')));
  });

  it('creates missing parent folders', () => {
    const root = join(scratch(), 'x', 'y', 'plugin');
    expect(create([root, '--yes']).status).toBe(0);
    expect(existsSync(join(root, 'manifest.yaml'))).toBe(true);
  });
});

describe('file modes', () => {
  it.each([
    ['022', 0o755, 0o644],
    ['027', 0o750, 0o640],
  ])('follow the umask %s like any other tool (not the 0700 of a temporary folder)', (umask, dirMode, fileMode) => {
    const parent = scratch();
    const r = spawnSync('sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, CREATE_BIN, 'p', '--yes', '--author', 'acme'], { cwd: parent, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const root = join(parent, 'p');
    expect(statSync(root).mode & 0o777).toBe(dirMode);
    expect(statSync(join(root, 'models/llm')).mode & 0o777).toBe(dirMode);
    expect(statSync(join(root, 'manifest.yaml')).mode & 0o777).toBe(fileMode);
  });
});

describe('what it generates', () => {
  it('writes the documented files for all six types', () => {
    const root = scaffold(join(scratch(), 'acme'), ['--types', 'llm,text-embedding,rerank,tts,speech2text,moderation']);
    const files = fileList(root);
    for (const f of [
      'manifest.yaml', 'main.py', 'pyproject.toml', '.python-version', 'README.md', 'GUIDE.md', 'PRIVACY.md', '.env.example', '.difyignore', '.gitignore',
      '.github/workflows/plugin.yml', '_assets/icon.svg', '_assets/icon-dark.svg', 'provider/acme.yaml', 'provider/acme.py',
    ]) {
      expect(files).toContain(f);
    }
    for (const key of ['llm', 'text_embedding', 'rerank', 'tts', 'speech2text', 'moderation']) {
      expect(files).toContain(`models/${key}/${key}.py`);
      expect(files).toContain(`models/${key}/_position.yaml`);
      expect(files.filter((f) => f.startsWith(`models/${key}/`) && f.endsWith('.yaml'))).toHaveLength(2);
    }
    // Every YAML file of the plugin tells editors which schema it follows.
    const kinds: Record<string, string> = { 'manifest.yaml': 'manifest', 'provider/acme.yaml': 'provider' };
    for (const f of files.filter((f) => f.endsWith('.yaml'))) {
      const kind = kinds[f] ?? (f.endsWith('_position.yaml') ? 'position' : 'model');
      expect(readFileSync(join(root, f), 'utf8').split('\n')[0]).toMatch(
        new RegExp(`^# yaml-language-server: \\$schema=https://cdn\\.jsdelivr\\.net/npm/create-model-plugin@\\d+\\.\\d+\\.\\d+[^/]*/schemas/${kind}\\.schema\\.json$`),
      );
    }
    const workflow = readFileSync(join(root, '.github/workflows/plugin.yml'), 'utf8');
    expect(workflow).toMatch(/^ {2}MODEL_PLUGIN_TOOL: "create-model-plugin@\d+\.\d+\.\d+"$/m);
    expect(workflow).toMatch(/npx --yes --package "\$MODEL_PLUGIN_TOOL" model-plugin validate --format github/);
  });

  it('round-trips hostile answers exactly', () => {
    const label = 'Acme: "x" {{y}} #z';
    const description = "line 1\nline 2: 'quoted' \"double\" \\ back\ttab # not a comment \u2028 😀";
    const model = 'org/model:7b {{x}} #1';
    const root = scaffold(join(scratch(), 'h'), ['--label', label, '--description', description, '--model', model]);
    for (const version of ['1.1', '1.2'] as const) {
      const manifest = parse(readFileSync(join(root, 'manifest.yaml'), 'utf8'), { version });
      expect(manifest.label.en_US).toBe(label);
      expect(manifest.description.en_US).toBe(description);
      const provider = parse(readFileSync(join(root, 'provider/h.yaml'), 'utf8'), { version });
      expect(provider.label.en_US).toBe(label);
      expect(provider.description.en_US).toBe(description);
      const modelYaml = parse(readFileSync(join(root, 'models/llm/org-model-7b-x-1.yaml'), 'utf8'), { version });
      expect(modelYaml.model).toBe(model);
      expect(parse(readFileSync(join(root, 'models/llm/_position.yaml'), 'utf8'), { version })).toEqual([model]);
    }
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`# ${label}`);
  });

  it.each([
    [['--name', 'Foo Bar'], /--name: "Foo Bar" is not a valid plugin name.*e\.g\. foo-bar/],
    [['--name', 'x'.repeat(128)], /--name: the plugin name is 128 characters long; use at most 127/],
    [['--author', 'Acme Inc'], /--author: "Acme Inc" is not a valid author/],
    [['--author', '123e4567-e89b-12d3-a456-426614174000'], /--author: the author must not be a UUID/],
    [['--label', '   '], /--label: the label must not be empty/],
    [['--description', 'd'.repeat(1024)], /--description: the description is 1024 characters long; Dify accepts at most 1023/],
    [['--types', 'llm,chat'], /--types: unknown model type "chat"; choose from llm, text-embedding/],
    [['--types', ','], /--types: choose at least one model type/],
    [['--model', 'a\nb'], /--model: the model name "a\\nb" contains a control character or line break/],
    [['--model', ' padded'], /--model: the model name " padded" starts or ends with spaces/],
    [['--base', 'custom'], /argument 'custom' is invalid.*openai-compatible, blank/],
  ])('refuses %j with a clear message and writes nothing', (args, message) => {
    const parent = scratch();
    const r = create([join(parent, 'p'), '--yes', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('a folder that is not empty', () => {
  function busyFolder(): string {
    const root = join(scratch(), 'busy');
    mkdirSync(join(root, 'models/llm'), { recursive: true });
    writeFileSync(join(root, 'manifest.yaml'), 'mine: true\n');
    writeFileSync(join(root, 'notes.txt'), 'keep me\n');
    writeFileSync(join(root, 'models/llm/old.yaml'), 'model: old\n');
    return root;
  }

  it('is refused with exit 2 and left byte-identical (also with --dry-run)', () => {
    const root = busyFolder();
    const before = snapshot(root);
    for (const extra of [[], ['--dry-run']]) {
      const r = create([root, '--yes', ...extra]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is not empty, so nothing was written.*--force/s);
      expect(snapshot(root)).toEqual(before);
    }
    expect(readdirSync(join(root, '..'))).toEqual(['busy']);
  });

  it('is refused even for init, and a file in place of the folder too', () => {
    const parent = scratch();
    writeFileSync(join(parent, 'file'), 'x');
    const r = modelPlugin(['init', join(parent, 'file'), '--yes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exists and is not a folder/);
    expect(readFileSync(join(parent, 'file'), 'utf8')).toBe('x');
  });

  it('--force overwrites only the generated files and deletes nothing', () => {
    const root = busyFolder();
    const r = create([root, '--yes', '--force', '--name', 'busy']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(root, 'manifest.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('keep me\n');
    expect(readFileSync(join(root, 'models/llm/old.yaml'), 'utf8')).toBe('model: old\n');
    expect(readdirSync(join(root, '..'))).toEqual(['busy']); // no staging folder left
  });

  it('--force refuses, untouched, when a file or a symlink is in the way of a generated folder', () => {
    for (const blocker of ['file', 'symlink'] as const) {
      const root = busyFolder();
      const outside = scratch();
      if (blocker === 'file') writeFileSync(join(root, 'provider'), 'not a folder');
      else symlinkSync(outside, join(root, 'provider'));
      const before = snapshot(root);
      const r = create([root, '--yes', '--force', '--name', 'busy']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/provider is in the way of provider\/busy\.(py|yaml)/);
      expect(snapshot(root)).toEqual(before);
      expect(readdirSync(outside)).toEqual([]); // nothing written through the link
    }
  });

  it('an empty folder is used as is', () => {
    const root = join(scratch(), 'empty');
    mkdirSync(root);
    expect(create([root, '--yes']).status).toBe(0);
    expect(existsSync(join(root, 'provider/empty.yaml'))).toBe(true);
  });
});

describe('--dry-run', () => {
  it('lists exactly the files a real run writes, and writes nothing', () => {
    const parent = scratch();
    const args = ['--yes', '--author', 'acme', '--types', 'llm,text-embedding'];
    const dry = create([join(parent, 'p'), ...args, '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual([]);
    const listed = dry.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim()).sort();
    expect(create([join(parent, 'p'), ...args]).status).toBe(0);
    expect(listed).toEqual(fileList(join(parent, 'p')));
  });

  it('marks the files --force would overwrite', () => {
    const root = join(scratch(), 'p');
    mkdirSync(root);
    writeFileSync(join(root, 'main.py'), 'print(1)\n');
    const r = create([root, '--yes', '--force', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}main\.py {2}\(overwrite\)$/m);
    expect(r.stdout).toMatch(/^ {2}manifest\.yaml$/m);
    expect(readFileSync(join(root, 'main.py'), 'utf8')).toBe('print(1)\n');
  });
});
