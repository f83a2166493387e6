// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES, LangoError, RateLimitedError, type ErrorCode } from '../lango-error.js';
import { ERROR_CONTENT_TYPES, ERROR_RENDERERS, renderError, type ErrorDialect } from './index.js';

const DIALECTS = Object.keys(ERROR_RENDERERS) as ErrorDialect[];
const SECRET = 'postgres://lango:hunter2@db.internal:5432';

describe('renderError', () => {
  it('dispatches to the dialect and names its content type', () => {
    assert.deepEqual(ERROR_CONTENT_TYPES, {
      'berlin-group': 'application/json',
      fspiop: 'application/json',
      gsma: 'application/json',
      oauth: 'application/json',
      problem: 'application/problem+json',
    });
    for (const dialect of DIALECTS) {
      const rendered = renderError(dialect, new LangoError('VALIDATION_FAILED', 'bad'), { now: new Date(0) });
      assert.deepEqual(rendered, ERROR_RENDERERS[dialect](new LangoError('VALIDATION_FAILED', 'bad'), { now: new Date(0) }));
      assert.equal(rendered.contentType, ERROR_CONTENT_TYPES[dialect]);
    }
  });

  it('never lets the message, stack or cause of a non-exposed error out, in any dialect', () => {
    const hidden = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => !ERROR_CODES[code].expose);
    const cause = new Error(`connect ECONNREFUSED ${SECRET}`);
    const thrown: unknown[] = [
      cause,
      `a thrown string with ${SECRET}`,
      ...hidden.map((code) => new LangoError(code, `failed at ${SECRET}`, { cause, path: SECRET, details: { dsn: SECRET } })),
    ];
    for (const dialect of DIALECTS) {
      for (const error of thrown) {
        const wire = JSON.stringify(renderError(dialect, error));
        assert.doesNotMatch(wire, /hunter2|db\.internal|ECONNREFUSED/, `${dialect} leaked`);
        assert.doesNotMatch(wire, /"(stack|cause)"|at .*\.ts:\d+/, `${dialect} sent a stack or cause`);
      }
    }
  });

  it('never sends stack or cause of exposed errors either', () => {
    const error = new LangoError('VALIDATION_FAILED', 'amount is negative', { cause: new Error(SECRET) });
    for (const dialect of DIALECTS) assert.doesNotMatch(JSON.stringify(renderError(dialect, error)), /hunter2|"stack"|"cause"/);
  });

  it('answers every Lango code with an HTTP error status in every dialect', () => {
    for (const dialect of DIALECTS) {
      for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
        const { status } = renderError(dialect, new LangoError(code, 'x'));
        assert.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${dialect} ${code}: ${status}`);
      }
    }
  });

  it('tells a rate-limited caller when to come back, in every dialect', () => {
    for (const dialect of DIALECTS) {
      assert.equal(renderError(dialect, new RateLimitedError(60)).headers?.['Retry-After'], '60', dialect);
      const fromDetails = new LangoError('RATE_LIMITED', 'x', { details: { retryAfterSeconds: 0.4 } });
      assert.equal(renderError(dialect, fromDetails).headers?.['Retry-After'], '1', dialect);
    }
  });
});
