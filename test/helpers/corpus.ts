// Typed re-export of bench/corpus.mjs (one implementation for tests and benchmarks).
// @ts-expect-error -- plain ESM module without type declarations
import * as impl from '../../bench/corpus.mjs';

export const CORPUS_DIR: string = impl.CORPUS_DIR;
export const corpusPluginNames: () => string[] = impl.corpusPluginNames;
export const materializeCorpus: (names?: string[], into?: string) => string = impl.materializeCorpus;
export const materializePlugin: (name: string, dest: string) => string = impl.materializePlugin;
