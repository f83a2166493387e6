// SPDX-License-Identifier: Apache-2.0
// The behaviour every ConsentStore adapter promises, as one suite: each adapter's test calls consentStoreContract
// with a way to open a store on empty tables. Failures are asserted as a TPP reads them: the Berlin Group wire.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { renderBerlinGroupError } from '../../platform/errors/index.js';
import type { ConsentStore, NewConsent } from './consent.js';

export interface ConsentStoreFixture {
  readonly store: ConsentStore;
  /** Another store on the same tables through its own connections, as a second process would open it. */
  openOther(): Promise<ConsentStore>;
  /** Closes every store and connection the fixture opened. */
  close(): Promise<void>;
}

/** Opens a fixture on empty tables whose stores read the time (epoch ms) from `now`. */
export type OpenConsentStore = (now: () => number) => Promise<ConsentStoreFixture>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2025-06-02 10:00 UTC, a Monday. */
const START = Date.UTC(2025, 5, 2, 10);
const JOHN = 'buffalo:john.smith';
const JANE = 'buffalo:jane.doe';
const ACCOUNTS = [{ accountId: 'acc-1', display: 'Current account 1001', currency: 'TZS' }];

function newConsent(overrides: Partial<NewConsent> = {}): NewConsent {
  return {
    tenantId: 'buffalo',
    scheme: 'berlin-group',
    clientId: 'tpp-a',
    permissions: { scopes: ['accounts', 'balances'], accounts: [] },
    recurringIndicator: true,
    ...overrides,
  };
}

/** Awaits a rejection and returns it as the Berlin Group wire answer, checking its status and tppMessages code. */
async function rejectsOnWire(promise: Promise<unknown>, code: string, status: number): Promise<unknown> {
  const error = await promise.then(() => assert.fail(`expected ${code}, but it succeeded`), (thrown: unknown) => thrown);
  const wire = renderBerlinGroupError(error);
  assert.equal((wire.body as { tppMessages: { code: string }[] } | undefined)?.tppMessages[0]?.code, code, String(error));
  assert.equal(wire.status, status);
  return wire;
}

