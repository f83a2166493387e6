// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ERROR_CODES, LangoError, NotFoundError, RateLimitedError, ValidationError, type ErrorCode } from '../lango-error.js';
import { BERLIN_GROUP_CODES, type BerlinGroupCode } from './berlin-group-codes.js';
import { berlinGroupError, renderBerlinGroupError } from './berlin-group.js';

interface TppMessage { category: string; code: string; path?: string; text: string }
const tppMessage = (thrown: unknown): TppMessage => {
  const body = renderBerlinGroupError(thrown).body as { tppMessages: TppMessage[] };
  assert.equal(body.tppMessages.length, 1);
  return body.tppMessages[0]!;
};

describe('Berlin Group tppMessages', () => {
  it('answers request errors with FORMAT_ERROR and 400, naming the field', () => {
    for (const code of ['VALIDATION_FAILED', 'MALFORMED_SYNTAX', 'MISSING_ELEMENT'] as const) {
      const rendered = renderBerlinGroupError(new LangoError(code, 'instructedAmount.amount is not a decimal', { path: 'instructedAmount.amount' }));
      assert.equal(rendered.status, 400);
      assert.deepEqual(rendered.body, {
        tppMessages: [{ category: 'ERROR', code: 'FORMAT_ERROR', path: 'instructedAmount.amount', text: 'instructedAmount.amount is not a decimal' }],
      });
    }
  });

  it('answers authentication and authorisation failures with the 401 codes of the guidelines', () => {
    const cases: [ErrorCode, string][] = [['UNAUTHENTICATED', 'TOKEN_INVALID'], ['CERTIFICATE_INVALID', 'CERTIFICATE_INVALID'], ['FORBIDDEN', 'ROLE_INVALID']];
    for (const [code, wire] of cases) {
      const error = new LangoError(code, 'no');
      assert.equal(renderBerlinGroupError(error).status, 401, code);
      assert.equal(tppMessage(error).code, wire);
    }
  });

  it('answers an unknown resource with RESOURCE_UNKNOWN 404, or the 403/400 the place chose', () => {
    assert.equal(renderBerlinGroupError(new NotFoundError('no account a1')).status, 404);
    assert.equal(tppMessage(new NotFoundError('no account a1')).code, 'RESOURCE_UNKNOWN');
    assert.equal(renderBerlinGroupError(new NotFoundError('no payment p1', { status: 403 })).status, 403);
    assert.equal(renderBerlinGroupError(new NotFoundError('no account in body', { status: 400 })).status, 400);
    // 409 is not a status the guidelines allow for RESOURCE_UNKNOWN: the code's default wins.
    assert.equal(renderBerlinGroupError(new NotFoundError('odd', { status: 409 })).status, 404);
    assert.equal(tppMessage(new LangoError('ROUTE_NOT_FOUND', 'no /v1/nothing')).code, 'RESOURCE_UNKNOWN');
  });

  it('maps method, conflict and rate limit to SERVICE_INVALID 405, STATUS_INVALID 409 and ACCESS_EXCEEDED 429', () => {
    const method = renderBerlinGroupError(new LangoError('METHOD_NOT_ALLOWED', 'PATCH not allowed'));
    assert.equal(method.status, 405);
    assert.equal(tppMessage(new LangoError('METHOD_NOT_ALLOWED', 'x')).code, 'SERVICE_INVALID');
    assert.equal(renderBerlinGroupError(new LangoError('CONFLICT', 'consent is terminated')).status, 409);
    assert.equal(tppMessage(new LangoError('CONFLICT', 'x')).code, 'STATUS_INVALID');
    const limited = renderBerlinGroupError(new RateLimitedError(3600));
    assert.equal(limited.status, 429);
    assert.equal(tppMessage(new RateLimitedError(3600)).code, 'ACCESS_EXCEEDED');
    assert.deepEqual(limited.headers, { 'Retry-After': '3600' });
  });

  it('sends no body where the spec defines none: 415, 500 and 503', () => {
    const cases: [unknown, number][] = [
      [new LangoError('UNSUPPORTED_MEDIA_TYPE', 'text/plain'), 415],
      [new LangoError('INTERNAL', 'SELECT * FROM consents failed'), 500],
      [new Error('ECONNREFUSED 10.0.0.7:5432'), 500],
      [new LangoError('STORE_UNAVAILABLE', 'postgres down'), 503],
      [new LangoError('UPSTREAM_FAILED', 'core banking 502'), 503],
      [new LangoError('UPSTREAM_TIMEOUT', 'core banking slow'), 503],
    ];
    for (const [thrown, status] of cases) {
      const rendered = renderBerlinGroupError(thrown);
      assert.equal(rendered.status, status);
      assert.equal(rendered.body, undefined);
    }
  });

  it('lets details.berlinGroupCode name the precise code, and ignores codes the guidelines do not know', () => {
    const expired = new LangoError('FORBIDDEN', 'consent c1 expired on 2024-01-01', { details: { berlinGroupCode: 'CONSENT_EXPIRED' } });
    assert.equal(tppMessage(expired).code, 'CONSENT_EXPIRED');
    assert.equal(renderBerlinGroupError(expired).status, 401);
    const bogus = new LangoError('FORBIDDEN', 'x', { details: { berlinGroupCode: 'CONSENT_EXPIRD' } });
    assert.equal(tppMessage(bogus).code, 'ROLE_INVALID');
  });

  it('berlinGroupError raises a precise code with a status the guidelines allow, and refuses others', () => {
    const unknownPayment = berlinGroupError('RESOURCE_UNKNOWN', 'no payment p1', { status: 403, path: 'paymentId' });
    assert.equal(unknownPayment.code, 'NOT_FOUND');
    assert.equal(renderBerlinGroupError(unknownPayment).status, 403);
    assert.deepEqual(tppMessage(unknownPayment), { category: 'ERROR', code: 'RESOURCE_UNKNOWN', path: 'paymentId', text: 'no payment p1' });
    assert.equal(renderBerlinGroupError(berlinGroupError('CONSENT_UNKNOWN', 'no consent', { status: 400 })).status, 400);
    assert.equal(renderBerlinGroupError(berlinGroupError('CONSENT_UNKNOWN', 'no consent')).status, 403);
    assert.equal(renderBerlinGroupError(berlinGroupError('REQUESTED_FORMATS_INVALID', 'only JSON')).status, 406);
    assert.throws(() => berlinGroupError('CONSENT_EXPIRED', 'x', { status: 403 }), RangeError);
  });

  it('keeps the text within the 500 characters of tppMessageText and hides non-exposed messages', () => {
    assert.equal(tppMessage(new ValidationError('x'.repeat(900))).text.length, 500);
    const hidden = new LangoError('INTERNAL', 'password=hunter2', { path: 'db', details: { berlinGroupCode: 'FORMAT_ERROR' } });
    assert.deepEqual(tppMessage(hidden), { category: 'ERROR', code: 'FORMAT_ERROR', text: ERROR_CODES.INTERNAL.title });
  });
});

