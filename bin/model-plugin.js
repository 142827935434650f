#!/usr/bin/env node
// Thin shim: all logic lives in dist/ (compiled from src/, bundled into dist/bin/). CommonJS
// (bin/package.json), so that start-up does not wait for Node's ES module loader.
require('../dist/cli/code-cache.cjs').runModelPlugin(process.argv);
