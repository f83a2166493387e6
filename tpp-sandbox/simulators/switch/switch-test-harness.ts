// SPDX-License-Identifier: Apache-2.0
// Test fixture: the switch simulator on a loopback listener with a real SQLite file, and two fake DFSPs (payerfsp,
// payeefsp) that receive FSPIOP on their own listeners, verify signatures with a shared key directory and record
// every message. Used by the tests beside it only.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createFspiopHttpClient, fspiopRoutes, openFspiopKeyDirectory, type FspiopHttpClient, type FspiopKeys, type FspiopRequest, type InboundFspiopMessage } from '../../../hub/index.js';
import { sendError } from '../../../platform/http/index.js';
import { createLogger, type Logger } from '../../../platform/log/index.js';
import { openDatabase, type SqlDatabase } from '../../../platform/store/index.js';
import type { SwitchSimulator } from './switch-api.js';
import { openSwitchSimulator } from './switch-simulator.js';

export const PAYER = 'payerfsp';
export const PAYEE = 'payeefsp';

export interface FakeDfsp {
  fspId: string;
  url: string;
  received: InboundFspiopMessage[];
  /** Sends to the switch as this FSP (signed with its key). */
  send(request: Omit<FspiopRequest, 'source'>): Promise<void>;
  /** Waits until a message matching `match` arrived (and returns it); fails after `timeoutMs`. */
  waitFor(match: (message: InboundFspiopMessage) => boolean, timeoutMs?: number): Promise<InboundFspiopMessage>;
}

export interface SwitchHarness {
  dir: string;
  keys: FspiopKeys;
  logger: Logger;
  database: SqlDatabase;
  simulator: SwitchSimulator;
  switchUrl: string;
  payer: FakeDfsp;
  payee: FakeDfsp;
  /** Closes the switch listener, simulator and database, then opens all three again on the same SQLite file. */
  restart(): Promise<void>;
  /** A call to the admin API; the answer parsed as JSON. */
  admin<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

async function listen(server: FastifyInstance): Promise<string> {
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  return address.replace('localhost', '127.0.0.1');
}

/** Waits until `read()` returns a value (polling every 10 ms) or fails after `timeoutMs`. */
export async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function startDfsp(fspId: string, keys: FspiopKeys, logger: Logger, switchUrl: () => string, clients: FspiopHttpClient[]): Promise<{ dfsp: FakeDfsp; server: FastifyInstance }> {
  const received: InboundFspiopMessage[] = [];
  const server = Fastify();
  server.setErrorHandler((error, request, reply) => sendError(request, reply, error, 'fspiop'));
  await server.register(fspiopRoutes, { handler: { handle: async (message) => { received.push(message); } }, keys, acceptsDestination: (destination) => destination === fspId });
  const url = await listen(server);
  const client = createFspiopHttpClient({ endpointOf: () => `${switchUrl()}/switch`, keys, logger });
  clients.push(client);
  const dfsp: FakeDfsp = {
    fspId,
    url,
    received,
    send: (request) => client.send({ ...request, source: fspId }),
    waitFor: (match, timeoutMs = 5000) => eventually(() => received.find(match), timeoutMs, `a message at ${fspId}`),
  };
  return { dfsp, server };
}

/** Starts the switch and the two DFSPs; payer and payee registered in TZS with a cap of 1000. */
export async function startSwitchHarness(options: { clock?: () => number } = {}): Promise<SwitchHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'lango-switch-sim-'));
  // SWITCH_TEST_LOG=debug shows what the switch did while a test ran.
  const logger = createLogger({ level: process.env['SWITCH_TEST_LOG'] ?? 'silent' });
  const keys = await openFspiopKeyDirectory(join(dir, 'keys'), { generate: ['switch', PAYER, PAYEE] });
  let database = await openDatabase({ dataDir: join(dir, 'data') });
  const clients: FspiopHttpClient[] = [];
  let switchUrl = '';
  const payer = await startDfsp(PAYER, keys, logger, () => switchUrl, clients);
  const payee = await startDfsp(PAYEE, keys, logger, () => switchUrl, clients);
  const endpoints: Record<string, string> = { [PAYER]: payer.dfsp.url, [PAYEE]: payee.dfsp.url };

  // The switch holds only its own private key, as in a real scheme: a forward it re-signed would fail here.
  const switchKeys: FspiopKeys = {
    signingKey: (fspId) => {
      if (fspId !== 'switch') throw new Error(`the switch has no signing key for ${fspId}`);
      return keys.signingKey(fspId);
    },
    verificationKey: (fspId) => keys.verificationKey(fspId),
  };
  const open = async () => {
    const simulator = await openSwitchSimulator({ database, keys: switchKeys, logger, endpointOf: (fspId) => endpoints[fspId], ...(options.clock && { clock: options.clock }) });
    const server = Fastify();
    await server.register(simulator.routes);
    const url = await listen(server);
    return { simulator, server, url };
  };
  let current = await open();
  switchUrl = current.url;
  await current.simulator.registerParticipant({ fspId: PAYER, name: 'Payer Bank', currency: 'TZS', netDebitCap: '1000' });
  await current.simulator.registerParticipant({ fspId: PAYEE, name: 'Payee Bank', currency: 'TZS', netDebitCap: '1000' });

  const harness: SwitchHarness = {
    dir, keys, logger,
    get database() { return database; },
    get simulator() { return current.simulator; },
    get switchUrl() { return current.url; },
    payer: payer.dfsp,
    payee: payee.dfsp,
    async restart() {
      await current.server.close();
      await current.simulator.close();
      await database.close();
      database = await openDatabase({ dataDir: join(dir, 'data') });
      current = await open();
      switchUrl = current.url;
    },
    async admin<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${current.url}/switch/admin${path}`, {
        method, ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async close() {
      await current.server.close();
      await current.simulator.close();
      for (const client of clients) client.close();
      await payer.server.close();
      await payee.server.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A fulfilment and its condition (sha256 of the 32 bytes, base64url). */
export function ilpSecretPair(): { fulfilment: string; condition: string } {
  const preimage = randomBytes(32);
  return { fulfilment: preimage.toString('base64url'), condition: createHash('sha256').update(preimage).digest('base64url') };
}

/** A valid POST /transfers body from payerfsp to payeefsp. */
export function prepareBody(overrides: { amount?: string; expiresInMs?: number; condition?: string; transferId?: string } = {}) {
  return {
    transferId: overrides.transferId ?? randomUUID(),
    payerFsp: PAYER,
    payeeFsp: PAYEE,
    amount: { amount: overrides.amount ?? '100.5', currency: 'TZS' },
    // Any base64url passes the schema; the switch never opens the packet.
    ilpPacket: 'AYIBgQAAAAAAAASwNGxldmVsb25lLmRmc3AxLm1lci45T2RTOF81MDdqUUZERmZlakgyOVc4bXFmNEpLMHlGTFGCAUBQU0svMS4wCk5vbmNl',
    condition: overrides.condition ?? ilpSecretPair().condition,
    expiration: new Date(Date.now() + (overrides.expiresInMs ?? 60_000)).toISOString(),
  };
}

export const errorCodeIn = (message: InboundFspiopMessage): string | undefined =>
  (message.body as { errorInformation?: { errorCode?: string } } | undefined)?.errorInformation?.errorCode;
