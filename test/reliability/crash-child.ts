// SPDX-License-Identifier: Apache-2.0
// The process the crash test kills: starts INSTANCES flows (again after every restart: message ids make
// repeats harmless) and runs their workers, recording each side effect once per job key in a file of its
// own. Exits 0 once every instance has finished. Usage: crash-child.ts <dataDir> <instances>
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { complete, openEmbeddedEngine } from '../../hub/engine/index.js';
import { CRASH_FLOW } from './crash-flow.js';

const [dataDir, count] = [process.argv[2]!, Number(process.argv[3])];
const effects = new BetterSqlite3(join(dataDir, 'effects.db'));
effects.pragma('journal_mode = WAL');
effects.pragma('synchronous = FULL');
effects.exec(`CREATE TABLE IF NOT EXISTS effects (job_key TEXT PRIMARY KEY, type TEXT NOT NULL, business_id TEXT NOT NULL);
              CREATE TABLE IF NOT EXISTS attempts (job_key TEXT NOT NULL, at INTEGER NOT NULL)`);
const record = effects.prepare('INSERT OR IGNORE INTO effects (job_key, type, business_id) VALUES (?, ?, ?)');
const attempt = effects.prepare('INSERT INTO attempts (job_key, at) VALUES (?, ?)');
const finished = effects.prepare("SELECT count(DISTINCT business_id) AS n FROM effects WHERE type = 'crash-finish'");

const engine = await openEmbeddedEngine({ dataDir: join(dataDir, 'engine'), durability: 'normal' });
await engine.deploy([{ name: 'crash-flow.bpmn', xml: CRASH_FLOW }]);

// An idempotent worker: the side effect is keyed by the job key, every delivery is counted.
for (const type of ['crash-charge', 'crash-ask', 'crash-finish']) {
  engine.createWorker({
    taskType: type, maxJobsActive: 64, timeout: 2_000,
    handler: async (job) => {
      const businessId = String(job.variables.businessId);
      attempt.run(job.key, Date.now());
      if (type === 'crash-ask') {
        await engine.publishMessage({ name: 'crash-confirm', correlationKey: businessId, messageId: `confirm-${businessId}`, timeToLive: 600_000 });
      }
      record.run(job.key, type, businessId);
      return complete();
    },
  });
}

for (let index = 0; index < count; index += 1) {
  const businessId = `b-${index}`;
  await engine.publishMessage({ name: 'crash-start', correlationKey: businessId, messageId: businessId, timeToLive: 600_000, variables: { businessId } });
}
process.stdout.write('started\n');

const poll = setInterval(() => {
  if ((finished.get() as { n: number }).n >= count) {
    clearInterval(poll);
    void engine.close().then(() => process.exit(0));
  }
}, 50);
