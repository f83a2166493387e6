// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LangoError } from '../../../platform/errors/index.js';
import { openFspiopKeyDirectory } from './key-directory.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lango-fspiop-keys-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('FSPIOP key directory', () => {
  it('generates an EC P-256 pair per FSP: PKCS#8 private key readable by the owner only, public key where sdk-scheme-adapter looks', async () => {
    const dir = await tempDir();
    const keys = await openFspiopKeyDirectory(dir, { generate: ['buffalo', 'switch'] });
    const privateKey = createPrivateKey(keys.signingKey('buffalo'));
    assert.equal(privateKey.asymmetricKeyType, 'ec');
    assert.equal(privateKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(keys.signingKey('buffalo'), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal((await stat(join(dir, 'private', 'buffalo.key'))).mode & 0o777, 0o600);
    assert.equal(keys.verificationKey('buffalo'), await readFile(join(dir, 'jws', 'buffalo.pem'), 'utf8'));
    assert.equal(keys.verificationKey('buffalo'), createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
    assert.equal(keys.verificationKeysDirectory, join(dir, 'jws'));
    assert.deepEqual((await readdir(join(dir, 'private'))).sort(), ['buffalo.key', 'switch.key'], 'no temporary files are left behind');
  });

  it('keeps existing keys when opened again', async () => {
    const dir = await tempDir();
    const first = await openFspiopKeyDirectory(dir, { generate: ['lion'] });
    const second = await openFspiopKeyDirectory(dir, { generate: ['lion', 'rhino'] });
    assert.equal(second.signingKey('lion'), first.signingKey('lion'));
    assert.equal(second.verificationKey('lion'), first.verificationKey('lion'));
    assert.ok(second.signingKey('rhino'));
  });

  it('gives exactly one key to concurrent openers of the same directory', async () => {
    const dir = await tempDir();
    const opened = await Promise.all([1, 2, 3].map(() => openFspiopKeyDirectory(dir, { generate: ['elephant'] })));
    const pems = new Set(opened.map((keys) => keys.signingKey('elephant')));
    assert.equal(pems.size, 1);
    assert.equal(opened[0]!.verificationKey('elephant'), createPublicKey([...pems][0]!).export({ type: 'spki', format: 'pem' }));
  });

  it('refuses to sign for an FSP whose private key it does not hold, naming it', async () => {
    const keys = await openFspiopKeyDirectory(await tempDir(), { generate: [] });
    assert.throws(() => keys.signingKey('leopard'), (error: unknown) => error instanceof LangoError && /leopard/.test(error.message));
  });

  it('finds a peer\'s public key dropped into jws/ after opening', async () => {
    const dir = await tempDir();
    const keys = await openFspiopKeyDirectory(dir, { generate: [], missingKeyRecheckMs: 0 });
    const peer = await openFspiopKeyDirectory(await tempDir(), { generate: ['peer'] });
    assert.equal(keys.verificationKey('peer'), undefined);
    await writeFile(join(dir, 'jws', 'peer.pem'), peer.verificationKey('peer')!);
    assert.equal(keys.verificationKey('peer'), peer.verificationKey('peer'));
  });

  it('never reads outside the directory for a hostile FSPIOP-Source', async () => {
    const keys = await openFspiopKeyDirectory(await tempDir(), { generate: [] });
    assert.equal(keys.verificationKey('../../../etc/passwd'), undefined);
    assert.throws(() => keys.signingKey('../x'), LangoError);
    await assert.rejects(openFspiopKeyDirectory(await tempDir(), { generate: ['../x'] }), LangoError);
  });

  it('stops at start when a public key does not belong to the private key', async () => {
    const dir = await tempDir();
    await openFspiopKeyDirectory(dir, { generate: ['lion'] });
    const other = await openFspiopKeyDirectory(await tempDir(), { generate: ['lion'] });
    await writeFile(join(dir, 'jws', 'lion.pem'), other.verificationKey('lion')!);
    await assert.rejects(openFspiopKeyDirectory(dir, { generate: ['lion'] }), /not the public key/);
  });
});
