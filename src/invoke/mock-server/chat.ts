// POST /chat/completions and /completions, as the SDK's OAICompatLargeLanguageModel calls them
// (protocol reference §11.2): SSE pieces separated by exactly "\n\n", `usage` in the last piece,
// `[DONE]` at the end; non-stream answers carry `object` and `usage` (credential validation checks
// `object`).
import type { ServerResponse } from 'node:http';
import { HttpError, optionalBool, optionalInt, requireString, sendJson } from './http.js';
import { countTokens, shortId } from './deterministic.js';

type Mode = 'chat' | 'completion';

export function handleCompletion(mode: Mode, body: Record<string, unknown>, res: ServerResponse): void {
  const model = requireString(body, 'model');
  const stream = optionalBool(body, 'stream') ?? false;
  const maxTokens = optionalInt(body, 'max_tokens', 1, 1_000_000);
  const promptText = mode === 'chat' ? chatPromptText(body) : completionPromptText(body);

  const reply = replyFor(promptText);
  let pieces: string[] = reply.match(/\s*\S+/g) ?? [reply];
  let finishReason = 'stop';
  if (maxTokens !== undefined && pieces.length > maxTokens) {
    pieces = pieces.slice(0, maxTokens);
    finishReason = 'length';
  }
  const text = pieces.join('');
  const usage = {
    prompt_tokens: countTokens(promptText),
    completion_tokens: pieces.length,
    total_tokens: countTokens(promptText) + pieces.length,
  };
  const id = shortId(mode === 'chat' ? 'chatcmpl' : 'cmpl', `${model}\n${promptText}`);
  const created = 1735689600; // fixed: answers are byte-for-byte repeatable

  if (!stream) {
    const choice =
      mode === 'chat'
        ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }
        : { index: 0, text, finish_reason: finishReason };
    sendJson(res, 200, {
      id,
      object: mode === 'chat' ? 'chat.completion' : 'text_completion',
      created,
      model,
      choices: [choice],
      usage,
    });
    return;
  }

  const object = mode === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
  const send = (piece: unknown) => res.write(`data: ${JSON.stringify(piece)}\n\n`);
  pieces.forEach((p, i) => {
    const choice =
      mode === 'chat'
        ? { index: 0, delta: i === 0 ? { role: 'assistant', content: p } : { content: p }, finish_reason: null }
        : { index: 0, text: p, finish_reason: null };
    send({ id, object, created, model, choices: [choice] });
  });
  const last = mode === 'chat' ? { index: 0, delta: {}, finish_reason: finishReason } : { index: 0, text: '', finish_reason: finishReason };
  send({ id, object, created, model, choices: [last] });
  send({ id, object, created, model, choices: [], usage });
  res.end('data: [DONE]\n\n');
}

/** Checks the message list and returns the last user text (what the reply echoes). */
function chatPromptText(body: Record<string, unknown>): string {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(400, '"messages" is required and must be a non-empty array', 'messages');
  }
  let lastUser = '';
  messages.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw new HttpError(400, `"messages[${i}]" must be an object with "role" and "content"`, `messages[${i}]`);
    }
    const msg = m as Record<string, unknown>;
    // The SDK sends `{}` for a tool message in its default no_call mode; name it precisely.
    if (typeof msg.role !== 'string') {
      throw new HttpError(400, `"messages[${i}].role" is required (got ${JSON.stringify(m)})`, `messages[${i}].role`);
    }
    const text = contentText(msg.content, i);
    if (msg.role === 'user') lastUser = text;
  });
  return lastUser;
}

function contentText(content: unknown, i: number): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && (part as { type?: unknown }).type === 'text' ? String((part as { text?: unknown }).text ?? '') : ''))
      .join(' ');
  }
  throw new HttpError(400, `"messages[${i}].content" must be a string, an array of parts or null`, `messages[${i}].content`);
}

function completionPromptText(body: Record<string, unknown>): string {
  const prompt = body.prompt;
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')) return prompt.join('\n');
  throw new HttpError(400, '"prompt" is required and must be a string', 'prompt');
}

function replyFor(prompt: string): string {
  const said = prompt.replace(/\s+/g, ' ').trim();
  const echo = said.length > 60 ? `${said.slice(0, 57)}...` : said;
  return echo
    ? `Hello from the model-plugin mock server! You said: "${echo}"`
    : 'Hello from the model-plugin mock server!';
}
