// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, ForbiddenError, LangoError, NotFoundError, RateLimitedError, UnauthenticatedError, type ErrorCode } from '../lango-error.js';
import { FSPIOP_ERRORS, fspiopErrorInfo } from './fspiop-catalogue.js';
import { fspiopError, renderFspiopError } from './fspiop.js';

interface ErrorInformation { errorCode: string; errorDescription: string; extensionList?: { extension: { key: string; value: string }[] } }
const info = (thrown: unknown): ErrorInformation => (renderFspiopError(thrown).body as { errorInformation: ErrorInformation }).errorInformation;

// API Definition v1.1 §7.6, Tables 111–118.
const SPEC_CODES = [
  '1000', '1001', '2000', '2001', '2002', '2003', '2004', '2005', '3000', '3001', '3002', '3003',
  '3100', '3101', '3102', '3103', '3104', '3105', '3106', '3107',
  '3200', '3201', '3202', '3203', '3204', '3205', '3206', '3207', '3208', '3209', '3210', '3300', '3301', '3302', '3303',
  '4000', '4001', '4100', '4101', '4102', '4103', '4200', '4300', '4400',
  '5000', '5001', '5100', '5101', '5102', '5103', '5104', '5105', '5106', '5200', '5300', '5400',
];

describe('FSPIOP error catalogue', () => {
  it('holds every code of the v1.1 error section and nothing else', () => {
    assert.deepEqual(Object.keys(FSPIOP_ERRORS).sort(), [...SPEC_CODES].sort());
  });

  it('gives each code the synchronous status of its category, with the exceptions of Table 4', () => {
    const statuses = Object.fromEntries(SPEC_CODES.map((code) => [code, fspiopErrorInfo(code)!.status]));
    assert.equal(statuses['1001'], 503);
    assert.equal(statuses['2001'], 500);
    assert.equal(statuses['2002'], 501);
    assert.equal(statuses['2003'], 503);
    assert.equal(statuses['3001'], 406);
    assert.equal(statuses['3002'], 404);
    for (const code of ['3100', '3106', '3204', '3303', '4001', '5106']) assert.equal(statuses[code], 400, code);
  });

  it('accepts scheme-defined codes (xx40–xx99) as their category generic error, and refuses reserved or unknown ones', () => {
    assert.deepEqual(fspiopErrorInfo('3240'), { code: '3240', name: 'Generic ID not found', status: 400, category: '32', schemeDefined: true });
    assert.equal(fspiopErrorInfo('3111'), undefined);
    assert.equal(fspiopErrorInfo('6000'), undefined);
    assert.equal(fspiopErrorInfo('31OO'), undefined);
  });
});

