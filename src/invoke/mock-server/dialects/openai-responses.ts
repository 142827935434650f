// POST /responses, OpenAI's Responses API (the openai plugin's default protocol): `input` is a
// string or a list of items; with `stream: true` the answer is typed SSE events (`event:` and
// `data:` lines) from response.created to response.completed. With `text.format` json_schema
// (Structured Outputs) the output text is a JSON instance of the schema.
import type { Ctx } from '../dialect.js';
import { HttpError } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, shortId } from '../deterministic.js';
import { CREATED, generate, partsText, type Generation } from '../text.js';

export function handleResponses(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const stream = optionalBool(body, 'stream') ?? false;
  const maxTokens = optionalInt(body, 'max_output_tokens', 16, 1_000_000);
  const prompt = inputText(body.input);
  const format = jsonSchemaFormat(body.text);
  const g = format ? structured(format.schema, prompt) : generate(prompt, maxTokens);
  const id = shortId('resp', `${model}\n${prompt}`);
  const msgId = shortId('msg', `${model}\n${prompt}`);
  const usage = {
    input_tokens: g.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: g.completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: g.promptTokens + g.completionTokens,
  };
  const part = { type: 'output_text', text: g.text, annotations: [], logprobs: [] };
  const item = { id: msgId, type: 'message', status: 'completed', role: 'assistant', content: [part] };
  const incomplete = g.finish === 'length';
  const response = (status: string, output: unknown[], withUsage: boolean) => ({
    id,
    object: 'response',
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: incomplete && status !== 'in_progress' ? { reason: 'max_output_tokens' } : null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: maxTokens ?? null,
    model,
    output,
    parallel_tool_calls: true,
    temperature: typeof body.temperature === 'number' ? body.temperature : 1,
    tool_choice: 'auto',
    tools: [],
    top_p: typeof body.top_p === 'number' ? body.top_p : 1,
    text: { format: format ?? { type: 'text' } },
    usage: withUsage ? usage : null,
  });
  const finalStatus = incomplete ? 'incomplete' : 'completed';
  if (!stream) {
    sendJson(c.res, 200, response(finalStatus, [item], true));
    return;
  }
  const res = c.res;
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  send('response.created', { response: response('in_progress', [], false) });
  send('response.in_progress', { response: response('in_progress', [], false) });
  send('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
  send('response.content_part.added', { item_id: msgId, output_index: 0, content_index: 0, part: { ...part, text: '' } });
  for (const delta of g.pieces) send('response.output_text.delta', { item_id: msgId, output_index: 0, content_index: 0, delta, logprobs: [] });
  send('response.output_text.done', { item_id: msgId, output_index: 0, content_index: 0, text: g.text, logprobs: [] });
  send('response.content_part.done', { item_id: msgId, output_index: 0, content_index: 0, part });
  send('response.output_item.done', { output_index: 0, item });
  send(incomplete ? 'response.incomplete' : 'response.completed', { response: response(finalStatus, [item], true) });
  res.end();
}

/** `text.format` when it asks for Structured Outputs (`type: json_schema` with a schema object). */
function jsonSchemaFormat(text: unknown): { type: 'json_schema'; name?: unknown; schema: Record<string, unknown> } | undefined {
  const format = text && typeof text === 'object' ? (text as Record<string, unknown>).format : undefined;
  if (!format || typeof format !== 'object') return undefined;
  const f = format as Record<string, unknown>;
  if (f.type !== 'json_schema') return undefined;
  if (!f.schema || typeof f.schema !== 'object' || Array.isArray(f.schema)) {
    throw new HttpError(400, "Missing required parameter: 'text.format.schema'.", 'text.format.schema');
  }
  return { type: 'json_schema', name: f.name, schema: f.schema as Record<string, unknown> };
}

/** A Structured Outputs answer: a deterministic JSON instance of the schema, as one text. */
function structured(schema: Record<string, unknown>, prompt: string): Generation {
  const text = JSON.stringify(instanceOf(schema, 0));
  const pieces = text.match(/.{1,16}/gs) ?? [text];
  return { pieces, text, finish: 'stop', promptTokens: Math.max(1, countTokens(prompt)), completionTokens: pieces.length };
}

/**
 * The smallest plain instance of a JSON schema (the subset Structured Outputs allows). An array of
 * enum values, or of objects keyed by an enum property, lists each value once: what a model answers
 * when asked to rank or score a fixed set of ids (LLM rerankers parse exactly that).
 */
function instanceOf(schema: unknown, depth: number): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const variants = (Array.isArray(s.anyOf) && s.anyOf) || (Array.isArray(s.oneOf) && s.oneOf);
  if (variants && variants.length > 0) return instanceOf(variants[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, instanceOf(v, depth + 1)]));
    }
    case 'array': {
      const items = s.items && typeof s.items === 'object' ? (s.items as Record<string, unknown>) : {};
      const keys = enumOf(items) ?? enumPropertyOf(items);
      if (!keys) return Array.from({ length: Math.max(1, Number(s.minItems) || 0) }, () => instanceOf(items, depth + 1));
      const values = keys.values.slice(0, typeof s.maxItems === 'number' ? s.maxItems : undefined);
      return values.map((v) => (keys.property ? { ...(instanceOf(items, depth + 1) as object), [keys.property]: v } : v));
    }
    case 'string':
      return 'mock';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function enumOf(s: Record<string, unknown>): { values: unknown[]; property?: string } | undefined {
  return Array.isArray(s.enum) && s.enum.length > 0 ? { values: s.enum } : undefined;
}

/** The first property of an object schema with an enum: the key its array items are listed by. */
function enumPropertyOf(s: Record<string, unknown>): { values: unknown[]; property: string } | undefined {
  if (s.type !== 'object' || !s.properties || typeof s.properties !== 'object') return undefined;
  for (const [property, v] of Object.entries(s.properties as Record<string, unknown>)) {
    const e = v && typeof v === 'object' ? enumOf(v as Record<string, unknown>) : undefined;
    if (e) return { values: e.values, property };
  }
  return undefined;
}

/** The last user text of `input` (a string, or message items with string or part content). */
function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input) || input.length === 0) {
    throw new HttpError(400, "Invalid value for 'input': expected a string or a non-empty array of input items.", 'input');
  }
  let last = '';
  input.forEach((it, i) => {
    if (!it || typeof it !== 'object') throw new HttpError(400, `Invalid type for 'input[${i}]': expected an object.`, `input[${i}]`);
    const item = it as Record<string, unknown>;
    const type = item.type ?? 'message';
    if (type === 'message' && typeof item.role !== 'string') throw new HttpError(400, `Missing required parameter: 'input[${i}].role'.`, `input[${i}].role`);
    if (type === 'message' && item.role === 'user') last = partsText(item.content);
  });
  return last;
}
