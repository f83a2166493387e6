// SPDX-License-Identifier: Apache-2.0
// The sandbox directory's repository contract, run on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION } from '../../sandbox-data.js';
import { openSqlSandboxDirectory } from './sql-sandbox-directory.js';

const accountCount = SANDBOX_PSUS.reduce((sum, psu) => sum + psu.accounts.length, 0);

for (const target of testDatabaseTargets) {
  describe(`sandbox directory on ${target.name}`, { skip: target.skip }, () => {
    it('seeds the five banks, their PSUs, accounts and MSISDNs once, and a second seed after reopening changes nothing', async () => {
      const first = await target.open();
      const directory = await openSqlSandboxDirectory(first.database);
      const outcome = await directory.seed(SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION);
      assert.equal(outcome.seeded, true);
      assert.deepEqual((await directory.banks()).map((bank) => `${bank.name}:${bank.fspId}`),
        ['Buffalo Bank:in01tn01', 'Lion Bank:in01tn02', 'Rhino Bank:in02tn03', 'Elephant Bank:in02tn04', 'Leopard Bank:in03tn05']);
      await first.database.close();

      const second = await target.open(first.location);
      const reopened = await openSqlSandboxDirectory(second.database);
      const again = await reopened.seed(SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION);
      assert.deepEqual(again, { seeded: false, seededAt: outcome.seededAt, version: SANDBOX_SEED_VERSION });
      assert.equal((await reopened.psus()).length, SANDBOX_PSUS.length);
      assert.equal((await reopened.accounts()).length, accountCount);
      assert.deepEqual((await reopened.identifiers()).map((mapping) => mapping.idValue),
        ['27710101999', '27710102999', '27710203999', '27710204999', '27710305999']);
      await second.database.close();
    });

    it('keeps one seed when two starts race on the same database', async () => {
      const { database } = await target.open();
      const [a, b] = await Promise.all([openSqlSandboxDirectory(database), openSqlSandboxDirectory(database)]);
      const outcomes = await Promise.all([a.seed(SANDBOX_BANKS, SANDBOX_PSUS, 1), b.seed(SANDBOX_BANKS, SANDBOX_PSUS, 1)]);
      assert.equal(outcomes.filter((outcome) => outcome.seeded).length, 1);
      assert.equal((await a.banks()).length, 5);
      await database.close();
    });

    it('maps an MSISDN to its account and verifies PSU logins without storing the password', async () => {
      const { database } = await target.open();
      const directory = await openSqlSandboxDirectory(database);
      await directory.seed(SANDBOX_BANKS, SANDBOX_PSUS, 1);
      const account = await directory.accountByIdentifier('MSISDN', '27710305999');
      assert.equal(account?.tenantId, 'leopard');
      assert.equal(account?.currency, 'TZS');
      assert.equal(await directory.accountByIdentifier('MSISDN', '27700000000'), undefined);

      const john = await directory.verifyPsuLogin('buffalo', 'john.smith', 'buffalo-pass-1');
      assert.equal(john?.fullName, 'John Smith');
      assert.equal(await directory.verifyPsuLogin('buffalo', 'john.smith', 'rhino-pass-1'), undefined);
      assert.equal(await directory.verifyPsuLogin('buffalo', 'nobody', 'buffalo-pass-1'), undefined);
      const johnsAccounts = await directory.accounts(john!.id);
      assert.deepEqual(johnsAccounts.map((item) => item.openingBalance), ['1500000.00', '4200000.00']);

      const hashes = await database.kysely<{ sandbox_psus: { password_hash: string } }>().selectFrom('sandbox_psus').select('password_hash').execute();
      assert.ok(hashes.every((row) => row.password_hash.startsWith('scrypt$') && !row.password_hash.includes('pass')));
      await database.close();
    });
  });
}
