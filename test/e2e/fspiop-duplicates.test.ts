// SPDX-License-Identifier: Apache-2.0
// FSPIOP idempotency (API Definition v1.1 §3.2.5): a resend of a transfer with the same content gets the stored
// result again, the same transferId with other content gets 3106 — at the switch, and at Lango as payee FSP.
// Nothing is booked twice either way.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { createFspiopHttpClient, openFspiopKeyDirectory, type FspiopClient } from '../../hub/index.js';
import { createLogger } from '../../platform/log/index.js';
import { poll } from '../support/poll.js';
import { startPaymentsSandbox, type PaymentsSandbox, type SandboxAccountRef, type TransferAnswer } from '../support/payments-sandbox.js';

interface Logged { direction: string; method: string; path: string; source: string; destination?: string; errorCode?: string; outcome?: string }

describe('duplicate transfers', { timeout: 120_000 }, () => {
  let sandbox: PaymentsSandbox;
  let asBuffalo: (target: 'switch' | 'lango') => FspiopClient;
  let john: SandboxAccountRef;
  let juma: SandboxAccountRef;
  let completed: TransferAnswer;
  let prepare: Record<string, unknown>;

  before(async () => {
    sandbox = await startPaymentsSandbox({ LANGO_TRANSFER_EXPIRY_MS: '60000' });
    john = sandbox.account('27710101999');
    juma = sandbox.account('27710102999');
    // Buffalo's own signing key, as a misbehaving Buffalo connector would hold it.
    const keys = await openFspiopKeyDirectory(join(sandbox.dataDir, 'fspiop'), { generate: [] });
    const logger = createLogger({ level: 'silent' });
    asBuffalo = (target) => createFspiopHttpClient({ endpointOf: () => (target === 'switch' ? `${sandbox.lango.urls.simulators}/switch` : sandbox.lango.urls.scheme!), keys, logger });
    completed = await sandbox.transfer('27710101999', '27710102999', '700');
    assert.equal(completed.status, 'COMPLETED');
    const db = new Database(join(sandbox.dataDir, 'lango.db'), { readonly: true });
    prepare = JSON.parse((db.prepare("select prepare from hub_transfers where transfer_id = ? and direction = 'OUTBOUND'").get(completed.transferId) as { prepare: string }).prepare);
    db.close();
  });
  after(async () => sandbox?.stop());

  const messages = async () => (await sandbox.switchAdmin<Logged[]>('GET', '/messages?limit=1000')).body;
  const waitFor = (match: (entry: Logged) => boolean, what: string) => poll(messages, (log) => log.some(match), 10_000, what);

  it('the switch answers another prepare with a used transferId with 3106 and books nothing', async () => {
    const [payerBefore, payeeBefore] = [await sandbox.balance(john), await sandbox.balance(juma)];
    await asBuffalo('switch').send({ method: 'POST', resource: 'transfers', path: '/transfers', source: john.fspId, destination: juma.fspId, body: { ...prepare, amount: { amount: '7000', currency: 'TZS' } } });
    await waitFor((entry) => entry.direction === 'sent' && entry.path === `/transfers/${completed.transferId}/error` && entry.errorCode === '3106' && entry.destination === john.fspId, 'PUT /transfers/{id}/error 3106 to Buffalo');
    assert.equal((await sandbox.settled('buffalo', completed.transactionId)).status, 'COMPLETED', 'the 3106 about the duplicate does not touch the transfer');
    assert.deepEqual(await sandbox.balance(john), payerBefore);
    assert.deepEqual(await sandbox.balance(juma), payeeBefore);
  });

  it('Lango as payee FSP resends its fulfil for the same prepare and answers 3106 to other content', async () => {
    const [payerBefore, payeeBefore] = [await sandbox.balance(john), await sandbox.balance(juma)];
    const fulfils = async () => (await messages()).filter((entry) => entry.direction === 'received' && entry.method === 'PUT' && entry.path === `/transfers/${completed.transferId}` && entry.source === juma.fspId).length;
    const fulfilsBefore = await fulfils();
    // As the switch forwards it: Buffalo's signature, Lion as destination, straight to Lango's scheme listener.
    await asBuffalo('lango').send({ method: 'POST', resource: 'transfers', path: '/transfers', source: john.fspId, destination: juma.fspId, body: prepare });
    await poll(fulfils, (count) => count > fulfilsBefore, 10_000, 'the stored fulfil sent again').catch(() => undefined);
    assert.equal(await fulfils(), fulfilsBefore + 1, 'the stored fulfil was sent again, once');

    await asBuffalo('lango').send({ method: 'POST', resource: 'transfers', path: '/transfers', source: john.fspId, destination: juma.fspId, body: { ...prepare, amount: { amount: '7000', currency: 'TZS' } } });
    await waitFor((entry) => entry.direction === 'received' && entry.path === `/transfers/${completed.transferId}/error` && entry.errorCode === '3106' && entry.source === juma.fspId, 'PUT /transfers/{id}/error 3106 from Lion');
    assert.equal((await sandbox.settled('lion', completed.transactionId)).status, 'COMPLETED');
    assert.deepEqual(await sandbox.balance(john), payerBefore);
    assert.deepEqual(await sandbox.balance(juma), payeeBefore);
  });
});
