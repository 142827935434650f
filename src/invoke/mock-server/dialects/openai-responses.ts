// POST /responses, OpenAI's Responses API (the openai plugin's default protocol): `input` is a
// string or a list of items; with `stream: true` the answer is typed SSE events (`event:` and
// `data:` lines) from response.created to response.completed.
import type { Ctx } from '../dialect.js';
import { HttpError } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { shortId } from '../deterministic.js';
import { CREATED, generate, partsText } from '../text.js';

export function handleResponses(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const stream = optionalBool(body, 'stream') ?? false;
  const maxTokens = optionalInt(body, 'max_output_tokens', 16, 1_000_000);
  const prompt = inputText(body.input);
  const g = generate(prompt, maxTokens);
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
    text: { format: { type: 'text' } },
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