export function consentStoreContract(open: OpenConsentStore): void {
  /** Runs a test on a fresh fixture with a clock it may move; the fixture is closed afterwards. */
  function withStore(name: string, body: (fixture: ConsentStoreFixture, clock: { now: number }) => Promise<void>): void {
    it(name, async () => {
      const clock = { now: START };
      const fixture = await open(() => clock.now);
      try {
        await body(fixture, clock);
      } finally {
        await fixture.close();
      }
    });
  }

  withStore('creates a consent in status received and reads it back as created', async ({ store }) => {
    const created = await store.create(newConsent({ validUntil: START + 90 * DAY, frequencyPerDay: 4 }));
    assert.equal(created.status, 'received');
    assert.equal(created.psuId, undefined);
    assert.equal(created.createdAt, START);
    assert.deepEqual(await store.get(created.id), created);
    assert.equal(await store.get('no-such-consent'), undefined);
    const named = await store.create(newConsent({ id: 'consent-42', psuId: JOHN }));
    assert.equal((await store.get('consent-42'))?.psuId, named.psuId);
  });

  withStore('rejects a frequencyPerDay below one as a format error', async ({ store }) => {
    await rejectsOnWire(store.create(newConsent({ frequencyPerDay: 0 })), 'FORMAT_ERROR', 400);
  });

  withStore('authorise binds the PSU, the chosen accounts and the grant, and makes the consent valid', async ({ store }, clock) => {
    const created = await store.create(newConsent());
    clock.now += 60_000;
    const valid = await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-1');
    assert.equal(valid.status, 'valid');
    assert.equal(valid.psuId, JOHN);
    assert.deepEqual(valid.permissions, { scopes: ['accounts', 'balances'], accounts: ACCOUNTS });
    assert.equal(valid.grantId, 'grant-1');
    assert.deepEqual([valid.statusChangedAt, valid.statusChangedBy, valid.updatedAt, valid.createdAt], [START + 60_000, 'psu', START + 60_000, START]);
    assert.deepEqual(await store.get(created.id), valid);
  });

  withStore('a consent created for one PSU cannot be authorised by another', async ({ store }) => {
    const created = await store.create(newConsent({ psuId: JOHN }));
    await rejectsOnWire(store.authorise(created.id, JANE, ACCOUNTS, 'grant-1'), 'CONSENT_UNKNOWN', 403);
    assert.equal((await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-1')).status, 'valid');
  });

  withStore('reject turns a received consent into rejected, which can no longer be authorised', async ({ store }) => {
    const created = await store.create(newConsent());
    const rejected = await store.reject(created.id);
    assert.deepEqual([rejected.status, rejected.statusChangedBy], ['rejected', 'psu']);
    await rejectsOnWire(store.authorise(created.id, JOHN, ACCOUNTS, 'grant-1'), 'STATUS_INVALID', 409);
    assert.equal((await store.get(created.id))?.status, 'rejected');
  });

  withStore('revokeByPsu works only for the PSU who gave the consent; to anyone else it does not exist', async ({ store }) => {
    const created = await store.create(newConsent());
    await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-1');
    const foreign = await rejectsOnWire(store.revokeByPsu(created.id, JANE), 'CONSENT_UNKNOWN', 403);
    const missing = await rejectsOnWire(store.revokeByPsu('no-such-consent', JANE), 'CONSENT_UNKNOWN', 403);
    assert.deepEqual(foreign, missing, 'another PSU cannot tell a foreign consent from a missing one');
    const revoked = await store.revokeByPsu(created.id, JOHN);
    assert.deepEqual([revoked.status, revoked.statusChangedBy, revoked.grantId], ['revokedByPsu', 'psu', 'grant-1']);
  });

  withStore('terminateByTpp works only for the TPP the consent was given to, from received or valid', async ({ store }) => {
    const received = await store.create(newConsent());
    const foreign = await rejectsOnWire(store.terminateByTpp(received.id, 'tpp-b'), 'CONSENT_UNKNOWN', 403);
    assert.deepEqual(foreign, await rejectsOnWire(store.terminateByTpp('no-such-consent', 'tpp-b'), 'CONSENT_UNKNOWN', 403));
    assert.deepEqual(
      [(await store.terminateByTpp(received.id, 'tpp-a')).status, (await store.get(received.id))?.statusChangedBy],
      ['terminatedByTpp', 'tpp'],
    );
    const valid = await store.create(newConsent());
    await store.authorise(valid.id, JOHN, ACCOUNTS, 'grant-2');
    assert.equal((await store.terminateByTpp(valid.id, 'tpp-a')).status, 'terminatedByTpp');
  });

  withStore('no change leaves a final status', async ({ store }) => {
    const ids = await Promise.all(Array.from({ length: 3 }, () => store.create(newConsent()).then((consent) => consent.id)));
    const [rejected, revoked, terminated] = ids as [string, string, string];
    await store.reject(rejected);
    await store.authorise(revoked, JOHN, ACCOUNTS, 'grant-r');
    await store.revokeByPsu(revoked, JOHN);
    await store.authorise(terminated, JOHN, ACCOUNTS, 'grant-t');
    await store.terminateByTpp(terminated, 'tpp-a');
    for (const id of ids) {
      const before = await store.get(id);
      await rejectsOnWire(store.authorise(id, JOHN, ACCOUNTS, 'grant-x'), 'STATUS_INVALID', 409);
      await rejectsOnWire(store.reject(id), 'STATUS_INVALID', 409);
      await rejectsOnWire(store.revokeByPsu(id, JOHN), 'STATUS_INVALID', 409);
      await rejectsOnWire(store.terminateByTpp(id, 'tpp-a'), 'STATUS_INVALID', 409);
      assert.deepEqual(await store.get(id), before);
    }
  });

  withStore('listForPsu gives only that PSU\'s consents, newest first', async ({ store }, clock) => {
    const made: string[] = [];
    for (const psuId of [JOHN, JANE, JOHN, JOHN]) {
      clock.now += 1_000;
      const consent = await store.create(newConsent({ psuId }));
      made.push(consent.id);
    }
    const johns = await store.listForPsu(JOHN);
    assert.deepEqual(johns.map((consent) => consent.id), [made[3], made[2], made[0]]);
    assert.deepEqual((await store.listForPsu(JANE)).map((consent) => consent.id), [made[1]]);
    assert.deepEqual(await store.listForPsu('buffalo:nobody'), []);
  });

  withStore('findByGrant finds the consent behind an authorisation server grant', async ({ store }) => {
    const created = await store.create(newConsent());
    assert.equal(await store.findByGrant('grant-9'), undefined);
    await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-9');
    assert.equal((await store.findByGrant('grant-9'))?.id, created.id);
  });

  withStore('a valid consent past its validUntil reads as expired, stays so, and can no longer change', async ({ store }, clock) => {
    const created = await store.create(newConsent({ validUntil: START + DAY }));
    await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-e');
    clock.now = START + DAY + 1;
    const expired = await store.get(created.id);
    assert.deepEqual([expired?.status, expired?.statusChangedBy, expired?.statusChangedAt], ['expired', 'system', START + DAY + 1]);
    clock.now = START;
    assert.equal((await store.get(created.id))?.status, 'expired', 'the expiry was stored, not only computed');
    assert.equal((await store.listForPsu(JOHN))[0]?.status, 'expired');
    await rejectsOnWire(store.revokeByPsu(created.id, JOHN), 'CONSENT_EXPIRED', 401);
    await rejectsOnWire(store.recordUnattendedAccess(created.id), 'CONSENT_EXPIRED', 401);
  });

  withStore('expires on every read path and refuses to authorise a consent already past its validUntil', async ({ store }, clock) => {
    const late = await store.create(newConsent({ validUntil: START + HOUR }));
    const listed = await store.create(newConsent({ validUntil: START + HOUR }));
    await store.authorise(listed.id, JOHN, ACCOUNTS, 'grant-l');
    clock.now = START + 2 * HOUR;
    await rejectsOnWire(store.authorise(late.id, JOHN, ACCOUNTS, 'grant-x'), 'CONSENT_EXPIRED', 401);
    assert.equal((await store.findByGrant('grant-l'))?.status, 'expired');
    assert.equal((await store.get(late.id))?.status, 'received', 'a consent never authorised is not expired by time');
  });

  withStore('frequencyPerDay allows N unattended accesses per UTC day, the next gets ACCESS_EXCEEDED, and midnight resets it', async ({ store }, clock) => {
    const created = await store.create(newConsent({ frequencyPerDay: 3 }));
    await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-f');
    const used = [];
    for (let access = 0; access < 3; access += 1) used.push((await store.recordUnattendedAccess(created.id)).usedToday);
    assert.deepEqual(used, [1, 2, 3]);
    const wire = await rejectsOnWire(store.recordUnattendedAccess(created.id), 'ACCESS_EXCEEDED', 429);
    assert.deepEqual((wire as { headers?: Record<string, string> }).headers, { 'Retry-After': String(14 * 3600) }, 'until 00:00 UTC');
    clock.now = Date.UTC(2025, 5, 2, 23, 59, 59, 999);
    await rejectsOnWire(store.recordUnattendedAccess(created.id), 'ACCESS_EXCEEDED', 429);
    clock.now = Date.UTC(2025, 5, 3);
    assert.deepEqual(await store.recordUnattendedAccess(created.id), { usedToday: 1 });
    assert.deepEqual(await store.recordUnattendedAccess(created.id, Date.UTC(2025, 5, 3, 12)), { usedToday: 2 }, 'an explicit time counts on its day');
  });

  withStore('counts accesses without a frequencyPerDay, and refuses them on a consent that is not valid', async ({ store }) => {
    const unlimited = await store.create(newConsent());
    await rejectsOnWire(store.recordUnattendedAccess(unlimited.id), 'CONSENT_INVALID', 401);
    await store.authorise(unlimited.id, JOHN, ACCOUNTS, 'grant-u');
    for (let access = 1; access <= 10; access += 1) assert.equal((await store.recordUnattendedAccess(unlimited.id)).usedToday, access);
    await store.revokeByPsu(unlimited.id, JOHN);
    await rejectsOnWire(store.recordUnattendedAccess(unlimited.id), 'CONSENT_INVALID', 401);
    await rejectsOnWire(store.recordUnattendedAccess('no-such-consent'), 'CONSENT_UNKNOWN', 403);
  });

  withStore('20 concurrent unattended accesses from two processes with frequencyPerDay 5: exactly 5 succeed', async (fixture) => {
    const { store } = fixture;
    const other = await fixture.openOther();
    const created = await store.create(newConsent({ frequencyPerDay: 5 }));
    await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-c');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, call) => (call % 2 ? other : store).recordUnattendedAccess(created.id)));
    const counts = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.usedToday] : []));
    assert.deepEqual(counts.sort((a, b) => a - b), [1, 2, 3, 4, 5]);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') await rejectsOnWire(Promise.reject(outcome.reason), 'ACCESS_EXCEEDED', 429);
    }
  });

  withStore('when the PSU revokes while the TPP terminates, exactly one wins and the stored status is the winner\'s', async (fixture) => {
    const { store } = fixture;
    const other = await fixture.openOther();
    const created = await store.create(newConsent());
    await store.authorise(created.id, JOHN, ACCOUNTS, 'grant-race');
    const [revoke, terminate] = await Promise.allSettled([store.revokeByPsu(created.id, JOHN), other.terminateByTpp(created.id, 'tpp-a')]);
    const winners = [revoke, terminate].filter((outcome) => outcome.status === 'fulfilled');
    assert.equal(winners.length, 1);
    const loser = [revoke, terminate].find((outcome) => outcome.status === 'rejected');
    await rejectsOnWire(Promise.reject(loser?.reason), 'STATUS_INVALID', 409);
    assert.equal((await store.get(created.id))?.status, (winners[0] as PromiseFulfilledResult<{ status: string }>).value.status);
  });
}
