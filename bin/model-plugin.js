#!/usr/bin/env node
// Thin shim: all logic lives in dist/ (compiled from src/).
import { main } from '../dist/cli/model-plugin.js';
main(process.argv);
