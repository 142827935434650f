// Following imports between a plugin's modules without running them: module names, relative
// imports, attribute chains, cycles, and what counts as "unknown".
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PluginFs } from '../../src/plugin/plugin-fs.js';
import { PythonProject, moduleNameOf, type PyValue } from '../../src/validate/python/project.js';
import { modelTypeOf, missingAbstract, derivesFrom } from '../../src/validate/python/hierarchy.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): PythonProject {
  const root = mkdtempSync(join(tmpdir(), 'mp-py-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  const fs = new PluginFs(root);
  return new PythonProject(fs, fs.walk().files);
}

function describeValue(v: PyValue | undefined): string {
  if (!v) return 'undefined';
  if (v.kind === 'sdk') return `sdk:${v.name}`;
  if (v.kind === 'class') return `class:${v.module.file}:${v.cls.name}`;
  if (v.kind === 'module') return `module:${v.module.name}`;
  if (v.kind === 'sdk-module') return `sdk-module:${v.name}`;
  if (v.kind === 'unknown') return v.external ? 'external' : 'unknown';
  return 'value';
}

describe('module names', () => {
  it('follows the SDK: the path without its last suffix, "/" → "."', () => {
    expect(moduleNameOf('models/llm/llm.py')).toBe('models.llm.llm');
    expect(moduleNameOf('./provider/acme.py')).toBe('provider.acme');
    expect(moduleNameOf('models/llm/llm.v2.py')).toBe('models.llm.llm.v2');
    expect(moduleNameOf('pkg/__init__.py')).toBe('pkg');
  });
});

describe('import following', () => {
  it('resolves relative imports, package __init__ re-exports, `import a.b` attribute chains and SDK names', () => {
    const p = project({
      'models/llm/llm.py': [
        'import models.common.base',
        'import models.common.base as mcb',
        'from ..common import Base as B2',
        'from . import helpers',
        'from dify_plugin.interfaces.model.large_language_model import LargeLanguageModel',
        'from openai import OpenAI',
      ].join('\n'),
      'models/common/__init__.py': 'from .base import Base\n',
      'models/common/base.py': 'from dify_plugin import LargeLanguageModel\nclass Base(LargeLanguageModel):\n    pass\n',
      'models/llm/helpers.py': 'X = 1\n',
    });
    const mod = p.moduleOfFile('models/llm/llm.py');
    const at = (dotted: string) => describeValue(p.resolveDotted(mod, dotted.split('.'), 1000));
    expect(at('models.common.base.Base')).toBe('class:models/common/base.py:Base');
    expect(at('mcb.Base')).toBe('class:models/common/base.py:Base');
    expect(at('B2')).toBe('class:models/common/base.py:Base');
    expect(at('helpers')).toBe('module:models.llm.helpers');
    expect(at('LargeLanguageModel')).toBe('sdk:LargeLanguageModel');
    expect(at('OpenAI')).toBe('external');
    expect(at('Undefined')).toBe('unknown');
    expect(p.problems).toEqual([]);
    const info = p.classInfo(p.resolveDotted(mod, ['B2'], 1000))!;
    expect(modelTypeOf(info)).toBe('llm');
    expect(missingAbstract(info)).toEqual(['_invoke', 'get_num_tokens', 'validate_credentials', '_invoke_error_mapping']);
  });

  it('reports relative imports above the top-level package and missing names', () => {
    const p = project({
      'main.py': 'from . import x\n',
      'provider/acme.py': 'from ..up import y\nfrom .base import Missing\n',
      'provider/base.py': 'class Base:\n    pass\n',
    });
    p.namespace(p.moduleOfFile('main.py'));
    p.namespace(p.moduleOfFile('provider/acme.py'));
    expect(p.problems.map((q) => `${q.file}:${q.position.line}`)).toEqual(['main.py:1', 'provider/acme.py:1', 'provider/acme.py:2']);
    expect(p.problems[1].message).toContain('climbs above the plugin\'s top-level folder');
  });

  it('does not report a missing name when the module may define it dynamically', () => {
    const p = project({
      'provider/acme.py': 'from .base import Anything\n',
      'provider/base.py': 'from somewhere import *\n',
    });
    p.namespace(p.moduleOfFile('provider/acme.py'));
    expect(p.problems).toEqual([]);
  });

  it('terminates on import cycles, mutual star imports and self-referencing classes', () => {
    const p = project({
      'pkg/a.py': 'from .b import *\nfrom .b import B\nclass A(B):\n    pass\nX = Y\nY = X\n',
      'pkg/b.py': 'from .a import *\nfrom .a import A\nclass B(A):\n    pass\n',
      'pkg/c.py': 'class C(C):\n    pass\n',
    });
    for (const f of ['pkg/a.py', 'pkg/b.py', 'pkg/c.py']) {
      const mod = p.moduleOfFile(f);
      for (const entry of p.namespace(mod)) {
        const info = p.classInfo(entry.value);
        if (info) {
          expect(derivesFrom(info, 'ModelProvider')).toBe(false);
          expect(modelTypeOf(info)).toBeUndefined();
        }
      }
    }
  });

  it('follows a long chain of re-exports', () => {
    const files: Record<string, string> = { 'm/m0.py': 'from dify_plugin import OAICompatRerankModel as R\n' };
    for (let i = 1; i < 30; i++) files[`m/m${i}.py`] = `from .m${i - 1} import R\n`;
    files['m/top.py'] = 'from .m29 import R\nclass Mine(R):\n    pass\n';
    const p = project(files);
    const ns = p.namespace(p.moduleOfFile('m/top.py'));
    expect(ns.map((e) => `${e.name}:${describeValue(e.value)}`)).toEqual(['R:sdk:OAICompatRerankModel', 'Mine:class:m/top.py:Mine']);
    expect(modelTypeOf(p.classInfo(ns[1].value)!)).toBe('rerank');
  });

  it('handles deep and diamond-shaped hierarchies without blowing up', () => {
    // 400 classes, each deriving from the two before it: naive MRO recursion would be exponential.
    const lines = ['from dify_plugin import LargeLanguageModel', 'class C0(LargeLanguageModel):\n    pass', 'class C1(C0):\n    pass'];
    for (let i = 2; i < 400; i++) lines.push(`class C${i}(C${i - 1}, C${i - 2}):\n    pass`);
    const p = project({ 'deep.py': lines.join('\n') + '\n' });
    const ns = p.namespace(p.moduleOfFile('deep.py'));
    expect(ns).toHaveLength(401);
    const last = p.classInfo(ns[400].value)!;
    // Past the depth bound the chain is "unknown", never a wrong answer or a crash.
    expect(() => modelTypeOf(last)).not.toThrow();
    expect(modelTypeOf(p.classInfo(ns[50].value)!)).toBe('llm');
  });
});
