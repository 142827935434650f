// M14: `created_at` must be an RFC 3339 timestamp with `T` and an explicit zone (reference §3.7).
// The daemon parses it into a Go time.Time (strict RFC 3339 for text); the SDK accepts looser
// forms, but a zone-less value it accepts is sent without a zone in remote debugging, which the
// daemon then refuses. Under YAML 1.2 an unquoted timestamp is text, so both styles arrive here as
// strings and are judged the same way, as both Dify parsers do for the safe form.
import { getPath, isRecord } from '../../../plugin/load.js';
import type { RuleContext } from '../../rule.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const LOOSE = /^(\d{4}-\d{2}-\d{2})(?:([Tt]|\s+)(\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?))?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;
const EXAMPLE = '2025-01-01T00:00:00Z';

export function checkCreatedAt(ctx: RuleContext): void {
  const file = ctx.plugin.manifest;
  if (!file?.ok || !isRecord(file.data)) return;
  const report = (message: string, onKey = false) =>
    ctx.report({ file, path: onKey ? [] : ['created_at'], part: onKey ? 'key' : 'value', message });

  if (!Object.prototype.hasOwnProperty.call(file.data, 'created_at')) {
    report(`created_at is required: both Dify parsers refuse a manifest without it. Add created_at: ${EXAMPLE} (RFC 3339, with T and a zone).`, true);
    return;
  }
  const value = getPath(file.data, ['created_at']);
  if (value === null || value === '') {
    report(`created_at is empty: \`dify plugin package\` refuses a zero time and the SDK refuses an empty one. Write e.g. created_at: ${EXAMPLE}.`);
    return;
  }
  if (typeof value === 'number') {
    const asDate = Number.isFinite(value) && value > 0 && value < 1e11 ? new Date(value * 1000).toISOString().replace(/\.000Z$/, 'Z') : EXAMPLE;
    report(`created_at is the number ${value}: the daemon only reads an RFC 3339 timestamp. Write created_at: ${asDate}.`);
    return;
  }
  if (typeof value !== 'string') {
    report(`created_at must be an RFC 3339 timestamp with T and a zone, e.g. ${EXAMPLE}, not ${Array.isArray(value) ? 'a list' : 'a mapping'}.`);
    return;
  }
  const strict = RFC3339.exec(value);
  if (strict) {
    if (!realDateTime(strict)) report(`created_at "${value}" is not a real date and time (check the month, day and hours). Write e.g. ${EXAMPLE}.`);
    return;
  }
  const loose = LOOSE.exec(value.trim());
  if (!loose) {
    report(`created_at "${value}" is not an RFC 3339 timestamp: the daemon refuses it. Write it with T and a zone, e.g. ${EXAMPLE}.`);
    return;
  }
  const [, date, sep, time, zone] = loose;
  const fixed = `${date}T${normaliseTime(time)}${normaliseZone(zone)}`;
  const problems: string[] = [];
  if (!time) problems.push('has no time');
  else if (sep !== 'T') problems.push(sep === 't' ? 'uses a lowercase t' : 'separates date and time with a space instead of T');
  if (!zone) problems.push('has no zone');
  else if (zone === 'z') problems.push('uses a lowercase z');
  else if (!zone.includes(':') && zone !== 'Z') problems.push('writes the zone offset without a colon');
  const why = !zone
    ? 'The SDK accepts it but sends it without a zone in remote debugging, which the daemon refuses (and the daemon refuses it outright when it is quoted).'
    : 'The daemon parses created_at as strict RFC 3339 and refuses it.';
  report(`created_at "${value}" ${joinProblems(problems).replace('has no time and has no zone', 'has no time and no zone')}. ${why} Write created_at: ${fixed}.`);
}

function realDateTime(m: RegExpExecArray): boolean {
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

function normaliseTime(time: string | undefined): string {
  if (!time) return '00:00:00';
  const [hms, frac] = time.split('.');
  const parts = hms.split(':');
  while (parts.length < 3) parts.push('00');
  return parts.map((p) => p.padStart(2, '0')).join(':') + (frac ? `.${frac}` : '');
}

function normaliseZone(zone: string | undefined): string {
  if (!zone || zone === 'z' || zone === 'Z') return 'Z';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

function joinProblems(list: string[]): string {
  if (list.length <= 1) return list[0] ?? 'is not RFC 3339';
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
