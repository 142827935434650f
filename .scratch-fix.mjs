import { validatePlugin } from './dist/validate/pipeline.js';
const r = validatePlugin(process.argv[2]).result; for (const d of r.diagnostics) console.log(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId} ${d.message}`);
