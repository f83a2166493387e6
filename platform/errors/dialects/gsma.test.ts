// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ERROR_CODES, LangoError, RateLimitedError, type ErrorCode } from '../lango-error.js';
import { GSMA_CATEGORIES, GSMA_ERROR_CODES, renderGsmaError } from './gsma.js';

interface GsmaError {
  errorCategory: string;
  errorCode: string;
  errorDescription: string;
  errorDateTime: string;
  errorParameters?: { key: string; value: string }[];
}
const now = new Date('2025-03-01T10:00:00.000Z');
const body = (thrown: unknown): GsmaError => renderGsmaError(thrown, { now }).body as GsmaError;

describe('GSMA Mobile Money errorObject', () => {
  it('maps Lango codes to categories, harmonised codes and the statuses of the spec', () => {
    const cases: [ErrorCode, string, string, number][] = [
      ['VALIDATION_FAILED', 'validation', 'genericError', 400],
      ['MALFORMED_SYNTAX', 'validation', 'formatError', 400],
      ['MISSING_ELEMENT', 'validation', 'mandatoryValueNotSupplied', 400],
      ['UNAUTHENTICATED', 'authorisation', 'clientAuthorisationError', 401],
      ['FORBIDDEN', 'authorisation', 'requestingPartyAuthorisationError', 401],
      ['NOT_FOUND', 'identification', 'genericError', 404],
      ['DUPLICATE_MODIFIED', 'businessRule', 'duplicateRequest', 400],
      ['CONFLICT', 'businessRule', 'incorrectState', 400],
      ['BUSINESS_RULE_REJECTED', 'businessRule', 'genericError', 400],
      ['INTERNAL', 'internal', 'genericError', 500],
      ['UNAVAILABLE', 'serviceUnavailable', 'genericError', 503],
    ];
    for (const [code, category, wire, status] of cases) {
      const rendered = renderGsmaError(new LangoError(code, 'x'), { now });
      const { errorCategory, errorCode } = rendered.body as GsmaError;
      assert.deepEqual([errorCategory, errorCode, rendered.status], [category, wire, status], code);
    }
  });

  it('describes the error, dates it and names the field at fault', () => {
    assert.deepEqual(body(new LangoError('MISSING_ELEMENT', 'creditParty is required', { path: 'creditParty' })), {
      errorCategory: 'validation',
      errorCode: 'mandatoryValueNotSupplied',
      errorDescription: 'creditParty is required',
      errorDateTime: '2025-03-01T10:00:00.000Z',
      errorParameters: [{ key: 'path', value: 'creditParty' }],
    });
    assert.equal(body(new LangoError('VALIDATION_FAILED', 'z'.repeat(400))).errorDescription.length, 256);
  });

  it('answers a rate limit with rateLimitError, 429 and Retry-After', () => {
    const rendered = renderGsmaError(new RateLimitedError(30), { now });
    assert.equal(rendered.status, 429);
    assert.deepEqual(rendered.headers, { 'Retry-After': '30' });
    assert.deepEqual([body(new RateLimitedError(30)).errorCategory, body(new RateLimitedError(30)).errorCode], ['businessRule', 'rateLimitError']);
  });

  it('lets details.gsmaErrorCode and details.gsmaCategory name the precise error, within the spec enums', () => {
    const funds = new LangoError('BUSINESS_RULE_REJECTED', 'balance too low', { details: { gsmaErrorCode: 'insufficientFunds' } });
    assert.deepEqual([body(funds).errorCategory, body(funds).errorCode], ['businessRule', 'insufficientFunds']);
    const party = new LangoError('NOT_FOUND', 'no such MSISDN', { details: { gsmaErrorCode: 'identifierError' } });
    assert.equal(renderGsmaError(party).status, 404);
    const declined = new LangoError('FORBIDDEN', 'customer declined the prompt', { details: { gsmaErrorCode: 'requestDeclined' } });
    assert.deepEqual([body(declined).errorCategory, body(declined).errorCode], ['authorisation', 'requestDeclined']);
    const recategorised = new LangoError('CONFLICT', 'x', { details: { gsmaCategory: 'validation' } });
    assert.deepEqual([body(recategorised).errorCategory, body(recategorised).errorCode], ['validation', 'genericError']);
    const bogus = new LangoError('CONFLICT', 'x', { details: { gsmaErrorCode: 'notACode', gsmaCategory: 'nope' } });
    assert.deepEqual([body(bogus).errorCategory, body(bogus).errorCode], ['businessRule', 'incorrectState']);
  });

  it('hides the message of non-exposed errors', () => {
    const internal = body(new Error('redis://:s3cret@cache:6379 refused'));
    assert.equal(internal.errorDescription, ERROR_CODES.INTERNAL.title);
    assert.doesNotMatch(JSON.stringify(internal), /s3cret/);
  });
});

describe('GSMA errorObject against the official 1.2.0 YAML', () => {
  const spec = parse(readFileSync(new URL('../../../../shared/specs/gsma-mm/mobile-money-api-specification-1.2.0-master_0.yaml', import.meta.url), 'utf8'));
  const errorObject = spec.components.schemas.errorObject as { required: string[]; properties: Record<string, { enum?: string[] }> };
  const categories = errorObject.properties['errorCategory']!.enum!;
  const codes = errorObject.properties['errorCode']!.enum!;

  it('knows exactly the categories and harmonised codes the spec enumerates', () => {
    assert.deepEqual(Object.keys(GSMA_CATEGORIES).sort(), [...categories].sort());
    assert.deepEqual(Object.keys(GSMA_ERROR_CODES).sort(), [...codes].sort());
  });

  it('emits only enum values and every required property, for every Lango code', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const rendered = body(new LangoError(code, 'x'));
      assert.ok(categories.includes(rendered.errorCategory), `${code}: ${rendered.errorCategory}`);
      assert.ok(codes.includes(rendered.errorCode), `${code}: ${rendered.errorCode}`);
      for (const property of errorObject.required) assert.ok(property in rendered, `${code} lacks ${property}`);
    }
  });

  it('answers with statuses the operations document with an errorObject', () => {
    type Responses = Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    const documented = new Set<number>();
    for (const path of Object.values(spec.paths as Record<string, Record<string, { responses?: Responses }>>)) {
      for (const operation of Object.values(path)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (response.content?.['application/json']?.schema?.$ref === '#/components/schemas/errorObject') documented.add(Number(status));
        }
      }
    }
    for (const { status } of Object.values(GSMA_CATEGORIES)) assert.ok(documented.has(status), String(status));
  });
});
