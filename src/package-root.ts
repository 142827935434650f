// The package's root folder (package.json, schemas/, templates/, dist/), found by walking up from
// this module: the same answer from src/ (tests), dist/ and the bundled dist/bin/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the create-model-plugin package root above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(fileURLToPath(import.meta.url));

/** True when running the TypeScript sources (vitest), not the compiled package. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');