describe('Berlin Group codes against the official v1.3.12 YAML', () => {
  const spec = parse(readFileSync(new URL('../../../../shared/specs/berlin-group/psd2-api_v1.3.12-2022-07-06.yaml', import.meta.url), 'utf8'));
  const schemas: Record<string, { enum?: string[] }> = spec.components.schemas;
  const responses = Object.entries(spec.components.responses as Record<string, { content?: Record<string, { schema: { $ref: string } }> }>);
  const responsesFor = (status: number) => responses.filter(([name]) => name.includes(`_${status}_`) || name.endsWith(`_${status}`));

  // Every status Lango can emit in this dialect, with the message code (or none) sent with it.
  const emitted: { code: string | undefined; status: number }[] = [
    ...(Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => {
      const rendered = renderBerlinGroupError(new LangoError(code, 'x'));
      return { code: (rendered.body as { tppMessages?: TppMessage[] } | undefined)?.tppMessages?.[0]?.code, status: rendered.status };
    }),
    ...(Object.keys(BERLIN_GROUP_CODES) as BerlinGroupCode[]).flatMap((code) =>
      BERLIN_GROUP_CODES[code].statuses.map((status) => ({ code, status }))),
  ];

  it('uses the category of tppMessageCategory', () => {
    assert.ok(schemas['tppMessageCategory']!.enum!.includes(tppMessage(new ValidationError('x')).category));
  });

  it('sends a tppMessages body exactly for statuses whose responses define one', () => {
    for (const { code, status } of emitted) {
      const documented = responsesFor(status);
      assert.ok(documented.length > 0, `the spec defines no ${status} response`);
      const withBody = documented.filter(([, response]) => response.content?.['application/json']);
      if (code === undefined) assert.equal(withBody.length, 0, `${status} has a body in the spec`);
      else {
        assert.ok(withBody.length > 0, `${code}: the spec has no body for ${status}`);
        for (const [, response] of withBody) assert.match(response.content!['application/json']!.schema.$ref, new RegExp(`/Error${status}_NG_`));
      }
    }
  });

  it('only emits codes the MessageCode enums allow, where the YAML still enumerates them', () => {
    for (const { code, status } of emitted) {
      if (code === undefined) continue;
      const enums = Object.entries(schemas).filter(([name, schema]) => name.startsWith(`MessageCode${status}_`) && schema.enum);
      for (const [name, schema] of enums) assert.ok(schema.enum!.includes(code), `${code} not in ${name}`);
    }
  });

  it('knows every error code the YAML uses in its examples, with that status', () => {
    const examples = Object.entries(schemas).flatMap(([name, schema]) => {
      const status = /^Error(\d{3})_NG_/.exec(name)?.[1];
      const example = (schema as { example?: { code?: string }[] }).example;
      return status && Array.isArray(example) ? example.map((message) => ({ code: message.code!, status: Number(status) })) : [];
    });
    assert.ok(examples.length >= 5);
    for (const { code, status } of examples) {
      const entry = BERLIN_GROUP_CODES[code as BerlinGroupCode];
      assert.ok(entry, `${code} is missing from BERLIN_GROUP_CODES`);
      assert.ok((entry.statuses as readonly number[]).includes(status), `${code} with ${status}`);
    }
  });
});
