// SPDX-License-Identifier: Apache-2.0
// The behaviour every PasskeyStore adapter promises, as one suite.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { NewPasskey, PasskeyStore } from './passkey.js';

export interface PasskeyStoreFixture {
  readonly store: PasskeyStore;
  /** Another store on the same table through its own connections, as a second process would open it. */
  openOther(): Promise<PasskeyStore>;
  close(): Promise<void>;
}

export type OpenPasskeyStore = (now: () => number) => Promise<PasskeyStoreFixture>;

const JOHN = 'buffalo:john.smith';
const JANE = 'buffalo:jane.doe';

function newPasskey(overrides: Partial<NewPasskey> = {}): NewPasskey {
  return { credentialId: 'cred-1', psuId: JOHN, publicKey: new Uint8Array([165, 1, 2, 3, 38, 0, 255]), counter: 0, transports: ['internal', 'hybrid'], ...overrides };
}

export function passkeyStoreContract(open: OpenPasskeyStore): void {
  const clock = { now: Date.UTC(2025, 5, 2, 10) };
  const withStore = async (test: (fixture: PasskeyStoreFixture) => Promise<void>) => {
    const fixture = await open(() => clock.now);
    try {
      await test(fixture);
    } finally {
      await fixture.close();
    }
  };

  it('keeps a passkey with its public key, counter, transports and creation time', () => withStore(async ({ store }) => {
    assert.equal(await store.add(newPasskey({ counter: 7 })), true);
    assert.deepEqual(await store.get('cred-1'), { ...newPasskey({ counter: 7 }), createdAt: clock.now });
    assert.equal(await store.get('unknown'), undefined);
  }));

  it('lists only the PSU\'s own passkeys, oldest first', () => withStore(async ({ store }) => {
    await store.add(newPasskey({ credentialId: 'b' }));
    clock.now += 1000;
    await store.add(newPasskey({ credentialId: 'a' }));
    await store.add(newPasskey({ credentialId: 'jane', psuId: JANE }));
    assert.deepEqual((await store.listForPsu(JOHN)).map((passkey) => passkey.credentialId), ['b', 'a']);
    assert.deepEqual((await store.listForPsu(JANE)).map((passkey) => passkey.psuId), [JANE]);
    assert.deepEqual(await store.listForPsu('buffalo:nobody'), []);
  }));

  it('refuses a credential id registered before, even for another PSU, and keeps the first', () => withStore(async ({ store, openOther }) => {
    assert.equal(await store.add(newPasskey()), true);
    assert.equal(await (await openOther()).add(newPasskey({ psuId: JANE, publicKey: new Uint8Array([1]) })), false);
    assert.equal((await store.get('cred-1'))?.psuId, JOHN);
    assert.deepEqual((await store.get('cred-1'))?.publicKey, newPasskey().publicKey);
  }));

  it('moves the counter only forward, once per value across processes', () => withStore(async ({ store, openOther }) => {
    await store.add(newPasskey({ counter: 5 }));
    const other = await openOther();
    const results = await Promise.all([store.updateCounter('cred-1', 6), other.updateCounter('cred-1', 6)]);
    assert.deepEqual(results.sort(), [false, true], 'the same counter is accepted once');
    assert.equal(await store.updateCounter('cred-1', 4), false, 'a lower counter is refused');
    assert.equal((await other.get('cred-1'))?.counter, 6);
    assert.equal(await store.updateCounter('unknown', 9), false);
  }));

  it('accepts counter 0 from an authenticator that keeps none', () => withStore(async ({ store }) => {
    await store.add(newPasskey({ credentialId: 'zero', counter: 0 }));
    assert.equal(await store.updateCounter('zero', 0), true);
    assert.equal((await store.get('zero'))?.counter, 0);
  }));
}
