// SPDX-License-Identifier: Apache-2.0
// The payment hub of one deployment: the flows' workers on the engine, the scheme's inbound handler and the
// channel's use cases, over the ports the composition root gives it.
import { createHmac } from 'node:crypto';
import type { Logger } from '../platform/log/index.js';
import type { SqlDatabase } from '../platform/store/index.js';
import type { AccountingSystem } from './ams/accounting-system.js';
import { ChannelService } from './channel/channel-service.js';
import type { FspiopClient, FspiopInboundHandler } from './connectors/mojaloop/fspiop.js';
import { createIlp, type FspiopIlp } from './connectors/mojaloop/ilp.js';
import type { JobWorker, WorkflowEngine } from './engine/workflow-engine.js';
import { DEFAULT_FLOW_SETTINGS, type FlowContext, type FlowSettings } from './flows/flow-context.js';
import { onUsWorkers } from './flows/on-us-workers.js';
import { payeeWorkers, startPayeeTransfer } from './flows/payee-workers.js';
import { payerTransferWorkers } from './flows/payer-transfer-workers.js';
import { registrationWorkers } from './flows/registration-workers.js';
import { requestToPayWorkers } from './flows/request-to-pay-workers.js';
import { schemeInboundHandler } from './flows/scheme-inbound.js';
import { Tenants, type HubTenant } from './flows/tenants.js';
import { sqlIdentityMapping, type IdentityMapping } from './identity/identity-mapping.js';
import { sqlNotificationOutbox, type NotificationOutbox, type Notifier } from './notifications/notifications.js';
import { openSqlPaymentStore } from './payments/adapters/sql/sql-payment-store.js';
import type { PaymentStore, TransferRecord } from './payments/payment-records.js';

export interface PaymentHubSettings {
  engine: WorkflowEngine;
  database: SqlDatabase;
  ams: AccountingSystem;
  fspiop: FspiopClient;
  /** Master secret; each tenant's ILP secret is derived from it, so tenants never share fulfilments. */
  ilpSecret: string;
  tenants: readonly HubTenant[];
  /** Where notifications go; the sandbox outbox on the hub's tables when absent. */
  notifier?: Notifier;
  settings?: Partial<Omit<FlowSettings, 'timeouts'>> & { timeouts?: Partial<FlowSettings['timeouts']> };
  logger: Logger;
  now?: () => number;
}

export interface PaymentHub {
  /** Handles FSPIOP messages of the scheme listener. */
  readonly inbound: FspiopInboundHandler;
  readonly channel: ChannelService;
  readonly identities: IdentityMapping;
  readonly outbox: NotificationOutbox;
  readonly store: PaymentStore;
  readonly tenants: Tenants;
  /** Stops the workers; in-flight jobs finish first. */
  close(): Promise<void>;
}

/** A party lookup unanswered this long is forgotten: its flow gave up long before (the lookup timer is shorter). */
const LOOKUP_RETENTION_MS = 60 * 60_000;

/**
 * Transfers recorded at least this long ago without a flow were cut off by a crash between the two writes (a
 * live request creates its flow within milliseconds of recording it).
 */
const UNSTARTED_GRACE_MS = 5_000;

/** The identity mapping on its tables, brought up to date: for a sandbox process that seeds it apart from the hub. */
export async function openIdentityMapping(database: SqlDatabase): Promise<IdentityMapping> {
  await openSqlPaymentStore(database);
  return sqlIdentityMapping(database);
}

/** Opens the payment records, starts every worker and resumes transfers recorded before a crash. */
export async function openPaymentHub(settings: PaymentHubSettings): Promise<PaymentHub> {
  const store = await openSqlPaymentStore(settings.database);
  const identities = sqlIdentityMapping(settings.database);
  const outbox = sqlNotificationOutbox(settings.database);
  const ilps = new Map<string, FspiopIlp>();
  const flowSettings: FlowSettings = {
    ...DEFAULT_FLOW_SETTINGS,
    ...settings.settings,
    timeouts: { ...DEFAULT_FLOW_SETTINGS.timeouts, ...settings.settings?.timeouts },
  };
  const context: FlowContext = {
    engine: settings.engine,
    store,
    ams: settings.ams,
    fspiop: settings.fspiop,
    ilpFor(tenantId) {
      let ilp = ilps.get(tenantId);
      if (!ilp) {
        ilp = createIlp(createHmac('sha256', settings.ilpSecret).update(`ilp:${tenantId}`).digest('base64url'));
        ilps.set(tenantId, ilp);
      }
      return ilp;
    },
    tenants: new Tenants(settings.tenants),
    identities,
    notifier: settings.notifier ?? outbox,
    settings: flowSettings,
    logger: settings.logger,
    now: settings.now ?? Date.now,
  };
  const workers: JobWorker[] = [
    ...payerTransferWorkers(context),
    ...payeeWorkers(context),
    ...requestToPayWorkers(context),
    ...registrationWorkers(context),
    ...onUsWorkers(context),
  ];
  const channel = new ChannelService(context);
  // At start, and then every few seconds: a record younger than the grace period at start-up is found later.
  let sweeping = sweep(context, channel);
  await sweeping;
  const sweeper = setInterval(() => {
    sweeping = sweeping.then(() => sweep(context, channel)).catch((error: unknown) => settings.logger.warn({ err: error }, 'resuming recorded transfers failed'));
  }, UNSTARTED_GRACE_MS);
  sweeper.unref();
  return {
    inbound: schemeInboundHandler(context),
    channel,
    identities,
    outbox,
    store,
    tenants: context.tenants,
    async close() {
      clearInterval(sweeper);
      await sweeping;
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}

/**
 * Housekeeping, at start and every few seconds. A transfer is recorded before its flow is created; a crash between
 * the two leaves it RECEIVED with no flow. Its caller was never answered, so starting the flow now keeps the
 * promise "recorded means processed". Party lookups nobody answered are forgotten after an hour.
 */
/** A transfer between two accounts of one tenant: both parties of its FSP, named by account (startOnUsTransfer). */
function isOnUs(record: TransferRecord): boolean {
  return record.payee.idType === 'ACCOUNT_ID' && record.payer.idType === 'ACCOUNT_ID' && record.payee.fspId === record.payer.fspId;
}

async function sweep(context: FlowContext, channel: ChannelService): Promise<void> {
  await context.store.forgetLookupsBefore(context.now() - LOOKUP_RETENTION_MS);
  for (const record of await context.store.unstartedTransfers(context.now() - UNSTARTED_GRACE_MS)) {
    if (record.direction === 'OUTBOUND' && isOnUs(record)) {
      await channel.startOnUsFlow(record);
    } else if (record.direction === 'OUTBOUND') {
      await channel.startPayerTransfer(record, false);
    } else {
      // POST /transfers comes from the payer FSP (the switch forwards it with the payer's FSPIOP-Source).
      await startPayeeTransfer(context, record, record.payer.fspId!);
    }
    context.logger.warn({ transferId: record.transferId, direction: record.direction }, 'transfer recorded before a crash: flow started now');
  }
}
