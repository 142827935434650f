const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
for (const k of ['manifest','provider','model']) { const t0 = performance.now(); require(`./dist/validate/schema/generated/${k}.cjs`); console.log(k, (performance.now()-t0).toFixed(1)); }
