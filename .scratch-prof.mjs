const t0 = performance.now();
const { loadPlugin } = await import('./dist/plugin/load.js');
const { checkSchemas } = await import('./dist/validate/schema/check.js');
const { RULES } = await import('./dist/validate/rules/index.js');
const t1 = performance.now();
const plugin = loadPlugin(process.argv[2]);
const t2 = performance.now();
let n = 0; checkSchemas(plugin, () => n++);
const t3 = performance.now();
const times = {};
for (const r of RULES) { if (!r.check) continue; const s = performance.now(); r.check({ plugin, report() {} }); times[r.id] = +(performance.now() - s).toFixed(1); }
const t4 = performance.now();
console.log({ import: (t1-t0).toFixed(0), load: (t2-t1).toFixed(0), schema: (t3-t2).toFixed(0), rules: (t4-t3).toFixed(0), n });
console.log(Object.entries(times).filter(([,v]) => v > 2));
