// SPDX-License-Identifier: Apache-2.0
// The consent server alone on a loopback listener, with the PSU pages' clock in the test's hand (one-time code
// expiry), on a seeded sandbox directory with the demo and operations clients. oidc-provider keeps the real clock.
import type { FastifyInstance } from 'fastify';
import { dialectFor } from '../../app/error-dialects.js';
import { openClientRegistry, openConsentServer, openSqlConsentStore, type ConsentServer } from '../../consent/index.js';
import { MemoryCache } from '../../platform/cache/index.js';
import { createHttpServer } from '../../platform/http/index.js';
import { createLogger } from '../../platform/log/index.js';
import { createMetrics } from '../../platform/metrics/index.js';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import {
  SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION, ensureDemoClients, openSqlDemoClientStore, openSqlSandboxDirectory, sandboxOneTimeCodes,
  type DemoClient,
} from '../../tpp-sandbox/index.js';
import { tempDir } from './temp-dir.js';

export interface ClockedConsentServer {
  url: string;
  issuer: string;
  demoClients: DemoClient[];
  /** Epoch ms the PSU pages see; move it forward to let a one-time code expire. */
  clock: { now: number };
  stop(): Promise<void>;
}

export async function startClockedConsentServer(): Promise<ClockedConsentServer> {
  const logger = createLogger({ level: process.env.LANGO_TEST_LOG_LEVEL ?? 'silent' });
  const clock = { now: Date.now() };
  const database: SqlDatabase = await openDatabase({ dataDir: tempDir('consent-clock') });
  const cache = new MemoryCache({ prefix: 'test:' });
  let server: FastifyInstance | undefined;
  let consent: ConsentServer | undefined;
  try {
    const sandbox = await openSqlSandboxDirectory(database);
    await sandbox.seed(SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION);
    const demoClients = await ensureDemoClients(await openSqlDemoClientStore(database), await openClientRegistry(database));
    consent = await openConsentServer({
      database, cache, logger, psuDirectory: sandbox, oneTimeCodes: sandboxOneTimeCodes, consents: await openSqlConsentStore(database), now: () => clock.now,
    });
    server = createHttpServer({ name: 'public', logger, metrics: createMetrics(), bodyLimitBytes: 1024 * 1024, dialectFor: (url) => dialectFor('public', url) });
    await consent.routes(server);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await consent.start({ public: url });
    const [started, opened] = [server, consent];
    return {
      url, issuer: `${url}/oauth`, demoClients, clock,
      async stop() {
        await started.close();
        await opened.close();
        await cache.close();
        await database.close();
      },
    };
  } catch (error) {
    await server?.close();
    await consent?.close();
    await cache.close();
    await database.close();
    throw error;
  }
}
