const { loadPlugin } = await import('./dist/plugin/load.js');
const { checkSchemas } = await import('./dist/validate/schema/check.js');
const plugin = loadPlugin(process.argv[2]);
for (let i = 0; i < 3; i++) { const t = performance.now(); let n = 0; checkSchemas(plugin, () => n++); console.log(i, (performance.now() - t).toFixed(1)); }
