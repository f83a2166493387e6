import SwaggerParser from '@apidevtools/swagger-parser';
import { OpenAPIBackend } from 'openapi-backend';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const file = require.resolve('@mojaloop/api-snippets/fspiop/v1_1/openapi3/openapi.yaml');
let t = Date.now();
const def: any = await SwaggerParser.dereference(file);
console.log('deref ms', Date.now() - t);
t = Date.now();
const api = new OpenAPIBackend({ definition: def, quick: process.argv[2] === 'quick', ajvOpts: { strict: false, unicodeRegExp: false }, customizeAjv: (ajv) => { (addFormats as any)(ajv); return ajv; } });
await api.init();
console.log('init ms', Date.now() - t);
const headers = { 'content-type': 'application/vnd.interoperability.transfers+json;version=1.1', accept: 'application/vnd.interoperability.transfers+json;version=1', date: new Date().toUTCString(), 'fspiop-source': 'a', 'fspiop-destination': 'b' };
const body = { transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', payerFsp: 'a', payeeFsp: 'b', amount: { amount: '10.5', currency: 'TZS' }, ilpPacket: 'AYIBgQAAAAAAAASwNGxldmVsb25lLmRmc3AxLm1lci45T2RTOF81MDdqUUZERmZlakgyOVc4bXFmNEpLMHlGTFGCAUBQU0svMS4wCk5vbmNlOiB1SXlweUYzY3pYSXBFdzVVc05TYWh3CkVuY3J5cHRpb246IG5vbmUKUGF5bWVudC1JZDogMTMyMzZhM2ItOGZhOC00MTYzLTg0NDctNGMzZWQzZGE5OGE3CgpDb250ZW50LUxlbmd0aDogMTM1CkNvbnRlbnQtVHlwZTogYXBwbGljYXRpb24vanNvbgpTZW5kZXItSWRlbnRpZmllcjogOTI4MDYzOTEKCiJ7XCJmZWVcIjowLFwidHJhbnNmZXJDb2RlXCI6XCJpbnZvaWNlXCIsXCJkZWJpdE5hbWVcIjpcImFsaWNlIGNvb3BlclwiLFwiY3JlZGl0TmFtZVwiOlwibWVyIGNoYW50XCIsXCJkZWJpdElkZW50aWZpZXJcIjpcIjkyODA2MzkxXCJ9IgA', condition: 'f5sqb7tBTWPd5Y8BDFdMm9BJR_MNI4isf8p8n4D5pHA', expiration: '2016-05-24T08:38:08.699-04:00' };
for (const [label, b] of [['ok', body], ['missing', { ...body, payeeFsp: undefined }], ['bad', { ...body, amount: { amount: '1.2.3', currency: 'TZS' } }]] as const) {
  t = performance.now();
  const r = api.validateRequest({ method: 'post', path: '/transfers', headers, body: JSON.parse(JSON.stringify(b)) } as any);
  console.log(label, (performance.now() - t).toFixed(1), 'ms', JSON.stringify(r.errors));
}
t = performance.now();
for (let i = 0; i < 1000; i++) api.validateRequest({ method: 'post', path: '/transfers', headers, body } as any);
console.log('1000 validations ms', performance.now() - t);
const r = api.validateRequest({ method: 'get', path: '/parties/MSISDN/123', headers: { ...headers, accept: undefined } } as any);
console.log(JSON.stringify(r.errors));
const r2 = api.validateRequest({ method: 'put', path: '/quotes/abc', headers, body: {} } as any);
console.log(JSON.stringify(r2.errors));
