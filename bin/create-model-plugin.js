#!/usr/bin/env node
// Thin shim: `npx create-model-plugin [dir]` is `model-plugin init [dir]`. CommonJS (bin/package.json).
require('../dist/cli/code-cache.cjs').loadBundle('create-model-plugin').main(process.argv);
