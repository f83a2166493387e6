// SPDX-License-Identifier: Apache-2.0
// The ConsentStore contract on SQLite and on PostgreSQL.
import { describe } from 'node:test';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import { consentStoreContract } from '../../consent-store.contract.js';
import { openSqlConsentStore } from './sql-consent-store.js';

for (const target of testDatabaseTargets) {
  describe(`SQL consent store on ${target.name}`, { skip: target.skip ?? false }, () => {
    consentStoreContract(async (now) => {
      const { database, location } = await target.open();
      const opened: SqlDatabase[] = [database];
      return {
        store: await openSqlConsentStore(database, { now }),
        async openOther() {
          // Its own connection pool on the same file or schema: it shares no in-process state, like another process.
          const other = await target.open(location);
          opened.push(other.database);
          return openSqlConsentStore(other.database, { now });
        },
        async close() {
          for (const each of opened.reverse()) await each.close();
        },
      };
    });
  });
}
