import { it } from 'vitest';
import { materializeCorpus, corpusPluginNames } from '../helpers/corpus.js';
import { diagnosticsOf } from '../helpers/validate.js';
import { join } from 'node:path';
const IDS = ['P5','P11','P12','P14','P15','P16','P17','P19','X1','X4','X5','X6','F1','F2','F3','F4','F5','F6','F7','F8','F9'];
it('explore', () => {
  const dir = materializeCorpus();
  for (const name of corpusPluginNames()) {
    for (const d of diagnosticsOf(join(dir, name), IDS)) console.log(`${d.severity} ${d.ruleId} ${name}/${d.file}:${d.line} ${d.message}`);
  }
}, 120000);
