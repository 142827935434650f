import Ajv from 'ajv';
const ajv = new Ajv({allErrors:true, messages:false, inlineRefs: false});
const schema = {$id: 'root.json', definitions:{item:{$id:'item.json', type:'object', required:['a'], properties:{l:{$ref:'root.json#/definitions/i18n'}}},
  i18n: {type:'object', required:['en']}}, type:'object', properties:{x:{type:'array', items:{$ref:'item.json'}}}};
const v = ajv.compile(schema); v({x:[{l:{}}]}); console.log(v.errors);
