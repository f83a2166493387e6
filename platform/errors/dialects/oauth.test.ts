// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES, ForbiddenError, LangoError, RateLimitedError, UnauthenticatedError, ValidationError } from '../lango-error.js';
import { renderOAuthError } from './oauth.js';

interface OAuthError { error: string; error_description: string }
const body = (thrown: unknown): OAuthError => renderOAuthError(thrown).body as OAuthError;

describe('OAuth error responses', () => {
  it('answers a bad request with invalid_request and 400', () => {
    const rendered = renderOAuthError(new ValidationError('code_challenge_method must be S256'));
    assert.equal(rendered.status, 400);
    assert.deepEqual(rendered.body, { error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    assert.equal(rendered.headers, undefined);
  });

  it('answers failed client authentication with invalid_client, 401 and a challenge', () => {
    const rendered = renderOAuthError(new UnauthenticatedError('client assertion signature invalid'));
    assert.equal(rendered.status, 401);
    assert.equal(body(new UnauthenticatedError('x')).error, 'invalid_client');
    assert.deepEqual(rendered.headers, { 'WWW-Authenticate': 'Basic realm="lango"' });
    assert.deepEqual(renderOAuthError(new LangoError('CERTIFICATE_INVALID', 'x'), { realm: 'consent "x"' }).headers, {
      'WWW-Authenticate': 'Basic realm="consent x"',
    });
  });

  it('answers a bad access token with invalid_token, 401 and a Bearer (or DPoP) challenge naming the error', () => {
    const expired = new UnauthenticatedError('access token expired', { details: { oauthError: 'invalid_token' } });
    const rendered = renderOAuthError(expired);
    assert.equal(rendered.status, 401);
    assert.equal(body(expired).error, 'invalid_token');
    assert.deepEqual(rendered.headers, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    const dpop = new UnauthenticatedError('x', { details: { oauthError: 'invalid_token', authScheme: 'DPoP' } });
    assert.deepEqual(renderOAuthError(dpop).headers, { 'WWW-Authenticate': 'DPoP error="invalid_token"' });
  });

  it('answers a token without the needed scope with insufficient_scope and 403', () => {
    const rendered = renderOAuthError(new ForbiddenError('scope accounts required', { details: { oauthError: 'insufficient_scope' } }));
    assert.equal(rendered.status, 403);
    assert.deepEqual(rendered.headers, { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' });
  });

  it('keeps the error\'s status where the RFCs allow two: invalid_dpop_proof is 400 at the token endpoint, 401 at a resource', () => {
    assert.equal(renderOAuthError(new ValidationError('x', { details: { oauthError: 'invalid_dpop_proof' } })).status, 400);
    assert.equal(renderOAuthError(new UnauthenticatedError('x', { details: { oauthError: 'invalid_dpop_proof' } })).status, 401);
    assert.equal(renderOAuthError(new ValidationError('x', { details: { oauthError: 'invalid_grant' } })).status, 400);
    assert.equal(body(new ValidationError('x', { details: { oauthError: 'not_an_error' } })).error, 'invalid_request');
  });

  it('answers server trouble with server_error 500 or temporarily_unavailable 503, hiding internals', () => {
    const internal = renderOAuthError(new Error('TypeError: cannot read properties of undefined (reading "kid")'));
    assert.equal(internal.status, 500);
    assert.deepEqual(internal.body, { error: 'server_error', error_description: ERROR_CODES.INTERNAL.title });
    const down = renderOAuthError(new LangoError('STORE_UNAVAILABLE', 'postgres down'));
    assert.equal(down.status, 503);
    assert.equal((down.body as OAuthError).error, 'temporarily_unavailable');
  });

  it('answers a rate limit with 429 and Retry-After', () => {
    const rendered = renderOAuthError(new RateLimitedError(12));
    assert.equal(rendered.status, 429);
    assert.deepEqual(rendered.headers, { 'Retry-After': '12' });
  });

  it('keeps error_description within the characters RFC 6749 §5.2 allows', () => {
    const { error_description } = body(new ValidationError('redirect_uri "https://tpp.example/cb\\x" is not registered für this client'));
    assert.match(error_description, /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
    assert.equal(error_description, "redirect_uri 'https://tpp.example/cb/x' is not registered f?r this client");
  });
});
