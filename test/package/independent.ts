// An independent reading of the reference (marketplace-and-package.md §4.3–4.7) for the package
// tests: a plain recursive walk, each ignore line turned into one whole-path regular expression,
// Python's zipfile to read archives, and hashlib for the checksum. It shares no code with src/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, lstatSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function segmentRegex(seg: string): string {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') re += '\\' + seg[++i];
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      let body = seg.slice(i + 1, end);
      // Go: `^` negates; `!` is an ordinary member.
      const neg = body.startsWith('^');
      if (neg) body = body.slice(1);
      re += `[${neg ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|/]/g, '\\$&');
  }
  return re;
}

interface Rule {
  re: RegExp;
}

/** One regex per ignore line, matched against a file's whole path (prefix semantics built in). */
export function ignoreRules(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue; // negations never re-include
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    // A file under a matched folder is excluded: something must follow when the match is a folder.
    const tail = dirOnly ? '/.+' : '(?:/.+)?';
    if (!line.includes('/')) {
      rules.push({ re: new RegExp(`^(?:.+/)?${segmentRegex(line)}${tail}$`, 's') });
      continue;
    }
    const segs = line.split('/').filter((s) => s !== '');
    let re = '';
    segs.forEach((s, i) => {
      if (s === '**') re += i === segs.length - 1 ? '(?:/.*)?' : i === 0 ? '(?:[^/]+/)*' : '/(?:[^/]+/)*';
      else re += (i === 0 || segs[i - 1] === '**' ? '' : '/') + segmentRegex(s);
    });
    rules.push({ re: new RegExp(`^${re}${segs[segs.length - 1] === '**' ? '' : tail}$`, 's') });
  }
  return rules;
}

/** Every file (following file symlinks) the reference says `dify plugin package` stores. */
export function expectedFiles(root: string): string[] {
  const ignore = existsSync(join(root, '.difyignore')) ? '.difyignore' : existsSync(join(root, '.gitignore')) ? '.gitignore' : undefined;
  const rules = ignore ? ignoreRules(readFileSync(join(root, ignore), 'utf8')) : [];
  const all: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile() || (st.isSymbolicLink() && statSync(join(root, r)).isFile())) all.push(r);
    }
  };
  walk('');
  return all.filter((f) => !rules.some((rule) => rule.re.test(f))).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export interface ZipFacts {
  names: string[];
  sha256: Record<string, string>;
  checksum: string;
  /** Per entry: [date_time, create_system, create_version, extract_version, flag_bits, external_attr, compress_type]. */
  headers: unknown[][];
  comment: string;
}

const PY = `
import sys, json, zipfile, hashlib
out = {}
for path in sys.argv[1:]:
    z = zipfile.ZipFile(path)
    names = [i.filename for i in z.infolist()]
    data = {n: z.read(n) for n in names}
    buf = b''.join(hashlib.sha256(n.encode()).digest() + hashlib.sha256(data[n]).digest() for n in sorted(names, key=lambda s: s.encode()))
    out[path] = {
        'names': names,
        'sha256': {n: hashlib.sha256(d).hexdigest() for n, d in data.items()},
        'checksum': hashlib.sha256(buf).hexdigest(),
        'headers': [[list(i.date_time), i.create_system, i.create_version, i.extract_version, i.flag_bits, i.external_attr, i.compress_type] for i in z.infolist()],
        'comment': z.comment.decode('latin1'),
    }
print(json.dumps(out))
`;

/** Reads packages with Python's zipfile (an independent zip reader) and hashes them with hashlib. */
export function zipFacts(python: string, zips: string[]): Record<string, ZipFacts> {
  return JSON.parse(execFileSync(python, ['-c', PY, ...zips], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}
