#!/usr/bin/env node
// Thin shim: `npx create-model-plugin [dir]` is `model-plugin init [dir]`.
import { main } from '../dist/bin/create-model-plugin.js';
main(process.argv);
