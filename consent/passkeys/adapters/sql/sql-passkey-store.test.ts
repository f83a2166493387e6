// SPDX-License-Identifier: Apache-2.0
// The PasskeyStore contract on SQLite and on PostgreSQL.
import { describe } from 'node:test';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import { passkeyStoreContract } from '../../passkey-store.contract.js';
import { openSqlPasskeyStore } from './sql-passkey-store.js';

for (const target of testDatabaseTargets) {
  describe(`SQL passkey store on ${target.name}`, { skip: target.skip ?? false }, () => {
    passkeyStoreContract(async (now) => {
      const { database, location } = await target.open();
      const opened: SqlDatabase[] = [database];
      return {
        store: await openSqlPasskeyStore(database, { now }),
        async openOther() {
          const other = await target.open(location);
          opened.push(other.database);
          return openSqlPasskeyStore(other.database, { now });
        },
        async close() {
          for (const each of opened.reverse()) await each.close();
        },
      };
    });
  });
}
