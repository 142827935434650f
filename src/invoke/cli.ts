// Registers `invoke` and `mock-server`. Placeholder: the invoke issue fills this in. Keep this file
// light: load the implementation with import() in actions.
import type { Command } from 'commander';

export function registerInvoke(_program: Command): void {}
