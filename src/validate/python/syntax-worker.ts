// Worker thread of syntax-service.ts: loads the Python grammar as soon as it starts, then answers
// each batch of sources with their first syntax errors.
import { parentPort } from 'node:worker_threads';
import { loadPythonGrammar, pythonSyntaxError } from './grammar.js';
import type { SourceText } from './syntax-service.js';

const ready = loadPythonGrammar();
parentPort!.on('message', (msg: { id: number; files: SourceText[] }) => {
  void ready.then(() => {
    parentPort!.postMessage({ id: msg.id, results: msg.files.map((f) => [f.rel, pythonSyntaxError(f.text) ?? null]) });
  });
});