describe('FSPIOP errorInformation', () => {
  it('maps Lango codes to the FSPIOP codes and statuses', () => {
    const cases: [ErrorCode, string, number][] = [
      ['VALIDATION_FAILED', '3100', 400],
      ['MALFORMED_SYNTAX', '3101', 400],
      ['MISSING_ELEMENT', '3102', 400],
      ['DUPLICATE_MODIFIED', '3106', 400],
      ['NOT_FOUND', '3200', 404],
      ['ROUTE_NOT_FOUND', '3002', 404],
      ['UNSUPPORTED_VERSION', '3001', 406],
      ['UNAUTHENTICATED', '3000', 401],
      ['FORBIDDEN', '3000', 403],
      ['METHOD_NOT_ALLOWED', '3000', 405],
      ['PAYLOAD_TOO_LARGE', '3104', 400],
      ['INTERNAL', '2001', 500],
      ['NOT_IMPLEMENTED', '2002', 501],
      ['UNAVAILABLE', '2003', 503],
      ['STORE_UNAVAILABLE', '2003', 503],
      ['UPSTREAM_TIMEOUT', '2004', 500],
      ['UPSTREAM_FAILED', '1001', 503],
      ['RATE_LIMITED', '2005', 503],
    ];
    for (const [code, wire, status] of cases) {
      const rendered = renderFspiopError(new LangoError(code, 'x'));
      assert.equal((rendered.body as { errorInformation: ErrorInformation }).errorInformation.errorCode, wire, code);
      assert.equal(rendered.status, status, code);
    }
  });

  it('describes exposed errors as "<name> - <message>" within 128 characters', () => {
    assert.deepEqual(info(new LangoError('MISSING_ELEMENT', "body must have required property 'payee'")), {
      errorCode: '3102',
      errorDescription: "Missing mandatory element - body must have required property 'payee'",
    });
    assert.equal(info(new LangoError('VALIDATION_FAILED', 'y'.repeat(300))).errorDescription.length, 128);
  });

  it('describes non-exposed errors by the catalogue name only', () => {
    assert.deepEqual(info(new Error('connect ECONNREFUSED 10.1.2.3:5432')), { errorCode: '2001', errorDescription: 'Internal server error' });
  });

  it('lets details.fspiopCode pick the precise code; the status is the error\'s own if Table 4 has it, else the catalogue\'s', () => {
    const party = new NotFoundError('no party MSISDN 27710101999', { details: { fspiopCode: '3204' } });
    assert.equal(info(party).errorCode, '3204');
    assert.equal(renderFspiopError(party).status, 404);
    assert.equal(renderFspiopError(new ConflictError('transfer expired', { details: { fspiopCode: '3303' } })).status, 400);
    assert.equal(renderFspiopError(new LangoError('INTERNAL', 'x', { details: { fspiopCode: '2003' } })).status, 503);
    assert.equal(info(new ConflictError('x', { details: { fspiopCode: '9999' } })).errorCode, '3100');
  });

  it('sends the extension list, e.g. the versions it supports with 3001', () => {
    const version = fspiopError('3001', 'The Client requested an unsupported version, see extension list for supported version(s).', {
      details: { fspiopExtensions: { '1': '1' } },
    });
    assert.equal(renderFspiopError(version).status, 406);
    assert.deepEqual(info(version).extensionList, { extension: [{ key: '1', value: '1' }] });
  });

  it('carries Retry-After when the server is busy', () => {
    assert.deepEqual(renderFspiopError(new RateLimitedError(2.2)).headers, { 'Retry-After': '3' });
  });
});

describe('fspiopError', () => {
  it('files each FSPIOP code under the Lango code of its meaning', () => {
    const cases: [string, ErrorCode][] = [
      ['1001', 'UPSTREAM_FAILED'], ['2001', 'INTERNAL'], ['2002', 'NOT_IMPLEMENTED'], ['2004', 'UPSTREAM_TIMEOUT'],
      ['3001', 'UNSUPPORTED_VERSION'], ['3101', 'MALFORMED_SYNTAX'], ['3105', 'UNAUTHENTICATED'], ['3106', 'DUPLICATE_MODIFIED'],
      ['3204', 'NOT_FOUND'], ['3302', 'CONFLICT'], ['4001', 'BUSINESS_RULE_REJECTED'], ['4300', 'FORBIDDEN'],
      ['5106', 'BUSINESS_RULE_REJECTED'], ['5400', 'FORBIDDEN'], ['5141', 'BUSINESS_RULE_REJECTED'],
    ];
    for (const [code, lango] of cases) {
      const error = fspiopError(code);
      assert.equal(error.code, lango, code);
      assert.equal(info(error).errorCode, code);
    }
  });

  it('defaults the description to the catalogue name and hides it for non-exposed codes', () => {
    assert.equal(info(fspiopError('5106')).errorDescription, 'Payee unsupported currency');
    assert.equal(info(fspiopError('5106', 'no TZS account')).errorDescription, 'Payee unsupported currency - no TZS account');
    assert.equal(info(fspiopError('2001', 'pool exhausted at db-1')).errorDescription, 'Internal server error');
  });

  it('refuses codes outside the catalogue', () => {
    assert.throws(() => fspiopError('3111'), RangeError);
    assert.throws(() => fspiopError('abc'), RangeError);
  });

  it('renders security failures in the 3000 range with HTTP 401 and 403', () => {
    assert.equal(renderFspiopError(new UnauthenticatedError('no client certificate')).status, 401);
    assert.equal(renderFspiopError(new ForbiddenError('not a participant')).status, 403);
  });
});
