// Finding the cause of a crash in a real Python's stderr: the exception line and the plugin file
// and line it came from, not interpreter noise printed after it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from './run-cli.js';
import { pythonCause, TailBuffer } from '../../src/invoke/runtime/stderr.js';
import { testPythons } from '../helpers/python.js';

/** Runs `python -c code` in a folder holding `files`; returns its stderr (it is expected to fail). */
function stderrOf(python: string, files: Record<string, string>, code: string): { root: string; stderr: string } {
  const root = realpathSync(tempDir());
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  try {
    execFileSync(python, ['-c', code], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    return { root, stderr: (err as { stderr: string }).stderr };
  }
  throw new Error('expected the Python code to fail');
}

afterAll(removeTemps);

describe.each(testPythons())('pythonCause with $python', ({ python }) => {
  it('finds a syntax error with its file and line', () => {
    const { root, stderr } = stderrOf(python, { 'models/llm/llm.py': 'x = 1\nclass A(\n' }, 'import models.llm.llm');
    const cause = pythonCause(stderr, root)!;
    expect(cause.exception).toMatch(/^SyntaxError: /);
    expect(cause.location).toEqual({ file: 'models/llm/llm.py', line: 2 });
    expect(cause.tail.at(-1)).toMatch(/^SyntaxError/);
  });

  it('blames the innermost frame inside the plugin, not the library it called', () => {
    const { root, stderr } = stderrOf(
      python,
      { 'provider/p.py': 'import json\n\ndef load():\n    return json.loads("{")\n' },
      'import sys; sys.path.insert(0, "."); import provider.p as p; p.load()',
    );
    const cause = pythonCause(stderr, root)!;
    expect(cause.exception).toMatch(/^json\.decoder\.JSONDecodeError: /);
    expect(cause.location).toEqual({ file: 'provider/p.py', line: 4 });
  });

  it('ignores "Exception ignored" noise printed after the real traceback', () => {
    const { root, stderr } = stderrOf(python, { 'main.py': 'raise RuntimeError("boom")\n' }, 'import main');
    const noisy = `${stderr}Exception ignored in: <function _removeHandlerRef at 0x7f>\nTraceback (most recent call last):\n  File "/usr/lib/python3.11/logging/__init__.py", line 855, in _removeHandlerRef\nRuntimeError: greenlet is being finalized\n`;
    const cause = pythonCause(noisy, root)!;
    expect(cause.exception).toBe('RuntimeError: boom');
    expect(cause.location).toEqual({ file: 'main.py', line: 1 });
  });

  it('falls back to the last line when there is no traceback (python -m of a missing module)', () => {
    const root = tempDir();
    let stderr = '';
    try {
      execFileSync(python, ['-m', 'no_such_entry'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    } catch (err) {
      stderr = (err as { stderr: string }).stderr;
    }
    expect(pythonCause(stderr, root)?.exception).toMatch(/No module named no_such_entry/);
  });
});

describe('TailBuffer', () => {
  it('keeps only the end of a long stream', () => {
    const t = new TailBuffer(100);
    for (let i = 0; i < 1000; i++) t.push(`line ${i}\n`);
    expect(t.value.length).toBeLessThanOrEqual(100);
    expect(t.lastLines(2)).toEqual(['line 998', 'line 999']);
  });
});
