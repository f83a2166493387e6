// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from './logger.js';

function capture() {
  let output = '';
  const destination = new Writable({ write(chunk, _encoding, done) { output += String(chunk); done(); } });
  return { logger: createLogger({ level: 'debug', destination }), output: () => output };
}

describe('logger', () => {
  it('redacts credentials, tokens and personal data wherever they appear in a logged object', () => {
    const { logger, output } = capture();
    logger.info({
      req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=s3ss10n', dpop: 'eyJhbGciOi' } },
      login: { username: 'john.smith', password: 'buffalo-pass-1', otp: '123456' },
      client: { client_secret: 'shh-secret' },
      party: { msisdn: '27710101999', firstName: 'John', lastName: 'Smith' },
      settings: { databaseUrl: 'postgres://lango:pw@db/lango' },
    }, 'event');
    const line = output();
    for (const secret of ['abc.def.ghi', 's3ss10n', 'eyJhbGciOi', 'buffalo-pass-1', '123456', 'shh-secret', '27710101999', 'Smith', 'postgres://']) {
      assert.ok(!line.includes(secret), `${secret} leaked into ${line}`);
    }
    assert.ok(line.includes('john.smith'), 'non-sensitive fields stay readable');
    assert.equal(JSON.parse(line).level, 'info');
  });
});
