// Asks for missing required credentials on a terminal (secret input hidden). Prompts go to stderr
// so that `--format json` output on stdout stays one clean object.
import type { FormField } from '../plugin-info.js';

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export async function promptFor(field: FormField, where: string, context: { input?: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { output: process.stderr }): Promise<string> {
  const { input, password, select } = await import('@inquirer/prompts');
  const message = `${field.label} (${field.variable}, required by ${where})`;
  const notEmpty = (v: string) => (v.trim() ? true : `${field.variable} is required`);
  // No mask characters: one `*` per key typed would show the secret's length.
  if (field.type === 'secret-input') return password({ message, toggleMask: false, validate: notEmpty }, context);
  if ((field.type === 'select' || field.type === 'radio') && field.options.length > 0) {
    return select({ message, choices: field.options.map((o) => ({ name: o.label, value: o.value })) }, context);
  }
  if (field.type === 'switch') return select({ message, choices: [{ value: 'true' }, { value: 'false' }] }, context);
  return input({ message, validate: notEmpty }, context);
}
