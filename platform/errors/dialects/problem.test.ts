// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES, LangoError, NotFoundError, RateLimitedError, ValidationError } from '../lango-error.js';
import { renderProblem } from './problem.js';

describe('RFC 9457 problem details', () => {
  it('renders type, title, status, detail, code and the field at fault', () => {
    const rendered = renderProblem(new ValidationError('amount must have at most 2 decimals for TZS', { path: 'amount' }), {
      instance: '/channel/transfers',
    });
    assert.equal(rendered.status, 400);
    assert.equal(rendered.contentType, 'application/problem+json');
    assert.deepEqual(rendered.body, {
      type: 'urn:lango:problem:validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'amount must have at most 2 decimals for TZS',
      code: 'VALIDATION_FAILED',
      instance: '/channel/transfers',
      path: 'amount',
    });
  });

  it("adds a domain's refusal code as reason, so a client can branch on it", () => {
    const rendered = renderProblem(new ValidationError('the CSR is not PEM', { path: 'csr', details: { reason: 'CSR_MALFORMED' } }));
    assert.equal((rendered.body as { reason?: string }).reason, 'CSR_MALFORMED');
    assert.equal((renderProblem(new LangoError('INTERNAL', 'x', { details: { reason: 'SECRET' } })).body as { reason?: string }).reason, undefined);
  });

  it('uses the status the place of the fault chose, and a configured type base', () => {
    const rendered = renderProblem(new NotFoundError('no such operator', { status: 410 }), { problemTypeBase: 'https://docs.example/problems/' });
    assert.equal(rendered.status, 410);
    assert.equal((rendered.body as { status: number; type: string }).status, 410);
    assert.equal((rendered.body as { type: string }).type, 'https://docs.example/problems/not-found');
  });

  it('shows only the generic title of non-exposed errors', () => {
    const rendered = renderProblem(new LangoError('INTERNAL', 'duplicate key value violates unique constraint "transfers_pkey"', { path: 'x' }));
    assert.deepEqual(rendered.body, {
      type: 'urn:lango:problem:internal',
      title: ERROR_CODES.INTERNAL.title,
      status: 500,
      detail: ERROR_CODES.INTERNAL.title,
      code: 'INTERNAL',
    });
  });

  it('carries Retry-After on rate limits', () => {
    assert.deepEqual(renderProblem(new RateLimitedError(5)).headers, { 'Retry-After': '5' });
  });
});
