// SPDX-License-Identifier: Apache-2.0
// Builds the gateway role: the Berlin Group API on the consent server's tokens, the banks' accounts from the
// sandbox directory, balances and transactions from the banks' Fineract, payments through the hub in this process.
import type { ConsentServer, ConsentStore } from '../consent/index.js';
import { openBerlinGroupApi, type AccountDirectory, type BankAccount, type BerlinGroupApi, type PaymentExecution } from '../gateway/index.js';
import type { AccountingSystem, PaymentHub, WorkflowEngine } from '../hub/index.js';
import type { Cache } from '../platform/cache/index.js';
import type { LangoConfig, ListenerName } from '../platform/config/index.js';
import { UnavailableError } from '../platform/errors/index.js';
import type { EventLog } from '../platform/events/index.js';
import type { Logger } from '../platform/log/index.js';
import type { SqlDatabase } from '../platform/store/index.js';
import type { SandboxDirectory } from '../tpp-sandbox/index.js';

/** How long the directory's snapshot of accounts is used before it is read again, ms. */
const DIRECTORY_REFRESH_MS = 5_000;

/** The banks' accounts from the sandbox directory, as one snapshot refreshed every few seconds or on a miss. */
export function sandboxAccountDirectory(directory: SandboxDirectory): AccountDirectory {
  interface Snapshot { at: number; banks: Awaited<ReturnType<SandboxDirectory['banks']>>; accounts: BankAccount[] }
  let snapshot: Promise<Snapshot> | undefined;
  const load = async (): Promise<Snapshot> => {
    const [banks, psus, accounts, identifiers] = await Promise.all([directory.banks(), directory.psus(), directory.accounts(), directory.identifiers()]);
    return {
      at: Date.now(),
      banks,
      accounts: accounts.map((account) => ({
        id: account.id, tenantId: account.tenantId, psuId: account.psuId, number: account.number, amsAccountId: account.externalId,
        name: account.name, product: account.product, currency: account.currency,
        ownerName: psus.find((psu) => psu.id === account.psuId)?.fullName ?? '',
        msisdn: identifiers.find((mapping) => mapping.accountId === account.id)?.idValue,
      })),
    };
  };
  const current = async (fresh = false) => {
    const loaded = snapshot && (await snapshot);
    if (!loaded || fresh || Date.now() - loaded.at > DIRECTORY_REFRESH_MS) {
      snapshot = load();
      snapshot.catch(() => (snapshot = undefined));
    }
    return snapshot!;
  };
  const find = async (match: (account: BankAccount) => boolean) => (await current()).accounts.find(match) ?? (await current(true)).accounts.find(match);
  return {
    banks: async () => (await current()).banks.map((bank) => ({ tenantId: bank.tenantId, name: bank.name, currency: bank.currency })),
    account: (id) => find((account) => account.id === id),
    accountByNumber: (tenantId, number) => find((account) => account.tenantId === tenantId && account.number === number),
    accountByMsisdn: (tenantId, msisdn) => find((account) => account.tenantId === tenantId && account.msisdn === msisdn),
    accountsOf: async (psuId) => (await current()).accounts.filter((account) => account.psuId === psuId),
  };
}

/** Payments through the hub's channel service in this process. */
export function hubPaymentExecution(hub: PaymentHub): PaymentExecution {
  const progressOf = (view: { transactionId: string; status: string; errorCode?: string | undefined; errorDescription?: string | undefined }) => ({
    transactionId: view.transactionId, state: view.status as 'RECEIVED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED',
    errorCode: view.errorCode, errorDescription: view.errorDescription,
  });
  return {
    async start(order) {
      const caller = { clientId: order.clientId };
      const amount = { amount: order.amount, currency: order.currency };
      const view = order.creditor.route === 'on-us'
        ? await hub.channel.startOnUsTransfer(order.tenantId, caller, order.idempotencyKey, { payerAccountId: order.debtorAmsAccountId, payeeAccountId: order.creditor.amsAccountId, amount, note: order.note })
        : await hub.channel.startAccountTransfer(order.tenantId, caller, order.idempotencyKey, {
          payerAccountId: order.debtorAmsAccountId, payee: { partyIdInfo: { partyIdType: order.creditor.idType, partyIdentifier: order.creditor.idValue } }, amount, note: order.note,
        });
      return progressOf(view);
    },
    async progress(tenantId, transactionId) {
      try {
        return progressOf(await hub.channel.transfer(tenantId, transactionId));
      } catch {
        return undefined;
      }
    },
  };
}

export interface OpenGatewayInput {
  config: LangoConfig;
  database: SqlDatabase;
  eventLog: EventLog;
  cache: Cache;
  logger: Logger;
  consents: ConsentStore;
  consent: ConsentServer | undefined;
  directory: SandboxDirectory;
  ams: AccountingSystem;
  hub: PaymentHub | undefined;
  engine: WorkflowEngine | undefined;
  urls: Partial<Record<ListenerName, string>>;
  /** The trusted CAs of TPP certificates, known once the TLS listener's PKI is loaded. */
  trustedCas: () => readonly string[];
  /** The banks' seal for TPP notifications, once known. */
  seal: () => { certPem: string; keyPem: string } | undefined;
}

export function openGateway(input: OpenGatewayInput): Promise<BerlinGroupApi> {
  const { consent } = input;
  const needConsent = () => {
    if (!consent) throw new UnavailableError('UNAVAILABLE', 'the gateway needs the consent role in this process to check tokens');
    return consent;
  };
  return openBerlinGroupApi({
    database: input.database, eventLog: input.eventLog, cache: input.cache, logger: input.logger,
    consents: input.consents,
    accounts: sandboxAccountDirectory(input.directory),
    ams: input.ams,
    execution: input.hub && hubPaymentExecution(input.hub),
    engine: input.hub && input.engine,
    verifyToken: (request, scopes) => needConsent().verifyAccessToken(request, scopes),
    trustedCas: input.trustedCas,
    revokeGrant: (grantId) => needConsent().revokeGrant(grantId),
    oauthIssuer: () => consent?.issuer,
    publicUrls: () => ({ public: input.urls.public, publicTls: input.urls.publicTls }),
    rateLimitPerMinute: input.config.gateway.rateLimitPerMinute,
    seal: input.seal,
  });
}
