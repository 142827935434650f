import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const v = require('./dist/validate/schema/generated/provider.cjs');
v({provider:'x',label:{en_US:'x'},supported_model_types:['llm'],configurate_methods:['predefined-model'],extra:{python:{provider_source:'a'}},
 provider_credential_schema:{credential_form_schemas:[{variable:'a',label:{en_US:'a'},type:'text-input', help:{text:{}}}]}});
console.log(v.errors);
