// SPDX-License-Identifier: Apache-2.0
// What an operator sees when Lango cannot start: one line naming the cause, and a non-zero exit.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ephemeralEnv, runLangoToExit } from '../support/lango-process.js';
import { tempDir } from '../support/temp-dir.js';

const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  return lines[0]!;
};

describe('start-up failures', () => {
  it('stops on an invalid option with exit code 2 and names the option and what is allowed', async () => {
    const result = await runLangoToExit(ephemeralEnv(tempDir('bad'), { LANGO_PUBLIC_PORT: 'eighty' }));
    assert.equal(result.code, 2);
    assert.equal(oneLine(result.stderr), 'lango: configuration error: LANGO_PUBLIC_PORT: "eighty" is not an integer (allowed: a TCP port from 0 to 65535 (0 picks a free one))');
  });

  it('stops on an unknown LANGO_ option and suggests the right one', async () => {
    const result = await runLangoToExit(ephemeralEnv(tempDir('bad'), { LANGO_LOGLEVEL: 'debug' }));
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /^lango: configuration error: LANGO_LOGLEVEL: is not a Lango option \(did you mean LANGO_LOG_LEVEL\?\)/);
  });

  it('stops when a port is taken, naming the listener, the address and the option to change', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runLangoToExit(ephemeralEnv(tempDir('busy'), { LANGO_CHANNEL_PORT: String(port) }));
      assert.equal(result.code, 1);
      assert.equal(oneLine(result.stderr), `lango: channel listener cannot bind 127.0.0.1:${port}: address already in use (EADDRINUSE; set LANGO_CHANNEL_PORT or LANGO_CHANNEL_HOST)`);
    } finally {
      blocker.close();
    }
  });

  it('stops when the database is unreachable, without printing its password', async () => {
    const result = await runLangoToExit(ephemeralEnv(tempDir('nodb'), { LANGO_DATABASE_URL: 'postgres://lango:hunter2@127.0.0.1:1/lango' }));
    assert.equal(result.code, 1);
    assert.equal(oneLine(result.stderr), 'lango: database unreachable at postgres://lango:***@127.0.0.1:1/lango: ECONNREFUSED');
    assert.ok(!result.stdout.includes('hunter2') && !result.stderr.includes('hunter2'));
  });

  it('stops when Redis is unreachable', async () => {
    const result = await runLangoToExit(ephemeralEnv(tempDir('noredis'), { LANGO_REDIS_URL: 'redis://127.0.0.1:1' }));
    assert.equal(result.code, 1);
    assert.match(oneLine(result.stderr), /^lango: cache unreachable at redis:\/\/127\.0\.0\.1:1.*ECONNREFUSED/);
  });
});
