// SPDX-License-Identifier: Apache-2.0
// kill -9 at random moments, several times, while instances run through jobs, a timer and a message
// wait: after the last restart every instance finished exactly once and no job ran twice under two keys.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { tempDir } from '../support/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const INSTANCES = 400;
const KILLS = 5;

function runChild(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/reliability/crash-child.ts', dataDir, String(INSTANCES)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return { child, stderr: () => stderr };
}

describe('embedded engine under kill -9', () => {
  it('finishes every instance exactly once with one side effect per job, whatever moment it is killed', async () => {
    const dataDir = tempDir('crash');
    let interrupted = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const { child } = runChild(dataDir);
      // Random moments: during start-up, deployment, creation, jobs, timers and correlation.
      await new Promise((resolve) => setTimeout(resolve, 400 + Math.floor(Math.random() * 800)));
      if (child.exitCode !== null) continue;
      child.kill('SIGKILL');
      await once(child, 'exit');
      interrupted += 1;
    }
    assert.ok(interrupted >= 3, `only ${interrupted} kills hit a running engine`);
    const last = runChild(dataDir);
    const [code] = (await Promise.race([once(last.child, 'exit'), new Promise((resolve) => setTimeout(() => resolve([null]), 60_000))])) as [number | null];
    if (code === null) last.child.kill('SIGKILL');
    assert.equal(code, 0, `the last run did not finish: ${last.stderr()}`);

    const effects = new BetterSqlite3(join(dataDir, 'effects.db'), { readonly: true });
    try {
      for (const type of ['crash-charge', 'crash-ask', 'crash-finish']) {
        const rows = effects.prepare('SELECT business_id, count(*) AS jobs FROM effects WHERE type = ? GROUP BY business_id').all(type) as { business_id: string; jobs: number }[];
        assert.equal(rows.length, INSTANCES, `${type}: every instance ran it`);
        const twice = rows.filter((row) => row.jobs !== 1);
        assert.deepEqual(twice, [], `${type}: an instance ran it under more than one job key (a duplicated instance or step)`);
      }
      const { deliveries, jobs } = effects.prepare('SELECT count(*) AS deliveries, count(DISTINCT job_key) AS jobs FROM attempts').get() as { deliveries: number; jobs: number };
      assert.equal(jobs, INSTANCES * 3);
      assert.ok(deliveries >= jobs, 'at-least-once: a job may be delivered again after a crash, never lost');
    } finally {
      effects.close();
    }
  });
});
