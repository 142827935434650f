// A Ctrl-C (SIGINT) while files are being written: nothing may be left behind, neither the
// plugin nor the staging folder nor parent folders created for it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/cli/errors.js';
import { defaults } from '../../src/create/answers.js';
import { planPlugin, type PlannedFile } from '../../src/create/plan.js';
import { commitFiles, writePlugin } from '../../src/create/write.js';
import { scaffold, scratch, snapshot } from './helpers.js';

/** The planned files, with SIGINT delivered while the n-th file is being written. */
function interruptedAt(files: PlannedFile[], n: number): PlannedFile[] {
  return files.map((file, i) => ({
    path: file.path,
    get content() {
      if (i === n) process.emit('SIGINT');
      return file.content;
    },
  }));
}

const files = planPlugin({
  name: 'p',
  author: 'acme',
  label: 'P',
  description: 'P.',
  types: defaults.types(),
  base: 'openai-compatible',
  model: 'm',
  pythonProject: 'requirements',
  configurate: 'predefined',
  modelPermission: false,
  tool: { spec: 'create-model-plugin@0.0.0', schemaBase: 'https://example.com/schemas' },
});

describe('SIGINT during the write', () => {
  it('leaves no plugin, no staging folder and no created parent folder', async () => {
    const parent = scratch();
    const target = join(parent, 'new', 'deeper', 'p');
    await expect(writePlugin(target, interruptedAt(files, 5), { force: false, dryRun: false })).rejects.toBeInstanceOf(InterruptedError);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('with --force into a busy folder, leaves the folder as it was', async () => {
    const root = scaffold(join(scratch(), 'p'), ['--description', 'old']);
    const before = snapshot(root);
    await expect(writePlugin(root, interruptedAt(files, 3), { force: true, dryRun: false })).rejects.toBeInstanceOf(InterruptedError);
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(join(root, '..'))).toEqual(['p']);
  });

  it('in `add`, leaves every file of the plugin as it was', async () => {
    const root = scaffold(join(scratch(), 'p'));
    const before = snapshot(root, false);
    const changes = [
      { path: join(root, 'models/rerank/new.yaml'), content: 'model: x\n' },
      { path: join(root, 'manifest.yaml'), content: 'changed\n' },
    ];
    let count = 0;
    const interrupted = changes.map((c) => ({
      path: c.path,
      get content() {
        if (++count === 2) process.emit('SIGINT');
        return c.content;
      },
    }));
    await expect(commitFiles(interrupted)).rejects.toBeInstanceOf(InterruptedError);
    expect(snapshot(root, false)).toEqual(before);
    expect(existsSync(join(root, 'models/rerank'))).toBe(false);
  });

  it('without a signal the same write completes', async () => {
    const target = join(scratch(), 'p');
    await writePlugin(target, files, { force: false, dryRun: false });
    expect(existsSync(join(target, 'manifest.yaml'))).toBe(true);
  });
});

// Issue 12 §11: SIGTERM and SIGHUP clean up like SIGINT (they left `.<name>.tmp-*` and created parents).
describe.each([
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)('%s during the write', (signal, code) => {
  const at = (list: PlannedFile[], n: number) =>
    list.map((file, i) => ({
      path: file.path,
      get content() {
        if (i === n) process.emit(signal);
        return file.content;
      },
    }));

  it(`leaves no plugin, no staging folder, no created parent, and exits ${code}`, async () => {
    const parent = scratch();
    const target = join(parent, 'new', 'deeper', 'p');
    const err = await writePlugin(target, at(files, 5), { force: false, dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as InterruptedError).exitCode).toBe(code);
    expect((err as Error).message).toContain(signal);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('in `add`, leaves the plugin as it was', async () => {
    const root = scaffold(join(scratch(), 'p'));
    const before = snapshot(root, false);
    const changes = at(
      [
        { path: join(root, 'models/rerank/new.yaml'), content: 'model: x\n' },
        { path: join(root, 'manifest.yaml'), content: 'changed\n' },
      ],
      1,
    );
    await expect(commitFiles(changes)).rejects.toBeInstanceOf(InterruptedError);
    expect(snapshot(root, false)).toEqual(before);
  });
});
