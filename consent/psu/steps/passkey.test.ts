// SPDX-License-Identifier: Apache-2.0
// The passkey step's checks, with a software authenticator (ES256, attestation "none") built from node:crypto.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NewPasskey, Passkey, PasskeyStore } from '../../passkeys/passkey.js';
import { en } from '../i18n/en.js';
import type { PsuFlow } from '../psu-flow.js';
import { PASSKEY_CHALLENGE_TTL_MS, authenticationOptions, registrationOptions, submitPasskey, submitRegistration, type PasskeyDeps } from './passkey.js';

const ORIGIN = 'http://localhost:8080';
const JUMA = 'lion:juma';
const AMINA = 'lion:amina';

class MemoryPasskeys implements PasskeyStore {
  readonly rows = new Map<string, Passkey>();
  async add(passkey: NewPasskey) {
    if (this.rows.has(passkey.credentialId)) return false;
    this.rows.set(passkey.credentialId, { ...passkey, createdAt: 0 });
    return true;
  }
  async get(id: string) { return this.rows.get(id); }
  async listForPsu(psuId: string) { return [...this.rows.values()].filter((row) => row.psuId === psuId); }
  async updateCounter(id: string, counter: number) {
    const row = this.rows.get(id);
    if (!row || (counter !== 0 && row.counter >= counter)) return false;
    row.counter = counter;
    return true;
  }
}

/** A passkey on a software authenticator: signs assertions for rpId localhost with its counter. */
class SoftAuthenticator {
  readonly key: KeyObject;
  readonly publicKey: Uint8Array;
  counter = 0;
  constructor(readonly credentialId: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.key = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    // COSE_Key {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y} in CBOR.
    this.publicKey = new Uint8Array(Buffer.concat([Buffer.from('a50102032620012158', 'hex'), Buffer.from([0x20]), Buffer.from(jwk.x!, 'base64url'), Buffer.from('225820', 'hex'), Buffer.from(jwk.y!, 'base64url')]));
  }

  assertion(challenge: string, options: { origin?: string; counter?: number } = {}): string {
    const counter = options.counter ?? ++this.counter;
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: options.origin ?? ORIGIN, crossOrigin: false }));
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    const authenticatorData = Buffer.concat([createHash('sha256').update('localhost').digest(), Buffer.from([0x05]), counterBytes]);
    const signature = sign('sha256', Buffer.concat([authenticatorData, createHash('sha256').update(clientData).digest()]), this.key);
    return JSON.stringify({
      id: this.credentialId, rawId: this.credentialId, type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON: clientData.toString('base64url'), authenticatorData: authenticatorData.toString('base64url'), signature: signature.toString('base64url') },
    });
  }
}

function setup() {
  const clock = { now: 1_000_000 };
  const store = new MemoryPasskeys();
  const deps: PasskeyDeps = { store, relyingParty: () => ({ id: 'localhost', name: 'Lango', origins: [ORIGIN] }), now: () => clock.now };
  const flow: PsuFlow = { csrf: 'token', stage: 'sca', psuId: JUMA, loginFailures: 0, otpFailures: 0, otpHash: 'hash', otpExpiresAt: clock.now + 300_000 };
  const juma = new SoftAuthenticator('juma-key');
  const amina = new SoftAuthenticator('amina-key');
  store.rows.set(juma.credentialId, { credentialId: juma.credentialId, psuId: JUMA, publicKey: juma.publicKey, counter: 0, transports: ['internal'], createdAt: 0 });
  store.rows.set(amina.credentialId, { credentialId: amina.credentialId, psuId: AMINA, publicKey: amina.publicKey, counter: 0, transports: ['internal'], createdAt: 0 });
  return { deps, flow, clock, store, juma, amina };
}

const failed = { kind: 'invalid', errors: [{ field: 'use-passkey', message: en.passkeyFailed }] };

