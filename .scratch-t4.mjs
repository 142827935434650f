const t0 = performance.now();
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
for (const k of ['manifest','provider','model']) require(`./dist/validate/schema/generated/${k}.cjs`);
console.log('load ms', (performance.now()-t0).toFixed(1));
