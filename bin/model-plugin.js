#!/usr/bin/env node
// Thin shim: all logic lives in dist/ (compiled from src/, bundled into dist/bin/).
import { main } from '../dist/bin/model-plugin.js';
main(process.argv);