describe('passkeys as SCA', () => {
  it('offers the PSU\'s own passkeys only, with a fresh challenge kept in the flow', async () => {
    const { deps, flow } = setup();
    const options = await authenticationOptions(deps, flow);
    assert.equal(options?.rpId, 'localhost');
    assert.deepEqual(options?.allowCredentials?.map((credential) => credential.id), ['juma-key']);
    assert.equal(options?.challenge, flow.passkeyChallenge);
    assert.equal(flow.passkeyChallengeExpiresAt, deps.now() + PASSKEY_CHALLENGE_TTL_MS);
    assert.equal(await authenticationOptions(deps, { ...flow, psuId: 'lion:nobody' }), undefined, 'none for a PSU without a passkey');
    assert.equal(await authenticationOptions(deps, { ...flow, stage: 'login' }), undefined, 'none before the login');
  });

  it('accepts a valid assertion like a correct code: the flow moves on and the counter is kept', async () => {
    const { deps, flow, store, juma } = setup();
    const options = await authenticationOptions(deps, flow);
    assert.deepEqual(await submitPasskey(deps, flow, juma.assertion(options!.challenge), 'consent', en), { kind: 'next' });
    assert.equal(flow.stage, 'consent');
    assert.equal(flow.scaMethod, 'passkey');
    assert.equal(flow.otpHash, undefined, 'the one-time code is spent too');
    assert.equal(store.rows.get('juma-key')?.counter, 1);
  });

  it('refuses another PSU\'s passkey, even one that signs correctly', async () => {
    const { deps, flow, amina } = setup();
    const options = await authenticationOptions(deps, flow);
    assert.deepEqual(await submitPasskey(deps, flow, amina.assertion(options!.challenge), 'consent', en), failed);
    assert.equal(flow.stage, 'sca', 'the one-time code stays usable');
    assert.equal(flow.otpHash, 'hash');
  });

  it('uses a challenge once, and only for 2 minutes', async () => {
    const { deps, flow, clock, juma } = setup();
    assert.deepEqual(await submitPasskey(deps, flow, juma.assertion('never-asked'), 'consent', en), failed, 'no challenge was handed out');
    const first = await authenticationOptions(deps, flow);
    assert.deepEqual(await submitPasskey(deps, flow, juma.assertion('another-challenge'), 'consent', en), failed, 'a wrong challenge');
    assert.deepEqual(await submitPasskey(deps, flow, juma.assertion(first!.challenge), 'consent', en), failed, 'the challenge went with the failed attempt');
    const second = await authenticationOptions(deps, flow);
    clock.now += PASSKEY_CHALLENGE_TTL_MS + 1;
    assert.deepEqual(await submitPasskey(deps, flow, juma.assertion(second!.challenge), 'consent', en), failed, 'expired');
    assert.equal(flow.passkeyChallenge, undefined);
    assert.equal(flow.stage, 'sca');
  });

  it('refuses a cloned authenticator (counter not moving forward), a wrong origin, a bad signature, unknown ids and junk', async () => {
    const { deps, flow, store, juma } = setup();
    store.rows.get('juma-key')!.counter = 5;
    const attempt = async (credential: (challenge: string) => string | undefined) => {
      const options = await authenticationOptions(deps, flow);
      return submitPasskey(deps, flow, credential(options!.challenge), 'consent', en);
    };
    assert.deepEqual(await attempt((challenge) => juma.assertion(challenge, { counter: 5 })), failed);
    assert.deepEqual(await attempt((challenge) => juma.assertion(challenge, { counter: 9, origin: 'http://evil.example' })), failed);
    assert.deepEqual(await attempt((challenge) => {
      const forged = JSON.parse(juma.assertion(challenge, { counter: 9 })) as { response: { signature: string } };
      forged.response.signature = Buffer.from('not a signature').toString('base64url');
      return JSON.stringify(forged);
    }), failed);
    assert.deepEqual(await attempt((challenge) => juma.assertion(challenge, { counter: 9 }).replaceAll('juma-key', 'unknown-key')), failed);
    assert.deepEqual(await attempt(() => '{not json'), failed);
    assert.deepEqual(await attempt(() => undefined), failed);
    assert.equal(store.rows.get('juma-key')?.counter, 5);
    assert.equal(flow.stage, 'sca');
    assert.deepEqual(await attempt((challenge) => juma.assertion(challenge, { counter: 6 })), { kind: 'next' }, 'the genuine one still works');
  });

  it('registers only against a challenge it handed out; junk is refused and nothing is stored', async () => {
    const { deps, store } = setup();
    const flow: PsuFlow = { csrf: 'token', stage: 'signed-in', psuId: 'lion:zawadi', psuName: 'Zawadi', loginFailures: 0, otpFailures: 0 };
    const notAdded = { kind: 'invalid', errors: [{ field: 'add-passkey', message: en.passkeyNotAdded }] };
    assert.deepEqual(await submitRegistration(deps, flow, '{"id":"x","response":{}}', en), notAdded, 'no challenge');
    const options = await registrationOptions(deps, flow);
    assert.equal(options.rp.id, 'localhost');
    assert.equal(options.user.name, 'lion:zawadi');
    assert.notEqual(options.user.id, Buffer.from('lion:zawadi').toString('base64url'), 'the user handle does not carry the PSU id');
    assert.equal(options.challenge, flow.passkeyChallenge);
    assert.deepEqual(await submitRegistration(deps, flow, '{"id":"x","response":{"clientDataJSON":"e30","attestationObject":"oA"}}', en), notAdded);
    assert.equal(flow.passkeyChallenge, undefined, 'the challenge is spent');
    assert.deepEqual(await store.listForPsu('lion:zawadi'), []);
  });
});
