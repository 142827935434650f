// Under --mock, a URL field of a *model* credential form gets the mock's URL under a per-type
// prefix (`/mock-type=rerank`: not `/…/rerank`, since plugins test
// whether a base URL already ends in `/rerank`): one server URL field serves models of several types, and some
// servers serve a single model and say which (TEI's /info). The mock strips the prefix before
// routing and records the type, so a dialect can answer as the server of that type of model.
import { MODEL_TYPES, type ModelType } from '../../plugin/model-types.js';

const PREFIX = '/mock-type=';

export function mockTypePrefix(type: ModelType): string {
  return `${PREFIX}${type}`;
}

/** Splits `/mock-type=<type>/rest` into the type and `/rest`; null when the path has no prefix. */
export function splitTypePrefix(path: string): { type: ModelType; rest: string } | null {
  if (!path.startsWith(PREFIX)) return null;
  const end = path.indexOf('/', PREFIX.length);
  const name = path.slice(PREFIX.length, end === -1 ? undefined : end);
  const type = MODEL_TYPES.find((t) => t === name);
  if (!type) return null;
  return { type, rest: end === -1 ? '/' : path.slice(end) };
}
