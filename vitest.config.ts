import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // TypeScript's NodeNext imports a CommonJS source (src/**/*.cts) by its output name (.cjs);
      // tests run the sources, so resolve that name to the .cts file beside the importer.
      name: 'cts-sources',
      enforce: 'pre',
      resolveId(source, importer) {
        if (!importer || !source.startsWith('.') || !source.endsWith('.cjs')) return null;
        const cts = resolve(dirname(importer), source.slice(0, -'.cjs'.length) + '.cts');
        return existsSync(cts) ? cts : null;
      },
    },
  ],
  // ...and strip the types of .cts sources like those of .ts ones (Vite's default leaves .cts out).
  oxc: { include: /\.(m|c)?tsx?$/ },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup-python-grammar.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
