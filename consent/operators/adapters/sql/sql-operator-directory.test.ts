// SPDX-License-Identifier: Apache-2.0
// The operator directory on SQLite and on PostgreSQL: hashes only, tenant roles as JSON, no hint which part was wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import { openSqlOperatorDirectory } from './sql-operator-directory.js';

for (const target of testDatabaseTargets) {
  describe(`SQL operator directory on ${target.name}`, { skip: target.skip ?? false }, () => {
    it('adds an operator once, keeps only a hash, and verifies the login', async () => {
      const { database } = await target.open();
      try {
        const operators = await openSqlOperatorDirectory(database, { now: () => 1_700_000_000_000 });
        assert.equal(await operators.add({ username: 'ops.a', password: 'secret-1', roles: { buffalo: 'viewer', lion: 'supervisor' } }), true);
        assert.equal(await operators.add({ username: 'ops.a', password: 'other', roles: { buffalo: 'supervisor' } }), false, 'an existing operator is left as it is');
        const expected = { username: 'ops.a', roles: { buffalo: 'viewer', lion: 'supervisor' }, createdAt: 1_700_000_000_000 };
        assert.deepEqual(await operators.find('ops.a'), expected);
        assert.deepEqual(await operators.verifyLogin('ops.a', 'secret-1'), expected);
        assert.equal(await operators.verifyLogin('ops.a', 'other'), undefined);
        assert.equal(await operators.verifyLogin('ops.b', 'secret-1'), undefined);
        const rows = await database.kysely<{ operators: { password_hash: string } }>().selectFrom('operators').select('password_hash').execute();
        assert.ok(rows.every((row) => !row.password_hash.includes('secret-1')), 'no password in the table');
        await assert.rejects(operators.add({ username: 'ops.c', password: 'x', roles: { buffalo: 'admin' as 'viewer' } }), TypeError);
      } finally {
        await database.close();
      }
    });
  });
}
