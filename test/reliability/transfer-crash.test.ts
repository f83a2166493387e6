// SPDX-License-Identifier: Apache-2.0
// kill -9 of the whole sandbox process (hub, switch and Fineract simulators) while transfers are between
// prepare and fulfil. After a restart on the same data directory every transfer ends COMPLETED or FAILED on
// both sides, and the money adds up: each completed transfer moved its amount and fee once, a failed one
// nothing, and no hold is left.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toMinorUnits } from '../../platform/money/index.js';
import { channelClient, type ChannelClient } from '../support/channel-client.js';
import { ephemeralEnv, startLangoProcess, type LangoProcess } from '../support/lango-process.js';
import { fineractBalance, type TransferAnswer } from '../support/payments-sandbox.js';
import { poll } from '../support/poll.js';

const PAYER = { msisdn: '27710101999', tenantId: 'buffalo' };
const PAYEE = { msisdn: '27710102999', tenantId: 'lion' };
const COUNT = 24;
const FEE = toMinorUnits('100', 'TZS');

interface Manifest {
  listeners: Record<string, string>;
  demoChannelApp: { clientId: string; privateJwk: Record<string, string> };
  msisdns: { msisdn: string; accountId: string }[];
  psus: { accounts: { id: string; externalId: string }[] }[];
}

async function open(lango: LangoProcess) {
  const manifest = await (await fetch(`${lango.urls.public}/sandbox/manifest.json`)).json() as Manifest;
  const channel = await channelClient(manifest as never);
  const accountOf = (msisdn: string) => {
    const id = manifest.msisdns.find((entry) => entry.msisdn === msisdn)!.accountId;
    return manifest.psus.flatMap((psu) => psu.accounts).find((account) => account.id === id)!.externalId;
  };
  const balance = async (party: { msisdn: string; tenantId: string }) => {
    const body = await fineractBalance(lango.urls.simulators!, party.tenantId, accountOf(party.msisdn));
    return { ledger: toMinorUnits(body.accountBalance, 'TZS'), held: toMinorUnits(body.balanceOnHold, 'TZS') };
  };
  return { channel, balance };
}

async function view(channel: ChannelClient, tenantId: string, transactionId: string): Promise<TransferAnswer | undefined> {
  const answer = await channel.call<TransferAnswer>('GET', `/channel/transfer/${transactionId}`, tenantId);
  return answer.status === 200 ? answer.body : undefined;
}

describe('a crash between prepare and fulfil', { timeout: 180_000 }, () => {
  it('loses no transfer and books none twice after kill -9 and a restart', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lango-transfer-crash-'));
    const env = ephemeralEnv(dataDir, { LANGO_LOG_LEVEL: 'warn', LANGO_TRANSFER_EXPIRY_MS: '15000', LANGO_FSPIOP_TIMEOUT_MS: '5000', LANGO_RETRY_BACKOFF_MS: '100' });
    // 'warn' hides the start-up line the helper waits for; info is needed to learn the URLs.
    env.LANGO_LOG_LEVEL = 'info';
    let lango = await startLangoProcess(env);
    let { channel, balance } = await open(lango);
    const [payerBefore, payeeBefore] = [await balance(PAYER), await balance(PAYEE)];

    const started = await Promise.all(Array.from({ length: COUNT }, async (_, index) => {
      const answer = await channel.call<TransferAnswer>('POST', '/channel/transfer', PAYER.tenantId, {
        payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: PAYER.msisdn } },
        payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: PAYEE.msisdn } },
        amount: { amount: String(1000 + index), currency: 'TZS' },
      });
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      return { transactionId: answer.body.transactionId, amount: toMinorUnits(String(1000 + index), 'TZS') };
    }));

    // Kill as soon as some transfer has been prepared and is not yet final.
    const deadline = Date.now() + 20_000;
    let prepared = 0;
    while (Date.now() < deadline) {
      const stages = await Promise.all(started.map(async (transfer) => (await view(channel, PAYER.tenantId, transfer.transactionId))?.stage));
      prepared = stages.filter((stage) => stage === 'PREPARED').length;
      if (prepared > 0) break;
    }
    assert.ok(prepared > 0, 'no transfer was caught between prepare and fulfil');
    assert.equal(await lango.stop('SIGKILL'), null);

    lango = await startLangoProcess(env);
    try {
      ({ channel, balance } = await open(lango));
      const outcomes: TransferAnswer[] = [];
      for (const transfer of started) {
        const payer = await poll(() => view(channel, PAYER.tenantId, transfer.transactionId), (got) => got !== undefined && ['COMPLETED', 'FAILED'].includes(got.status), 60_000, `transfer ${transfer.transactionId} settled`);
        outcomes.push(payer!);
      }
      // The payee side agrees with the payer side: completed on both, or the payee got nothing to keep.
      for (const outcome of outcomes) {
        await poll(() => view(channel, PAYEE.tenantId, outcome.transactionId),
          (payee) => (outcome.status === 'COMPLETED' ? payee?.status === 'COMPLETED' : !payee || payee.status === 'FAILED'),
          30_000, `payee side of ${outcome.transactionId} agreeing with the payer's ${outcome.status}`);
      }
      const completed = started.filter((transfer) => outcomes.find((outcome) => outcome.transactionId === transfer.transactionId)!.status === 'COMPLETED');
      const sent = completed.reduce((sum, transfer) => sum + transfer.amount, 0n);
      const [payerAfter, payeeAfter] = [await balance(PAYER), await balance(PAYEE)];
      assert.equal(payerAfter.held, 0n, 'a hold was left on the payer account');
      assert.equal(payerBefore.ledger - payerAfter.ledger, sent + FEE * BigInt(completed.length), 'the payer paid other than the completed transfers and their fees');
      assert.equal(payeeAfter.ledger - payeeBefore.ledger, sent, 'the payee received other than the completed transfers');
      assert.ok(completed.length > 0, 'no transfer completed after the restart');
      t.diagnostic(`${prepared} prepared at the kill; ${completed.length} completed, ${COUNT - completed.length} failed after the restart`);
    } finally {
      await lango.stop('SIGTERM');
    }
  });
});
