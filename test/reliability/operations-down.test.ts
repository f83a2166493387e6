// SPDX-License-Identifier: Apache-2.0
// The back office is off the payment path: with the operations role in a process of its own (on the same
// database and event log), stopping it while transfers run stops no transfer; started again, its streamer
// catches up from the log and the view agrees with the hub; and a rebuild from the log gives the very same view.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startLango, type RunningLango } from '../../app/start.js';
import { openSqlOperationsView, type OperationsTransfer, type OperationsView } from '../../hub/index.js';
import { runRebuildCommand } from '../../hub/operations/rebuild-operations-view.js';
import { loadConfig } from '../../platform/config/index.js';
import { createLogger } from '../../platform/log/index.js';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { channelClient, type ChannelClient } from '../support/channel-client.js';
import { signInOperator, type OperationsManifest } from '../support/operations-client.js';
import { poll } from '../support/poll.js';

const dataDir = mkdtempSync(join(tmpdir(), 'lango-operations-down-'));
const base = { LANGO_DATA_DIR: dataDir, LANGO_LOG_LEVEL: process.env.LANGO_TEST_LOG_LEVEL ?? 'silent', LANGO_HOST: '127.0.0.1', LANGO_RETRY_BACKOFF_MS: '20' };
const ports = (names: string[]) => Object.fromEntries(names.map((name) => [`LANGO_${name}_PORT`, '0']));
const paymentsEnv = { ...base, LANGO_ROLES: 'gateway,consent,hub,sandbox', ...ports(['PUBLIC', 'PUBLIC_TLS', 'CHANNEL', 'SCHEME', 'METRICS', 'SIMULATORS']) };
let operationsEnv: Record<string, string> = { ...base, LANGO_ROLES: 'operations', ...ports(['OPERATIONS', 'METRICS']) };

const start = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return startLango(config, createLogger({ level: config.logLevel }));
};

let payments: RunningLango;
let operations: RunningLango | undefined;
let channel: ChannelClient;
let database: SqlDatabase;
let view: OperationsView;
let manifest: OperationsManifest;

before(async () => {
  payments = await start(paymentsEnv);
  // The operations process reaches the authorisation server over the network (token introspection).
  operationsEnv = { ...operationsEnv, LANGO_OAUTH_ISSUER: `${payments.urls.public}/oauth` };
  operations = await start(operationsEnv);
  manifest = await (await fetch(`${payments.urls.public}/sandbox/manifest.json`)).json() as OperationsManifest;
  channel = await channelClient(manifest as never);
  // The test reads the view the operations process writes, on the same SQLite file.
  database = await openDatabase({ dataDir });
  view = await openSqlOperationsView(database);
});
after(async () => {
  await operations?.stop();
  await payments?.stop();
  await database?.close();
});

const PAYERS = ['27710101999', '27710102999', '27710203999'];
const PAYEES = ['27710204999', '27710305999'];

async function pay(index: number): Promise<string> {
  const payer = PAYERS[index % PAYERS.length]!;
  const tenantId = { 27710101999: 'buffalo', 27710102999: 'lion', 27710203999: 'rhino' }[payer]!;
  const started = await channel.call<{ transactionId: string }>('POST', '/channel/transfer', tenantId, {
    payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: payer } },
    payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: PAYEES[index % PAYEES.length]! } },
    amount: { amount: `${100 + index}.25`, currency: 'TZS' },
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const final = await poll(() => channel.call<{ status: string }>('GET', `/channel/transfer/${started.body.transactionId}`, tenantId),
    (answer) => ['COMPLETED', 'FAILED'].includes(answer.body.status), 30_000, `transfer ${index} final`);
  assert.equal(final.body.status, 'COMPLETED');
  return started.body.transactionId;
}

async function lag(running: RunningLango): Promise<number> {
  const metrics = await (await fetch(`${running.urls.metrics}/metrics`)).text();
  const values = [...metrics.matchAll(/^lango_operations_streamer_lag_records\{topic="[^"]+"[^}]*\} (\d+)$/gm)].map((match) => Number(match[1]));
  return values.length === 2 ? Math.max(...values) : Number.POSITIVE_INFINITY;
}

/** Everything the view says about the transfers: the rows, their task lists, variables and incidents. */
async function snapshot(transactionIds: readonly string[]): Promise<unknown[]> {
  const rows: OperationsTransfer[] = [];
  for (const transactionId of transactionIds) rows.push(...(await view.searchTransfers({ transactionId, limit: 10 })).items);
  rows.sort((a, b) => a.processInstanceKey.localeCompare(b.processInstanceKey));
  return Promise.all(rows.map(async (transfer) => ({
    transfer,
    tasks: await view.tasks(transfer.processInstanceKey),
    variables: await view.variables(transfer.processInstanceKey),
    incidents: await view.incidents({ processInstanceKey: transfer.processInstanceKey, limit: 100 }),
  })));
}

it('transfers complete while the operations role is down; it catches up after a restart and a rebuild gives the same view', async () => {
  const before = await Promise.all([0, 1, 2].map(pay));
  await poll(() => lag(operations!), (behind) => behind === 0, 20_000, 'the streamer caught up');

  await operations!.stop();
  operations = undefined;
  // Every transfer runs to its end with nobody reading the records.
  const during = await Promise.all([3, 4, 5, 6, 7, 8].map(pay));
  const missing = await Promise.all(during.map(async (transactionId) => (await view.searchTransfers({ transactionId, limit: 10 })).items.length));
  assert.deepEqual(missing, during.map(() => 0), 'the view did not see them while the role was down');

  operations = await start(operationsEnv);
  await poll(() => lag(operations!), (behind) => behind === 0, 30_000, 'the restarted streamer caught up');
  const all = [...before, ...during];
  for (const transactionId of all) {
    const { items } = await view.searchTransfers({ transactionId, limit: 10 });
    // Both sides of each transfer ran on this hub (payer bank and payee bank are both its tenants).
    assert.deepEqual(items.map((item) => `${item.direction} ${item.state} ${item.incident}`).sort(), ['INBOUND COMPLETED false', 'OUTBOUND COMPLETED false'], transactionId);
    for (const item of items) {
      const tasks = await view.tasks(item.processInstanceKey);
      assert.ok(tasks.every((task) => task.state !== 'ACTIVE'), 'no step left active');
      assert.ok(tasks.some((task) => task.elementId === 'end-completed' && task.state === 'COMPLETED'));
    }
  }
  const caughtUp = await snapshot(all);
  // The back office of its own process answers an operator whose token it checks at the authorisation server.
  const operator = await signInOperator(manifest, operations.urls.operations!, 'ops.operator');
  assert.deepEqual((await operator.call('GET', '/me')).body, { username: 'ops.operator', roles: { buffalo: 'operator' } });
  const mine = await operator.call<{ items: { tenantId: string }[]; total: number }>('GET', '/transfers?size=200');
  assert.equal(mine.body.total, all.filter((_, index) => index % PAYERS.length === 0).length, 'Buffalo\'s outgoing transfers only');
  assert.ok(mine.body.items.every((item) => item.tenantId === 'buffalo'));

  await operations.stop();
  operations = undefined;
  const output: string[] = [];
  assert.equal(await runRebuildCommand({ ...operationsEnv }, { write: (text: string) => output.push(text) }), 0, output.join(''));
  assert.match(output.join(''), /operations view rebuilt from the event log/);
  assert.deepEqual(await snapshot(all), caughtUp, 'the rebuilt view equals the incrementally built one');
});
