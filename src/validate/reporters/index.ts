import type { Reporter } from './types.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { github } from './github.js';
import { sarif } from './sarif.js';

export const REPORTERS: Record<string, Reporter> = { stylish, json, github, sarif };
export type { Reporter, ReporterContext } from './types.js';
