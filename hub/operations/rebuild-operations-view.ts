// SPDX-License-Identifier: Apache-2.0
// Rebuilds the operations view from the event log, from the command line, with the configuration of the app
// (LANGO_DATA_DIR / LANGO_DATABASE_URL, LANGO_EVENT_LOG, …):
//   node --import tsx hub/operations/rebuild-operations-view.ts        (npm run operations:rebuild)
// Stop the operations role first: the view is emptied and filled again by a streamer of a new consumer group.
// The audit trail is not touched (it is append-only). Exit status: 0 rebuilt, 2 the command could not run.
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../platform/config/index.js';
import { openEventLog } from '../../platform/events/index.js';
import { createLogger } from '../../platform/log/index.js';
import { openDatabase } from '../../platform/store/index.js';
import { openSqlOperationsView } from './adapters/sql/sql-operations-view.js';
import { startOperationsStreamer } from './operations-streamer.js';

/** Where the command reports. */
export interface TextOutput {
  write(text: string): unknown;
}

/** Rebuilds the view of the configured store from the configured event log; resolves with the exit status. */
export async function runRebuildCommand(env: NodeJS.ProcessEnv, out: TextOutput, timeoutMs = 30 * 60_000): Promise<number> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  const database = await openDatabase({ dataDir: config.dataDir, url: config.database.url, schema: config.database.schema, poolSize: config.database.poolSize });
  try {
    const eventLog = await openEventLog(config.eventLog.kind === 'kafka'
      ? { kind: 'kafka', brokers: [...config.eventLog.kafkaBrokers], clientId: config.eventLog.kafkaClientId, logger }
      : { kind: 'sql', database, logger });
    try {
      const view = await openSqlOperationsView(database);
      const streamer = await startOperationsStreamer({ eventLog, view, logger });
      const started = Date.now();
      await streamer.rebuild(timeoutMs);
      await streamer.close();
      await out.write(`operations view rebuilt from the event log in ${Date.now() - started} ms (consumer group ${streamer.group})\n`);
      return 0;
    } finally {
      await eventLog.close();
    }
  } catch (error) {
    await out.write(`rebuilding the operations view failed: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runRebuildCommand(process.env, process.stdout);
}
