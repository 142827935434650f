// The deterministic "model output" every dialect's text generation shares: an echo of the last
// user text, cut into word pieces (one piece = one token), cut short by a token limit.
import { countTokens } from './deterministic.js';

export interface Generation {
  pieces: string[];
  text: string;
  /** 'stop', or 'length' when the limit cut the reply. */
  finish: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

export function generate(prompt: string, maxTokens?: number): Generation {
  const reply = replyFor(prompt);
  let pieces: string[] = reply.match(/\s*\S+/g) ?? [reply];
  let finish: Generation['finish'] = 'stop';
  if (maxTokens !== undefined && pieces.length > maxTokens) {
    pieces = pieces.slice(0, Math.max(1, maxTokens));
    finish = 'length';
  }
  return { pieces, text: pieces.join(''), finish, promptTokens: Math.max(1, countTokens(prompt)), completionTokens: pieces.length };
}

function replyFor(prompt: string): string {
  const said = prompt.replace(/\s+/g, ' ').trim();
  const echo = said.length > 60 ? `${said.slice(0, 57)}...` : said;
  return echo ? `Hello from the model-plugin mock server! You said: "${echo}"` : 'Hello from the model-plugin mock server!';
}

/** The text of a message content: a string, or an array of parts with `text`. */
export function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        if (part && typeof part === 'object') {
          const p = part as Record<string, unknown>;
          if (typeof p.text === 'string') return p.text;
        }
        return '';
      })
      .filter(Boolean)
      .join(' ');
  }
  return '';
}

/** A fixed creation time: answers are byte-for-byte repeatable. */
export const CREATED = 1735689600;
