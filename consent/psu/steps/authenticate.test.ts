// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from '../i18n/en.js';
import type { PsuFlow } from '../psu-flow.js';
import type { PsuDirectory } from '../psu-directory.js';
import { submitLogin, submitOtp, type AuthenticationDeps } from './authenticate.js';

const directory: PsuDirectory = {
  banks: async () => [{ tenantId: 'lion', name: 'Lion Bank' }],
  verifyPsuLogin: async (tenantId, username, password) => (tenantId === 'lion' && username === 'juma' && password === 'secret' ? { id: 'lion:juma', tenantId, username, fullName: 'Juma Salim' } : undefined),
  accounts: async () => [],
};

function setup(): { deps: AuthenticationDeps; flow: PsuFlow; clock: { now: number }; sent: string[] } {
  const clock = { now: 1_000_000 };
  const sent: string[] = [];
  let counter = 0;
  const deps: AuthenticationDeps = {
    directory,
    codes: { issue: async () => { const code = String(111111 * ++counter); sent.push(code); return code; } },
    otpTtlMs: 300_000,
    now: () => clock.now,
  };
  return { deps, flow: { csrf: 'token', stage: 'login', loginFailures: 0, otpFailures: 0 }, clock, sent };
}

describe('PSU authentication steps', () => {
  it('asks for each missing field, then refuses wrong credentials without saying which part was wrong', async () => {
    const { deps, flow } = setup();
    const missing = await submitLogin(deps, flow, {}, en);
    assert.deepEqual(missing.kind === 'invalid' && missing.errors.map((error) => error.field), ['bank', 'username', 'password']);
    const wrong = await submitLogin(deps, flow, { bank: 'lion', username: 'juma', password: 'guess' }, en);
    assert.deepEqual(wrong, { kind: 'invalid', errors: [{ field: 'username', message: en.loginFailed }] });
    assert.equal(flow.stage, 'login');
  });

  it('sends a code after the login, keeps only its hash, and accepts it', async () => {
    const { deps, flow, sent } = setup();
    assert.deepEqual(await submitLogin(deps, flow, { bank: 'lion', username: 'juma', password: 'secret' }, en), { kind: 'next' });
    assert.equal(flow.stage, 'sca');
    assert.equal(flow.psuId, 'lion:juma');
    assert.ok(!JSON.stringify(flow).includes(sent[0]!), 'the code itself is not kept');
    assert.deepEqual(await submitOtp(deps, flow, ` ${sent[0]} `, 'consent', en), { kind: 'next' });
    assert.equal(flow.stage, 'consent');
  });

  it('replaces an expired code without counting it as a failure', async () => {
    const { deps, flow, sent, clock } = setup();
    await submitLogin(deps, flow, { bank: 'lion', username: 'juma', password: 'secret' }, en);
    clock.now += 300_001;
    assert.deepEqual(await submitOtp(deps, flow, sent[0], 'consent', en), { kind: 'invalid', errors: [{ field: 'otp', message: en.otpExpired }] });
    assert.equal(flow.otpFailures, 0);
    assert.equal(sent.length, 2);
    assert.deepEqual(await submitOtp(deps, flow, sent[0], 'consent', en), { kind: 'invalid', errors: [{ field: 'otp', message: en.otpWrong(2) }] }, 'the old code no longer works');
    assert.deepEqual(await submitOtp(deps, flow, sent[1], 'consent', en), { kind: 'next' });
  });

  it('locks the flow at the third wrong code', async () => {
    const { deps, flow } = setup();
    await submitLogin(deps, flow, { bank: 'lion', username: 'juma', password: 'secret' }, en);
    assert.equal((await submitOtp(deps, flow, '000000', 'consent', en)).kind, 'invalid');
    assert.equal((await submitOtp(deps, flow, '000000', 'consent', en)).kind, 'invalid');
    assert.deepEqual(await submitOtp(deps, flow, '000000', 'consent', en), { kind: 'locked' });
  });
});
