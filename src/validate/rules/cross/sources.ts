// P16: `extra.python.provider_source` and every `model_sources` entry name an existing Python file
// (the SDK crashes at start otherwise; reference §5.7). P17: model source paths have at least three
// components and give an importable module name (reference §8.4 steps 1 and 6).
import type { Rule } from '../../rule.js';
import { moduleNameOf } from '../../python/project.js';
import { pathRefs, escapes, suggestFile, missingReason } from './refs.js';

export const sourceFiles: Rule = {
  id: 'P16',
  description: 'extra.python.provider_source and each model_sources entry name an existing .py file.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const pyFiles = plugin.fs.walk().files.filter((f) => f.endsWith('.py'));
    for (const ref of pathRefs(plugin)) {
      if (ref.kind !== 'provider-source' && ref.kind !== 'model-source') continue;
      if (escapes(ref.resolved)) continue; // F7
      const st = ref.resolved.status;
      if (st === 'file') {
        if (!ref.written.endsWith('.py')) {
          ctx.report({ file: ref.file, path: ref.path, severity: 'warning', message: `${ref.label} "${ref.written}" is not a .py file; the SDK imports it as module "${moduleNameOf(ref.written)}". Name the Python source file, ending in .py.` });
        }
        continue;
      }
      if (st === 'missing' && !/\.[^/]*$/.test(ref.written) && plugin.fs.resolve(`${ref.written}.py`).status === 'file') {
        ctx.report({
          file: ref.file,
          path: ref.path,
          severity: 'warning',
          message: `${ref.label} "${ref.written}" has no .py; the SDK still finds module "${moduleNameOf(ref.written)}" by import, but write the file path: "${ref.written}.py".`,
        });
        continue;
      }
      const what = missingReason(ref.resolved, 'is a folder, not a Python file');
      const crash = ref.kind === 'provider-source' ? 'the SDK crashes at start with FileNotFoundError' : 'the SDK crashes at start when it loads the model classes';
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `${ref.label} "${ref.written}" ${what}; ${crash}. Point it at the .py file that holds the ${ref.kind === 'provider-source' ? 'ModelProvider subclass' : 'model class'}.${suggestFile(ref.written, pyFiles)}`,
      });
    }
  },
};

/** Top-level names a plugin module must not take: an installed module of that name is imported instead (§8.4 step 1). */
const SHADOWED = new Set([
  'abc', 'asyncio', 'base64', 'collections', 'copy', 'csv', 'dataclasses', 'datetime', 'decimal', 'email', 'enum', 'functools',
  'hashlib', 'http', 'importlib', 'inspect', 'io', 'itertools', 'json', 'logging', 'math', 'os', 'pathlib', 'queue', 're',
  'random', 'select', 'signal', 'socket', 'string', 'struct', 'sys', 'tempfile', 'threading', 'time', 'types', 'typing',
  'unittest', 'urllib', 'uuid', 'warnings', 'xml', 'zipfile', 'dify_plugin', 'pydantic', 'yaml', 'requests', 'httpx', 'openai',
  'gevent', 'numpy', 'tiktoken', 'werkzeug', 'flask', 'packaging',
]);

export const sourceModuleNames: Rule = {
  id: 'P17',
  description: 'Python source paths give an importable module name; model sources have at least three components (models/<type>/<file>.py).',
  severity: 'warning',
  check(ctx) {
    for (const ref of pathRefs(ctx.plugin)) {
      if (ref.kind !== 'provider-source' && ref.kind !== 'model-source') continue;
      if (escapes(ref.resolved)) continue;
      const rel = ref.resolved.rel;
      const module = moduleNameOf(rel);
      const parts = module.split('.');
      const stem = rel.slice(rel.lastIndexOf('/') + 1).replace(/\.py$/, '');
      if (stem.includes('.')) {
        ctx.report({ file: ref.file, path: ref.path, message: `${ref.label} "${ref.written}": the file name has a dot before .py, so the SDK imports "${module}" and looks for a package "${parts.slice(0, -1).join('.')}" that does not exist. Rename the file without inner dots.` });
        continue;
      }
      if (SHADOWED.has(parts[0])) {
        ctx.report({ file: ref.file, path: ref.path, message: `${ref.label} "${ref.written}" loads as module "${module}", whose top-level name "${parts[0]}" is also a standard or installed module; the SDK imports that one instead and reports "Missing subclass". Move the file into a folder with another name.` });
        continue;
      }
      if (ref.kind === 'model-source' && rel.split('/').length < 3) {
        ctx.report({
          file: ref.file,
          path: ref.path,
          message: `${ref.label} "${ref.written}" has fewer than 3 path components; the SDK takes the provider name for error messages from the third-last component of the module name, so every invocation error becomes an IndexError. Use models/<type>/<file>.py, e.g. "models/llm/llm.py".`,
        });
      }
    }
  },
};
