// SPDX-License-Identifier: Apache-2.0
// Per-TPP rate limits of the Berlin Group API (LANGO_GATEWAY_RATE_LIMIT calls per minute per certificate): the call
// over the limit is 429, with tppMessages ACCESS_EXCEEDED on account information and no body on payments, as the
// specification has it; another TPP (another certificate) is not slowed by it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxCa, testCertificate } from '../support/berlin-group-other-tpp.js';
import { startBerlinGroupStage, type BerlinGroupStage } from '../support/berlin-group-stage.js';
import { browserSkip } from '../support/browser.js';

const LIMIT = 4;

describe('Berlin Group rate limits', { skip: browserSkip }, () => {
  let stage: BerlinGroupStage;

  before(async () => {
    stage = await startBerlinGroupStage({ LANGO_GATEWAY_RATE_LIMIT: String(LIMIT) });
  });
  after(async () => {
    await stage?.stop();
  });

  it('refuses the call over the limit with 429, counted per certificate', async () => {
    const { tpp } = stage;
    const token = await tpp.clientToken('accounts payments');
    const status = (consentId: string) => tpp.call('GET', `/v1/consents/${consentId}/status`, { token });
    const answers = [];
    for (let call = 0; call <= LIMIT; call++) answers.push(await status('no-such-consent'));
    assert.deepEqual(answers.map((answer) => answer.status), [403, 403, 403, 403, 429]);
    assert.equal((answers[LIMIT]!.body as { tppMessages: { code: string }[] }).tppMessages[0]!.code, 'ACCESS_EXCEEDED');
    assert.ok(answers[LIMIT]!.headers.get('retry-after'), 'Retry-After says when to come back');

    const payment = await tpp.call('GET', '/v1/payments/mojaloop-credit-transfers/no-such-payment/status', { token });
    assert.equal(payment.status, 429);
    assert.equal(payment.body, undefined, 'no body on a payment route');

    // The same TPP with another QSealC is another counter (the key is the certificate).
    const seal = await testCertificate({ issuer: sandboxCa(stage.sandbox.dataDir), organizationIdentifier: tpp.demo.organizationIdentifier, roles: ['PSP_AI', 'PSP_PI'], kind: 'qseal' });
    const fresh = await tpp.call('GET', '/v1/consents/no-such-consent/status', { token, certificate: seal });
    assert.equal(fresh.status, 403);
  });
});
