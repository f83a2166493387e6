// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderBerlinGroupError } from '../../platform/errors/index.js';
import { CONSENT_STATUSES, FINAL_STATUSES, type Consent, type ConsentStatus } from './consent.js';
import { CONSENT_TRANSITIONS, expireIfDue, requireUsable, transition, type ConsentActor } from './consent-lifecycle.js';

const NOW = Date.UTC(2025, 5, 2, 10);

function consent(status: ConsentStatus, overrides: Partial<Consent> = {}): Consent {
  return {
    id: 'c1', tenantId: 'buffalo', scheme: 'berlin-group', clientId: 'tpp-a', psuId: 'buffalo:john.smith', status,
    permissions: { scopes: ['accounts'], accounts: [] }, recurringIndicator: true, validUntil: undefined,
    frequencyPerDay: undefined, grantId: 'g1', createdAt: NOW - 1000, updatedAt: NOW - 1000, statusChangedAt: NOW - 1000,
    statusChangedBy: undefined, ...overrides,
  };
}

/** The Berlin Group code and status a TPP would read for what `run` throws. */
function wire(run: () => unknown): [string | undefined, number] {
  try {
    run();
  } catch (error) {
    const rendered = renderBerlinGroupError(error);
    return [(rendered.body as { tppMessages: { code: string }[] }).tppMessages[0]?.code, rendered.status];
  }
  return assert.fail('expected an error');
}

const psu: ConsentActor = { role: 'psu', psuId: 'buffalo:john.smith' };
const tpp: ConsentActor = { role: 'tpp', clientId: 'tpp-a' };

describe('consent lifecycle', () => {
  it('lists every status, and nothing leaves a final one', () => {
    assert.deepEqual(Object.keys(CONSENT_TRANSITIONS), [...CONSENT_STATUSES]);
    for (const status of FINAL_STATUSES) assert.deepEqual(CONSENT_TRANSITIONS[status], {});
  });

  it('moves a consent and records when and by whom', () => {
    const revoked = transition(consent('valid'), 'revokedByPsu', psu, NOW);
    assert.deepEqual([revoked.status, revoked.statusChangedBy, revoked.statusChangedAt, revoked.updatedAt], ['revokedByPsu', 'psu', NOW, NOW]);
    assert.equal(transition(consent('received', { psuId: undefined }), 'valid', psu, NOW).status, 'valid');
  });

  it('answers a missing consent and another TPP\'s or PSU\'s alike: CONSENT_UNKNOWN 403', () => {
    assert.deepEqual(wire(() => transition(undefined, 'terminatedByTpp', tpp, NOW)), ['CONSENT_UNKNOWN', 403]);
    assert.deepEqual(wire(() => transition(consent('valid'), 'terminatedByTpp', { role: 'tpp', clientId: 'tpp-b' }, NOW)), ['CONSENT_UNKNOWN', 403]);
    assert.deepEqual(wire(() => transition(consent('valid'), 'revokedByPsu', { role: 'psu', psuId: 'buffalo:jane' }, NOW)), ['CONSENT_UNKNOWN', 403]);
  });

  it('refuses a change the table lacks with STATUS_INVALID 409', () => {
    assert.deepEqual(wire(() => transition(consent('rejected'), 'revokedByPsu', psu, NOW)), ['STATUS_INVALID', 409]);
    assert.deepEqual(wire(() => transition(consent('received'), 'revokedByPsu', psu, NOW)), ['STATUS_INVALID', 409]);
    assert.deepEqual(wire(() => transition(consent('valid'), 'valid', psu, NOW)), ['STATUS_INVALID', 409]);
  });

  it('answers a change of an expired consent, or one past validUntil, with CONSENT_EXPIRED 401', () => {
    assert.deepEqual(wire(() => transition(consent('expired'), 'terminatedByTpp', tpp, NOW)), ['CONSENT_EXPIRED', 401]);
    assert.deepEqual(wire(() => transition(consent('valid', { validUntil: NOW - 1 }), 'revokedByPsu', psu, NOW)), ['CONSENT_EXPIRED', 401]);
    assert.deepEqual(wire(() => transition(consent('received', { validUntil: NOW - 1 }), 'valid', psu, NOW)), ['CONSENT_EXPIRED', 401]);
  });

  it('treats a status set by someone it is not named after as a bug, not a client error', () => {
    assert.throws(() => transition(consent('valid'), 'revokedByPsu', { role: 'tpp', clientId: 'tpp-a' }, NOW), (error: Error) => !('code' in error));
  });

  it('expires a valid consent once now is after validUntil, by the system', () => {
    assert.equal(expireIfDue(consent('valid', { validUntil: NOW }), NOW).status, 'valid', 'validUntil is its last valid instant');
    const expired = expireIfDue(consent('valid', { validUntil: NOW }), NOW + 1);
    assert.deepEqual([expired.status, expired.statusChangedBy], ['expired', 'system']);
  });

  it('lets only a valid consent be used', () => {
    assert.equal(requireUsable(consent('valid'), NOW).status, 'valid');
    assert.deepEqual(wire(() => requireUsable(consent('valid', { validUntil: NOW - 1 }), NOW)), ['CONSENT_EXPIRED', 401]);
    assert.deepEqual(wire(() => requireUsable(consent('revokedByPsu'), NOW)), ['CONSENT_INVALID', 401]);
    assert.deepEqual(wire(() => requireUsable(undefined, NOW)), ['CONSENT_UNKNOWN', 403]);
  });
});
