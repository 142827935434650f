// F11: every file of the plugin is a regular file we (and Dify's packager) can read. A FIFO blocks
// a reader forever, a device such as /dev/zero never ends, a socket cannot be opened, and a file or
// folder without read permission makes `dify plugin package` fail. None of them is read; each is
// reported once, here, at its own path. This rule runs last: it reports what the other rules'
// reads ran into as well as what the walk found.
import type { Rule } from '../../rule.js';

export const readableFiles: Rule = {
  id: 'F11',
  description: 'Plugin files are regular files that can be read (no FIFOs, sockets or devices; no unreadable files or folders).',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    plugin.fs.walk();
    const problems = [...plugin.fs.problems.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const p of problems) {
      const fix =
        p.kind === 'not-regular'
          ? 'It was not read. Replace it with a regular file, or delete it (a packaged plugin holds only regular files).'
          : 'Make it readable (chmod a+r on files, a+rx on folders) or delete it.';
      ctx.report({ file: p.path, message: `${p.path} ${p.text}. ${fix}` });
    }
  },
};
