// SPDX-License-Identifier: Apache-2.0
// The same process on the production path: PostgreSQL for the store and the event log, Redis for the cache.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { postgresUrl } from '../support/databases.js';
import { ephemeralEnv, startLangoProcess } from '../support/lango-process.js';
import { tempDir } from '../support/temp-dir.js';

const redisUrl = process.env.LANGO_TEST_REDIS_URL;

describe('Lango on PostgreSQL and Redis', { skip: !postgresUrl || !redisUrl ? 'LANGO_TEST_DATABASE_URL and LANGO_TEST_REDIS_URL are needed' : undefined }, () => {
  it('keeps its data in the configured schema and resumes it on a second start', async () => {
    const schema = `e2e_${randomBytes(5).toString('hex')}`;
    const env = ephemeralEnv(tempDir('pg'), { LANGO_DATABASE_URL: postgresUrl!, LANGO_DATABASE_SCHEMA: schema, LANGO_REDIS_URL: redisUrl! });

    const first = await startLangoProcess(env);
    const manifest = (await (await fetch(`${first.urls.public}/sandbox/manifest.json`)).json()) as { seededAt: string; banks: unknown[] };
    assert.equal(manifest.banks.length, 5);
    const ready = (await (await fetch(`${first.urls.metrics}/health/ready`)).json()) as { status: string };
    assert.equal(ready.status, 'ready');
    assert.equal(await first.stop(), 0);

    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'sandbox_banks']);
      assert.equal(rows[0]!.count, '1', 'the sandbox tables live in the configured schema');
    } finally {
      await client.end();
    }

    const second = await startLangoProcess(env);
    try {
      const again = (await (await fetch(`${second.urls.public}/sandbox/manifest.json`)).json()) as { seededAt: string };
      assert.equal(again.seededAt, manifest.seededAt);
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });
});
