// SPDX-License-Identifier: Apache-2.0
// The operations API on the whole barebone sandbox: operators of the manifest sign in through the consent server,
// find transfers the hub ran, and repair the ones stuck on an incident (an account of the payee's core banking
// down beyond the retries): Retry, Force Fail, Force Complete, Manual Override, and Recall of a completed one,
// with a second operator approving where the action moves money on one person's word. Balances are read from the
// Fineract simulator; every action must show in the tamper-evident audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVerifyCommand } from '../../hub/operations/audit/verify-audit-trail.js';
import { SQLITE_FILE_NAME } from '../../platform/store/index.js';
import { berlinGroupTpp, type BgDemoTpp } from '../support/berlin-group-tpp.js';
import { signInOperator, operationsCaller, stuckOnUsTransfer as stuckTransfer, type OperationsCaller, type OperationsManifest } from '../support/operations-client.js';
import { poll } from '../support/poll.js';
import { startPaymentsSandbox, type Balance, type PaymentsSandbox, type SandboxAccountRef, type TransferAnswer } from '../support/payments-sandbox.js';

const JOHN = '27710101999';
const JUMA = '27710102999';

interface Transfer {
  processInstanceKey: string;
  direction: string;
  transactionId: string;
  transferId: string;
  state: string;
  incident: boolean;
  tenantId: string;
  amount: string;
  payer: { idValue?: string; accountId?: string };
  payee: { idValue?: string; accountId?: string; fspId?: string };
}

interface Detail {
  transfer: Transfer;
  tasks: { elementId: string; name?: string; state: string; retries?: number; errorMessage?: string }[];
  incidents: { elementId: string; state: string; errorType: string }[];
  path: { completed: string[]; active: string[]; failed: string[]; flows: string[] };
  actions: string[];
  history: { action: string; status: string }[];
  audit: { action: string; actor: string; reason?: string }[];
}

interface Action {
  actionId: string;
  action: string;
  status: string;
  approverTenantId: string;
  canDecide: boolean;
  result?: { recallTransferId?: string };
  error?: string;
}

let sandbox: PaymentsSandbox;
let operationsUrl: string;
let viewer: OperationsCaller;
let operator: OperationsCaller;
let supervisor: OperationsCaller;
let lionSupervisor: OperationsCaller;
let secondSupervisor: OperationsCaller;
let savings: SandboxAccountRef;

before(async () => {
  // Short back-off so a step runs out of its ten retries in a couple of seconds.
  sandbox = await startPaymentsSandbox({ LANGO_RETRY_BACKOFF_MS: '5' });
  operationsUrl = sandbox.lango.urls.operations!;
  const manifest = sandbox.manifest as unknown as OperationsManifest;
  const callers = await Promise.all(['ops.viewer', 'ops.operator', 'ops.supervisor', 'ops.supervisor.two', 'ops.lion.supervisor']
    .map((username) => signInOperator(manifest, operationsUrl, username)));
  [viewer, operator, supervisor, secondSupervisor, lionSupervisor] = callers as [OperationsCaller, OperationsCaller, OperationsCaller, OperationsCaller, OperationsCaller];
  const psus = sandbox.manifest.psus as { tenantId: string; username: string; accounts: { id: string; externalId: string }[] }[];
  const john = psus.find((psu) => psu.tenantId === 'buffalo' && psu.username === 'john.smith')!;
  savings = { tenantId: 'buffalo', fspId: 'in01tn01', accountId: john.accounts.find((account) => account.id === 'buffalo-1002')!.externalId, msisdn: '', owner: 'John Smith' };
});
after(async () => {
  await sandbox?.stop();
});

const minor = (amount: string) => Math.round(Number(amount) * 100);
const moved = (before: Balance, after: Balance) => (minor(after.accountBalance) - minor(before.accountBalance)) / 100;

const setAccountMode = (account: SandboxAccountRef, mode: 'up' | 'unavailable') => sandbox.fineractMode(account.tenantId, mode, [account.accountId]);

/** John pays his own savings account inside Buffalo (on-us) while that account's ledger is down: the deposit runs out of retries. */
const stuckOnUsTransfer = (amount: string) => stuckTransfer(sandbox, operator, JOHN, savings, amount);

