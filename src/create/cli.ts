// Registers `init` / `add` (and configures the `create-model-plugin` program). Placeholder: the
// create issue fills this in. Keep this file light: load the implementation with import() in actions.
import type { Command } from 'commander';

export function registerCreate(_program: Command): void {}

export function configureInit(_program: Command): void {}
