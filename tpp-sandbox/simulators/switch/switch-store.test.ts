// SPDX-License-Identifier: Apache-2.0
// The switch simulator's store on every database Lango supports (PostgreSQL when LANGO_TEST_DATABASE_URL is set).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { openSwitchStore, type StoredTransfer } from './switch-store.js';

const transfer: StoredTransfer = {
  transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', payerFsp: 'payerfsp', payeeFsp: 'payeefsp', amountMinor: 10050n, currency: 'TZS',
  condition: 'GRzLaTP7DJ9t4P-a_BA0WA9wzzlsugf00-Tn6kESAfM', expiration: '2030-01-01T00:00:00.000Z', expiresAt: Date.parse('2030-01-01T00:00:00.000Z'),
  prepareHash: 'a'.repeat(64), state: 'RESERVED', fulfilment: undefined, errorCode: undefined, errorDescription: undefined, completedTimestamp: undefined,
};

for (const target of testDatabaseTargets) {
  describe(`switch simulator store on ${target.name}`, { skip: target.skip }, () => {
    it('reserves up to the net debit cap exactly and not a minor unit beyond', async () => {
      const { database } = await target.open();
      const store = await openSwitchStore(database);
      await store.addParticipant({ fspId: 'payerfsp', name: 'Payer', endpoint: undefined, currency: 'TZS', netDebitCap: 100000n }, 0);
      assert.equal(await store.reserve('payerfsp', 99999n), true);
      assert.equal(await store.reserve('payerfsp', 2n), false);
      assert.equal(await store.reserve('payerfsp', 1n), true);
      assert.equal((await store.participant('payerfsp'))!.position, 100000n);
      await store.movePosition('payerfsp', -100001n);
      assert.equal((await store.participant('payerfsp'))!.position, -1n);
      // Registering again changes nothing; putting updates the cap and keeps the position.
      await store.addParticipant({ fspId: 'payerfsp', name: 'Other', endpoint: 'http://x', currency: 'TZS', netDebitCap: 1n }, 0);
      assert.equal((await store.participant('payerfsp'))!.name, 'Payer');
      const put = await store.putParticipant({ fspId: 'payerfsp', name: 'Payer', endpoint: 'http://127.0.0.1:1', currency: 'TZS', netDebitCap: 5n }, 0);
      assert.deepEqual([put.netDebitCap, put.position, put.endpoint], [5n, -1n, 'http://127.0.0.1:1']);
      await database.close();
    });

    it('finishes a transfer only from the state the caller saw, so an expiry and a fulfil cannot both win', async () => {
      const { database } = await target.open();
      const store = await openSwitchStore(database);
      await store.transaction((tx) => tx.insertTransfer(transfer, 0));
      assert.equal(await store.finishTransfer(transfer.transferId, 'RESERVED', 'ABORTED', { errorCode: '3303', errorDescription: 'Transfer expired', completedTimestamp: 'now' }), true);
      assert.equal(await store.finishTransfer(transfer.transferId, 'RESERVED', 'COMMITTED', { fulfilment: 'f', completedTimestamp: 'now' }), false);
      const stored = await store.transfer(transfer.transferId);
      assert.equal(stored!.state, 'ABORTED');
      assert.equal(stored!.amountMinor, 10050n);
      assert.deepEqual(await store.reservedTransfers(), []);
      await database.close();
    });

    it('keeps the first owner of an identifier', async () => {
      const { database } = await target.open();
      const store = await openSwitchStore(database);
      await store.addOracleEntry({ idType: 'MSISDN', idValue: '1', subId: undefined, fspId: 'a', currency: 'TZS' });
      assert.equal((await store.addOracleEntry({ idType: 'MSISDN', idValue: '1', subId: undefined, fspId: 'b', currency: undefined })).fspId, 'a');
      assert.equal((await store.oracleLookup('MSISDN', '1', 'sub')), undefined);
      await database.close();
    });
  });
}
