// SPDX-License-Identifier: Apache-2.0
// oidc-provider's adapter contract on the store port, run on SQLite and on PostgreSQL; and the key store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import { openSqlKeyStore } from '../../keys/key-store.js';
import { RETIRED_KEY_GRACE_MS, loadSigningJwks, rotateSigningKeys } from '../../keys/signing-keys.js';
import { openSqlModelStore } from './sql-adapter.js';

for (const target of testDatabaseTargets) {
  describe(`oidc-provider adapter on ${target.name}`, { skip: target.skip }, () => {
    it('stores, finds, replaces and destroys a model instance, keeping kinds apart', async () => {
      const { database } = await target.open();
      const store = await openSqlModelStore(database);
      const tokens = store.adapterFor('AccessToken');
      const codes = store.adapterFor('AuthorizationCode');
      await tokens.upsert('t1', { jti: 't1', kind: 'AccessToken', grantId: 'g1', scope: 'accounts' }, 300);
      assert.deepEqual(await tokens.find('t1'), { jti: 't1', kind: 'AccessToken', grantId: 'g1', scope: 'accounts' });
      assert.equal(await codes.find('t1'), undefined, 'another model does not see it');
      await tokens.upsert('t1', { jti: 't1', kind: 'AccessToken', grantId: 'g1', scope: 'payments' }, 300);
      assert.equal((await tokens.find('t1'))?.scope, 'payments');
      await tokens.destroy('t1');
      assert.equal(await tokens.find('t1'), undefined);
      await database.close();
    });

    it('marks a code consumed, and finds sessions by uid and device codes by user code', async () => {
      const { database } = await target.open();
      const store = await openSqlModelStore(database);
      const codes = store.adapterFor('AuthorizationCode');
      await codes.upsert('c1', { jti: 'c1' }, 60);
      assert.equal((await codes.find('c1'))?.consumed, undefined);
      await codes.consume('c1');
      assert.ok((await codes.find('c1'))?.consumed, 'a consumed code says so (RFC 6749 §4.1.2: used once)');
      const sessions = store.adapterFor('Session');
      await sessions.upsert('s1', { jti: 's1', uid: 'u1' }, 600);
      assert.equal((await sessions.findByUid('u1'))?.jti, 's1');
      const devices = store.adapterFor('DeviceCode');
      await devices.upsert('d1', { jti: 'd1', userCode: 'ABCD-EFGH' }, 600);
      assert.equal((await devices.findByUserCode('ABCD-EFGH'))?.jti, 'd1');
      await database.close();
    });

    it('revokes everything of a model issued under a grant, and nothing else', async () => {
      const { database } = await target.open();
      const store = await openSqlModelStore(database);
      const tokens = store.adapterFor('AccessToken');
      await tokens.upsert('a', { jti: 'a', grantId: 'g1' }, 300);
      await tokens.upsert('b', { jti: 'b', grantId: 'g1' }, 300);
      await tokens.upsert('c', { jti: 'c', grantId: 'g2' }, 300);
      await tokens.revokeByGrantId('g1');
      assert.deepEqual([await tokens.find('a'), await tokens.find('b')], [undefined, undefined]);
      assert.equal((await tokens.find('c'))?.jti, 'c');
      await database.close();
    });

    it('never returns an expired instance, and purges expired rows; instances without expiry stay', async () => {
      const { database } = await target.open();
      let now = 1_000_000;
      const store = await openSqlModelStore(database, () => now);
      const sessions = store.adapterFor('Session');
      const clients = store.adapterFor('Client');
      await sessions.upsert('s', { jti: 's' }, 10);
      await clients.upsert('demo', { client_id: 'demo' }, undefined);
      now += 10_000;
      assert.equal(await sessions.find('s'), undefined);
      assert.equal(await store.purgeExpired(), 1);
      assert.deepEqual(await clients.find('demo'), { client_id: 'demo' });
      await database.close();
    });

    it('keeps signing keys across restarts and rotates them: the new key signs, the old one still verifies', async () => {
      const first = await target.open();
      const before = await loadSigningJwks(await openSqlKeyStore(first.database));
      assert.deepEqual(before.map((key) => key.alg).sort(), ['ES256', 'PS256']);
      await first.database.close();

      const second = await target.open(first.location);
      const keys = await openSqlKeyStore(second.database);
      assert.deepEqual((await loadSigningJwks(keys)).map((key) => key.kid), before.map((key) => key.kid), 'the same keys after a restart');
      const now = Date.now();
      await rotateSigningKeys(keys, now);
      const after = await loadSigningJwks(keys);
      assert.equal(after.length, 4);
      for (const alg of ['ES256', 'PS256']) {
        const [first, ...rest] = after.filter((key) => key.alg === alg);
        assert.ok(!before.some((key) => key.kid === first!.kid), `a new ${alg} key signs (it comes first)`);
        assert.ok(rest.some((key) => before.some((old) => old.kid === key.kid)), `the old ${alg} key is still published`);
      }
      await rotateSigningKeys(keys, now + RETIRED_KEY_GRACE_MS + 1);
      assert.equal((await loadSigningJwks(keys)).length, 4, 'keys retired longer than the grace period are dropped');
      await second.database.close();
    });
  });
}