async function detail(caller: OperationsCaller, key: string): Promise<Detail> {
  const answer = await caller.call<Detail>('GET', `/transfers/${key}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.body;
}

async function act(caller: OperationsCaller, key: string, body: Record<string, unknown>): Promise<{ status: number; body: Action & { detail?: string; code?: string } }> {
  return caller.call('POST', `/transfers/${key}/actions`, body);
}

describe('operations API', () => {
  it('refuses calls without an operator, and a viewer sees transfers of their tenant only, without actions', async () => {
    assert.equal((await operationsCaller(operationsUrl, 'nobody', undefined).call('GET', '/transfers')).status, 401);
    assert.equal((await operationsCaller(operationsUrl, 'forger', 'not-a-token').call('GET', '/transfers')).status, 401);

    const completed = await sandbox.transfer(JOHN, JUMA, '2500.25');
    assert.equal(completed.status, 'COMPLETED');
    const search = await poll(() => viewer.call<{ items: Transfer[]; total: number }>('GET', `/transfers?payerId=${JOHN}&transactionId=${completed.transactionId}`),
      (answer) => answer.body.items.some((item) => item.state === 'COMPLETED'), 10_000, 'the completed transfer in the view');
    const [outgoing] = search.body.items;
    assert.equal(outgoing!.tenantId, 'buffalo');
    assert.equal(outgoing!.payee.idValue, JUMA);

    const seen = await detail(viewer, outgoing!.processInstanceKey);
    assert.deepEqual(seen.actions, [], 'a viewer is offered no action');
    assert.ok(seen.tasks.some((task) => task.elementId === 'commit' && task.name === 'Commit withdrawal' && task.state === 'COMPLETED'));
    assert.ok(seen.path.completed.includes('end-completed') && seen.path.flows.includes('commit-to-completed'));
    const refused = await act(viewer, outgoing!.processInstanceKey, { action: 'recall', reason: 'customer asked for it' });
    assert.equal(refused.status, 403, 'the API refuses a viewer too');

    // The payee's side of the same transfer belongs to Lion: Buffalo's operators do not see it; Lion's supervisor does.
    const incoming = await poll(() => lionSupervisor.call<{ items: Transfer[] }>('GET', `/transfers?transferId=${completed.transferId}&direction=INBOUND`),
      (answer) => answer.body.items.length === 1 && answer.body.items[0]!.state === 'COMPLETED', 10_000, 'the incoming side at Lion');
    assert.equal((await viewer.call('GET', `/transfers/${incoming.body.items[0]!.processInstanceKey}`)).status, 404);
    assert.equal((await viewer.call('GET', '/transfers?tenantId=lion')).status, 403);

    const csv = await viewer.call('GET', `/transfers/export.csv?transactionId=${completed.transactionId}`);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const [header, row] = csv.text.trim().split('\r\n');
    assert.match(header!, /^processInstanceKey,tenantId,direction,transactionId/);
    assert.match(row!, new RegExp(`^${outgoing!.processInstanceKey},buffalo,OUTBOUND,${completed.transactionId},`));

    const figures = await viewer.call<{ byState: { state: string; count: number }[]; successRate: number | null }>('GET', '/dashboard');
    assert.ok(figures.body.byState.some((entry) => entry.state === 'COMPLETED' && entry.count >= 1));
    assert.equal((await viewer.call('GET', '/transfers?amountMin=12,50')).status, 400);
  });

  it('Retry: a transfer stuck on an incident while the payee account was down completes once it is back', async () => {
    const payerBefore = await sandbox.balance(sandbox.account(JOHN));
    const savingsBefore = await sandbox.balance(savings);
    const held = await stuckOnUsTransfer('1000');
    const stuck = await detail(operator, held.processInstanceKey);
    assert.deepEqual(stuck.path.failed, ['deposit']);
    assert.equal(stuck.incidents[0]?.errorType, 'JOB_NO_RETRIES');
    assert.ok(stuck.actions.includes('retry') && stuck.actions.includes('force-fail'), `offered: ${stuck.actions}`);

    assert.equal((await act(operator, held.processInstanceKey, { action: 'retry', reason: 'no' })).status, 400, 'a reason is required');
    await setAccountMode(savings, 'up');
    const retried = await act(operator, held.processInstanceKey, { action: 'retry', reason: 'ledger node of the savings account is back' });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.body.status, 'EXECUTED');

    assert.equal((await sandbox.settled('buffalo', held.transactionId)).status, 'COMPLETED');
    assert.equal(moved(savingsBefore, await sandbox.balance(savings)), 1000);
    assert.equal(moved(payerBefore, await sandbox.balance(sandbox.account(JOHN))), -1100, 'the amount and the 100.00 fee');
    const done = await poll(() => detail(operator, held.processInstanceKey), (seen) => seen.transfer.state === 'COMPLETED', 10_000, 'the view completed');
    assert.ok(done.audit.some((entry) => entry.action === 'retry.executed' && entry.actor === 'operator:ops.operator'));
  });

  it('Force Fail: releases the payer\'s blocked funds and fails the transfer', async () => {
    const payerBefore = await sandbox.balance(sandbox.account(JOHN));
    const held = await stuckOnUsTransfer('700');
    assert.notEqual((await sandbox.balance(sandbox.account(JOHN))).balanceOnHold, payerBefore.balanceOnHold, 'funds are on hold while it is stuck');

    const failed = await act(operator, held.processInstanceKey, { action: 'force-fail', reason: 'savings account closed, customer informed' });
    assert.equal(failed.status, 200, JSON.stringify(failed.body));
    const answer = await sandbox.settled('buffalo', held.transactionId);
    assert.equal(answer.status, 'FAILED');
    const payerAfter = await sandbox.balance(sandbox.account(JOHN));
    assert.equal(payerAfter.accountBalance, payerBefore.accountBalance);
    assert.equal(payerAfter.balanceOnHold, payerBefore.balanceOnHold, 'the hold is released');
    await setAccountMode(savings, 'up');
    const ended = await poll(() => detail(operator, held.processInstanceKey), (seen) => seen.transfer.state === 'FAILED', 10_000, 'the view failed');
    assert.ok(ended.path.completed.includes('release'));
    assert.equal((await act(operator, held.processInstanceKey, { action: 'force-fail', reason: 'once more please' })).status, 409, 'not twice');
  });

  it('Manual Override: a supervisor approves new variables (the right payee account), and the step runs with them', async () => {
    const household = sandbox.account(JOHN);
    const lionBefore = await sandbox.balance(sandbox.account(JUMA));
    const held = await stuckOnUsTransfer('300');
    const corrected = { idType: 'ACCOUNT_ID', idValue: household.accountId, fspId: 'in01tn01', accountId: household.accountId, name: 'John Smith' };
    const requested = await act(operator, held.processInstanceKey, { action: 'manual-override', reason: 'deposit to the household account instead', variables: { payee: corrected } });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    assert.equal(requested.body.status, 'PENDING_APPROVAL');

    const own = await operator.call<{ detail: string }>('POST', `/approvals/${requested.body.actionId}/approve`, {});
    assert.equal(own.status, 403, 'the requester cannot approve');
    const approvals = await supervisor.call<{ items: Action[] }>('GET', '/approvals?status=PENDING_APPROVAL');
    assert.ok(approvals.body.items.some((item) => item.actionId === requested.body.actionId && item.canDecide));
    const approved = await supervisor.call<Action>('POST', `/approvals/${requested.body.actionId}/approve`, { reason: 'checked with the customer' });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'EXECUTED');
    assert.equal((await sandbox.settled('buffalo', held.transactionId)).status, 'COMPLETED');
    assert.deepEqual(await sandbox.balance(sandbox.account(JUMA)), lionBefore, 'nobody else touched');
    await setAccountMode(savings, 'up');
    assert.equal((await supervisor.call('POST', `/approvals/${requested.body.actionId}/approve`, {})).status, 409, 'decided already');
  });

  it('Force Complete: four eyes — a supervisor cannot approve their own request; another supervisor\'s approval skips the stuck step', async () => {
    const held = await stuckOnUsTransfer('250');
    const requested = await act(supervisor, held.processInstanceKey, { action: 'force-complete', reason: 'deposit booked by hand in Fineract' });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    const self = await supervisor.call<{ detail: string }>('POST', `/approvals/${requested.body.actionId}/approve`, {});
    assert.equal(self.status, 403);
    assert.match(self.body.detail, /four eyes/);
    assert.equal((await supervisor.call('POST', `/approvals/${requested.body.actionId}/reject`, { reason: 'my own request' })).status, 403, 'nor reject it');
    assert.equal((await operator.call('POST', `/approvals/${requested.body.actionId}/approve`, {})).status, 403, 'approving needs the supervisor role');
    assert.equal((await lionSupervisor.call('POST', `/approvals/${requested.body.actionId}/approve`, {})).status, 404, 'another bank does not even see it');
    assert.equal((await act(operator, held.processInstanceKey, { action: 'retry', reason: 'meanwhile, try again' })).status, 409, 'one open request per transfer');

    const approved = await secondSupervisor.call<Action>('POST', `/approvals/${requested.body.actionId}/approve`, { reason: 'saw the manual booking' });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'EXECUTED', approved.text);
    assert.equal((await sandbox.settled('buffalo', held.transactionId)).status, 'COMPLETED');
    await setAccountMode(savings, 'up');
    const ended = await poll(() => detail(operator, held.processInstanceKey), (seen) => seen.transfer.state === 'COMPLETED', 10_000, 'the view completed');
    assert.ok(ended.tasks.some((task) => task.elementId === 'deposit' && task.state === 'TERMINATED'), 'the deposit was skipped');
    assert.ok(ended.path.completed.includes('commit'));
    assert.deepEqual(ended.history.map((entry) => `${entry.action} ${entry.status}`), ['force-complete EXECUTED']);
  });

  it('Recall: asked by Buffalo\'s operator, approved by the payee bank\'s supervisor, returns the money to the payer', async () => {
    const johnBefore = await sandbox.balance(sandbox.account(JOHN));
    const paid = await sandbox.transfer(JOHN, JUMA, '1000');
    assert.equal(paid.status, 'COMPLETED');
    const outgoing = await poll(() => operator.call<{ items: Transfer[] }>('GET', `/transfers?transactionId=${paid.transactionId}&state=COMPLETED`),
      (answer) => answer.body.items.length === 1, 10_000, 'the completed transfer');
    const requested = await act(operator, outgoing.body.items[0]!.processInstanceKey, { action: 'recall', reason: 'paid to the wrong person' });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    assert.equal(requested.body.approverTenantId, 'lion');

    assert.equal((await operator.call('POST', `/approvals/${requested.body.actionId}/approve`, {})).status, 403, 'not by the requester');
    assert.equal((await supervisor.call('POST', `/approvals/${requested.body.actionId}/approve`, {})).status, 403, 'not by a supervisor of another bank');
    const approved = await lionSupervisor.call<Action>('POST', `/approvals/${requested.body.actionId}/approve`, { reason: 'Juma agreed to return it' });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'EXECUTED', approved.text);
    const returned = approved.body.result!.recallTransferId!;
    const back = await poll(() => lionSupervisor.call<{ items: Transfer[] }>('GET', `/transfers?transferId=${returned}`),
      (answer) => answer.body.items[0]?.state === 'COMPLETED', 20_000, 'the return payment completed');
    assert.equal(back.body.items[0]!.payee.idValue, JOHN);
    assert.equal(moved(johnBefore, await sandbox.balance(sandbox.account(JOHN))), -1100 + 1000, 'the amount came back (the fee of the payment stays charged)');

    // Once is enough, whichever bank's record of the transfer is used.
    const again = await act(operator, outgoing.body.items[0]!.processInstanceKey, { action: 'recall', reason: 'paid to the wrong person' });
    assert.equal(again.status, 409);
    const incoming = await lionSupervisor.call<{ items: Transfer[] }>('GET', `/transfers?transferId=${paid.transferId}&direction=INBOUND`);
    assert.equal((await act(lionSupervisor, incoming.body.items[0]!.processInstanceKey, { action: 'recall', reason: 'refund the payer' })).status, 409);
  });

  it('Recall of an on-us transfer returns the money inside the bank, approved by a second supervisor there', async () => {
    const household = sandbox.account(JOHN);
    const [householdBefore, savingsBefore] = [await sandbox.balance(household), await sandbox.balance(savings)];
    const started = await sandbox.channel.call<TransferAnswer>('POST', '/channel/transfer', 'buffalo', {
      payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: JOHN } },
      payee: { partyIdInfo: { partyIdType: 'ACCOUNT_ID', partyIdentifier: savings.accountId, fspId: savings.fspId } },
      amount: { amount: '5000', currency: 'TZS' },
    });
    assert.equal((await sandbox.settled('buffalo', started.body.transactionId)).status, 'COMPLETED');
    const found = await poll(() => supervisor.call<{ items: Transfer[] }>('GET', `/transfers?transactionId=${started.body.transactionId}&state=COMPLETED`),
      (answer) => answer.body.items.length === 1, 10_000, 'the on-us transfer completed in the view');
    const requested = await act(supervisor, found.body.items[0]!.processInstanceKey, { action: 'recall', reason: 'moved to savings by mistake' });
    assert.equal(requested.status, 202, JSON.stringify(requested.body));
    assert.equal(requested.body.approverTenantId, 'buffalo');
    const approved = await secondSupervisor.call<Action>('POST', `/approvals/${requested.body.actionId}/approve`, { reason: 'customer called' });
    assert.equal(approved.body.status, 'EXECUTED', approved.text);
    const back = await poll(() => supervisor.call<{ items: Transfer[] }>('GET', `/transfers?transferId=${approved.body.result!.recallTransferId}`),
      (answer) => answer.body.items[0]?.state === 'COMPLETED', 20_000, 'the return payment completed');
    assert.equal(back.body.items[0]!.direction, 'ON_US');
    assert.equal(moved(savingsBefore, await sandbox.balance(savings)), 5000 - 5000 - 100, 'savings paid the amount back (and the fee of the return)');
    assert.equal(moved(householdBefore, await sandbox.balance(household)), -5100 + 5000);
  });

  it('the audit trail also holds the bank\'s API calls and consent events, and only its own', async () => {
    const urls = sandbox.lango.urls as Record<string, string>;
    const tpp = await berlinGroupTpp(sandbox.manifest.demoTpp as BgDemoTpp, { public: urls.public!, publicTls: urls.publicTls!, caPem: readFileSync(join(sandbox.dataDir, 'tls', 'ca.pem'), 'utf8') });
    const token = await tpp.clientToken('accounts');
    const created = await tpp.call<{ consentId: string }>('POST', '/v1/consents', {
      token, headers: { 'Platform-TenantId': 'buffalo', 'PSU-IP-Address': '192.0.2.10' },
      body: { access: { availableAccounts: 'allAccounts' }, recurringIndicator: false, validUntil: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), frequencyPerDay: 1, combinedServiceIndicator: false },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { consentId } = created.body;
    assert.equal((await tpp.call('DELETE', `/v1/consents/${consentId}`, { token, headers: { 'PSU-IP-Address': '192.0.2.10' } })).status, 204);

    type Entry = { kind: string; action: string; subject?: string; actor: string; tenantId?: string };
    const about = (caller: OperationsCaller) => caller.call<{ items: Entry[] }>('GET', '/audit?size=200').then((answer) => answer.body.items.filter((entry) => entry.subject === consentId));
    const seen = await poll(() => about(supervisor), (entries) => entries.some((entry) => entry.kind === 'consent' && entry.action === 'consent.terminatedByTpp')
      && entries.some((entry) => entry.kind === 'api-call' && entry.action === 'DELETE /v1/consents/:consentId'), 10_000, 'the consent event and both calls in the trail');
    assert.ok(seen.some((entry) => entry.kind === 'api-call' && entry.action === 'POST /v1/consents' && entry.actor === tpp.demo.clientId && entry.tenantId === 'buffalo'), JSON.stringify(seen));
    assert.ok(seen.some((entry) => entry.kind === 'api-call' && entry.action === 'DELETE /v1/consents/:consentId'), JSON.stringify(seen));
    assert.deepEqual(await about(lionSupervisor), [], 'another bank\'s operators do not see them');
  });

  it('keeps every action in a verifiable audit trail, exported for supervisors only', async () => {
    const entries = await supervisor.call<{ items: { kind: string; action: string; actor: string; reason?: string }[] }>('GET', '/audit?kind=operator-action&size=200');
    const actions = entries.body.items.map((entry) => entry.action);
    for (const expected of ['retry.requested', 'retry.executed', 'force-fail.executed', 'manual-override.approved', 'force-complete.executed']) {
      assert.ok(actions.includes(expected), `${expected} in ${actions}`);
    }
    assert.ok(entries.body.items.every((entry) => entry.actor.startsWith('operator:')));
    assert.deepEqual((await supervisor.call('GET', '/audit/verify')).body, { ...(await supervisor.call('GET', '/audit/verify')).body, ok: true });
    assert.equal((await operator.call('GET', '/audit/verify')).status, 403);
    const exported = await supervisor.call('GET', '/audit/export?format=jsonl');
    const lines = exported.text.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; hash: string; prevHash: string; action: string });
    assert.ok(lines.length >= 10);
    assert.ok(lines.every((line) => /^[0-9a-f]{64}$/.test(line.hash)));

    // Someone with database access rewrites the reason of a recorded Force Fail: the verification command and the API see it.
    const output: string[] = [];
    assert.equal(await runVerifyCommand(['--data-dir', sandbox.dataDir], {}, { write: (text: string) => output.push(text) }), 0, output.join(''));
    const forged = lines.find((line) => line.action === 'force-fail.requested')!;
    const file = new Database(join(sandbox.dataDir, SQLITE_FILE_NAME));
    try {
      assert.equal(file.prepare('UPDATE ops_audit_trail SET reason = ? WHERE seq = ?').run('nothing happened here', forged.seq).changes, 1);
    } finally {
      file.close();
    }
    assert.equal(await runVerifyCommand(['--data-dir', sandbox.dataDir], {}, { write: (text: string) => output.push(text) }), 1);
    assert.match(output.at(-1)!, new RegExp(`BROKEN at seq ${forged.seq}`));
    const verdict = await supervisor.call<{ ok: boolean; brokenAt: number }>('GET', '/audit/verify');
    assert.deepEqual([verdict.body.ok, verdict.body.brokenAt], [false, forged.seq]);
  });
});
