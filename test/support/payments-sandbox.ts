// SPDX-License-Identifier: Apache-2.0
// The whole barebone sandbox in this test process (every role, real listeners on loopback, a real SQLite file),
// with what a payments test needs: the demo channel app, Fineract balances and journal entries, the switch's
// admin API. Everything is reached over HTTP from the manifest, as a participant would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLango, type RunningLango } from '../../app/start.js';
import { loadConfig } from '../../platform/config/index.js';
import { createLogger } from '../../platform/log/index.js';
import { channelClient, type ChannelClient } from './channel-client.js';
import { poll } from './poll.js';

export const FINERACT_API = '/fineract/fineract-provider/api/v1/interoperation';
const BASIC = `Basic ${Buffer.from('mifos:password').toString('base64')}`;

export interface SandboxAccountRef {
  tenantId: string;
  fspId: string;
  accountId: string;
  msisdn: string;
  owner: string;
}

export interface Balance {
  accountBalance: string;
  availableBalance: string;
  balanceOnHold: string;
}

export interface PartyAnswer {
  idType: string;
  idValue: string;
  fspId?: string;
  name?: string;
}

/** GET /channel/transfer/{id} as the channel app reads it. */
export interface TransferAnswer {
  transactionId: string;
  transferId: string;
  direction: 'OUTBOUND' | 'INBOUND';
  status: string;
  stage?: string;
  payer: PartyAnswer;
  payee: PartyAnswer;
  amount: { amount: string; currency: string };
  payerFee?: { amount: string; currency: string };
  payeeFee?: { amount: string; currency: string };
  transactionRequestId?: string;
  errorCode?: string;
  errorDescription?: string;
}

/** GET /channel/transactionRequest/{id}. */
export interface TransactionRequestAnswer {
  transactionRequestId: string;
  direction: 'OUTBOUND' | 'INBOUND';
  status: string;
  amount: string;
  transactionId?: string;
}

/** An account's balances in the sandbox Fineract, read through its interoperation API as the hub reads them. */
export async function fineractBalance(simulatorsUrl: string, tenantId: string, accountId: string): Promise<Balance> {
  const response = await fetch(`${simulatorsUrl}${FINERACT_API}/accounts/${accountId}`, { headers: { authorization: BASIC, 'fineract-platform-tenantid': tenantId } });
  if (response.status !== 200) throw new Error(`balance: ${response.status} ${await response.text()}`);
  return await response.json() as Balance;
}

export interface PaymentsSandbox {
  lango: RunningLango;
  dataDir: string;
  manifest: Record<string, unknown> & { listeners: Record<string, string> };
  channel: ChannelClient;
  /** The sandbox account of an MSISDN. */
  account(msisdn: string): SandboxAccountRef;
  balance(account: SandboxAccountRef): Promise<Balance>;
  journal(account: SandboxAccountRef): Promise<{ transactionCode: string | null; transferCode: string | null; entryType: string; amount: string; glAccountCode: string; transactionId: string; transactionType: string }[]>;
  /** POST /switch/admin/... or PUT, JSON. */
  switchAdmin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A bank's Fineract mode; with `accounts`, only postings and quotes on those accounts. */
  fineractMode(tenantId: string, mode: 'up' | 'unavailable' | 'hang', accounts?: readonly string[]): Promise<void>;
  /** Starts a P2P transfer on the channel and waits until the payer side is final. */
  transfer(from: string, to: string, amount: string, options?: { tenantId?: string }): Promise<TransferAnswer>;
  /** Polls GET /channel/transfer/{id} of a tenant until it is final. */
  settled(tenantId: string, transactionId: string, timeoutMs?: number): Promise<TransferAnswer>;
  stop(): Promise<void>;
}

/** Starts the sandbox; `env` adds options (small timeouts for failure tests). */
export async function startPaymentsSandbox(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'lango-payments-'))): Promise<PaymentsSandbox> {
  const options: Record<string, string> = { LANGO_DATA_DIR: dataDir, LANGO_LOG_LEVEL: process.env.LANGO_TEST_LOG_LEVEL ?? 'silent', LANGO_RETRY_BACKOFF_MS: '20', ...env };
  for (const listener of ['PUBLIC', 'PUBLIC_TLS', 'CHANNEL', 'SCHEME', 'OPERATIONS', 'METRICS', 'SIMULATORS']) options[`LANGO_${listener}_PORT`] ??= '0';
  const config = loadConfig(options);
  const lango = await startLango(config, createLogger({ level: config.logLevel }));
  const manifest = await (await fetch(`${lango.urls.public}/sandbox/manifest.json`)).json() as PaymentsSandbox['manifest'];
  const channel = await channelClient(manifest as never);
  const simulators = lango.urls.simulators!;
  const msisdns = manifest.msisdns as { msisdn: string; tenantId: string; fspId: string; accountId: string; owner: string }[];
  const psus = manifest.psus as { tenantId: string; accounts: { id: string; externalId: string }[] }[];
  const externalIdOf = (accountId: string) => psus.flatMap((psu) => psu.accounts).find((candidate) => candidate.id === accountId)!.externalId;

  const sandbox: PaymentsSandbox = {
    lango, dataDir, manifest, channel,
    account(msisdn) {
      const entry = msisdns.find((candidate) => candidate.msisdn === msisdn);
      if (!entry) throw new Error(`no sandbox MSISDN ${msisdn}`);
      return { tenantId: entry.tenantId, fspId: entry.fspId, accountId: externalIdOf(entry.accountId), msisdn, owner: entry.owner };
    },
    balance: (account) => fineractBalance(simulators, account.tenantId, account.accountId),
    async journal(account) {
      const response = await fetch(`${simulators}/fineract/admin/tenants/${account.tenantId}/accounts/${account.accountId}/journal-entries`);
      return ((await response.json()) as { pageItems: never[] }).pageItems;
    },
    async switchAdmin<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${simulators}/switch/admin${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async fineractMode(tenantId, mode, accounts) {
      const response = await fetch(`${simulators}/fineract/admin/tenants/${tenantId}/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode, ...(accounts && { accounts }) }) });
      if (response.status >= 300) throw new Error(`fineract mode: ${response.status}`);
    },
    async settled(tenantId, transactionId, timeoutMs = 20_000) {
      const answer = await poll(() => channel.call<TransferAnswer>('GET', `/channel/transfer/${transactionId}`, tenantId),
        (got) => got.status === 200 && ['COMPLETED', 'FAILED'].includes(got.body.status), timeoutMs, `transfer ${transactionId} at ${tenantId} final`);
      return answer.body;
    },
    async transfer(from, to, amount, options = {}) {
      const payer = sandbox.account(from);
      const started = await channel.call<TransferAnswer>('POST', '/channel/transfer', options.tenantId ?? payer.tenantId, {
        payer: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: from } },
        payee: { partyIdInfo: { partyIdType: 'MSISDN', partyIdentifier: to } },
        amount: { amount, currency: 'TZS' },
      });
      if (started.status !== 202) throw new Error(`transfer refused: ${started.status} ${JSON.stringify(started.body)}`);
      return sandbox.settled(options.tenantId ?? payer.tenantId, started.body.transactionId);
    },
    async stop() {
      await lango.stop();
    },
  };
  return sandbox;
}
