// SPDX-License-Identifier: Apache-2.0
// The conformance helper accepts what the official v1.3.12 file allows and names what it does not.
import assert, { AssertionError } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertBerlinGroupConformant, berlinGroupOperationIds, conformantJson } from './berlin-group-conformance.js';

const headers = { 'X-Request-ID': '99391c7e-ad88-49ec-a2ad-99ddcb1f7721' };
const failsWith = (pattern: RegExp) => (error: unknown) => error instanceof AssertionError && pattern.test(error.message);

describe('assertBerlinGroupConformant', () => {
  it('passes a conformant consent status answer', async () => {
    await assertBerlinGroupConformant({ method: 'GET', path: '/v1/consents/c-1/status', status: 200, headers, body: { consentStatus: 'valid' } });
  });

  it('fails a body without a required field, naming the operation, the status and the Ajv error', async () => {
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/consents/c-1/status', status: 200, headers, body: { psuMessage: 'hi' } }),
      failsWith(/getConsentStatus .* 200: body does not match the spec:[\s\S]*consentStatus/),
    );
  });

  it('fails a status value outside the enum', async () => {
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/consents/c-1/status', status: 200, headers, body: { consentStatus: 'active' } }),
      failsWith(/getConsentStatus .* 200: [\s\S]*\/consentStatus must be equal to one of the allowed values/),
    );
  });

  it('fails a status the operation does not document', async () => {
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/consents/c-1/status', status: 201, headers, body: { consentStatus: 'valid' } }),
      failsWith(/getConsentStatus .*status 201 is not documented/),
    );
  });

  it('fails a path or method the framework does not have', async () => {
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/mandates/m-1', status: 200, headers, body: {} }),
      failsWith(/no operation GET \/v1\/mandates\/m-1/),
    );
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'PATCH', path: '/v1/consents/c-1', status: 200, headers, body: {} }),
      failsWith(/no operation PATCH/),
    );
  });

  it('fails an answer without X-Request-ID, or with one that is not a UUID', async () => {
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/consents/c-1/status', status: 200, headers: {}, body: { consentStatus: 'valid' } }),
      failsWith(/required response header X-Request-ID is missing/),
    );
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/consents/c-1/status', status: 200, headers: { 'x-request-id': 'req-1' }, body: { consentStatus: 'valid' } }),
      failsWith(/X-Request-ID "req-1" is not a UUID/),
    );
  });

  it('wants a 204 empty', async () => {
    await assertBerlinGroupConformant({ method: 'DELETE', path: '/v1/consents/c-1', status: 204, headers, body: undefined });
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'DELETE', path: '/v1/consents/c-1', status: 204, headers, body: { consentStatus: 'terminatedByTpp' } }),
      failsWith(/deleteConsent .* 204: the spec documents no body/),
    );
  });

  it('checks an error answer against the NextGen error body of its status', async () => {
    const body = { tppMessages: [{ category: 'ERROR', code: 'CONSENT_UNKNOWN', text: 'no such consent' }] };
    await assertBerlinGroupConformant({ method: 'GET', path: '/v1/accounts?withBalance=true', status: 403, headers, body });
    await assert.rejects(
      assertBerlinGroupConformant({ method: 'GET', path: '/v1/accounts', status: 403, headers, body: { tppMessages: [{ category: 'FATAL', code: 'X' }] } }),
      failsWith(/getAccountList .* 403: body does not match/),
    );
  });

  it('tells a periodic payment answer from a single one (the official oneOf is read as anyOf)', async () => {
    const account = { iban: 'DE89370400440532013000' };
    const single = { debtorAccount: account, instructedAmount: { currency: 'EUR', amount: '10' }, creditorAccount: account, creditorName: 'A', transactionStatus: 'ACSP' };
    await assertBerlinGroupConformant({ method: 'GET', path: '/v1/payments/sepa-credit-transfers/p-1', status: 200, headers, body: single });
    const periodic = { ...single, startDate: '2027-01-01', frequency: 'Monthly' };
    await assertBerlinGroupConformant({ method: 'GET', path: '/v1/periodic-payments/sepa-credit-transfers/p-2', status: 200, headers, body: periodic });
  });
});

describe('conformantJson', () => {
  it('reads, checks and returns the JSON of a fetch Response', async () => {
    const response = new Response(JSON.stringify({ scaStatus: 'finalised' }), { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
    assert.deepEqual(await conformantJson(response, 'get', '/v1/consents/c-1/authorisations/a-1'), { scaStatus: 'finalised' });
  });

  it('fails a body that is not JSON', async () => {
    await assert.rejects(conformantJson(new Response('oops', { status: 200, headers }), 'GET', '/v1/consents/c-1/status'), failsWith(/not JSON/));
  });
});

describe('berlinGroupOperationIds', () => {
  it('lists the 38 operations of v1.3.12', async () => {
    const ids = await berlinGroupOperationIds();
    assert.equal(ids.length, 38);
    assert.ok(ids.includes('createConsent') && ids.includes('getSigningBasketScaStatus'));
  });
});
