// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StartupError } from '../errors/lango-error.js';
import { createRootCa } from './certificate-issuer.js';
import { loadCaBundle, loadPemFiles } from './load-pem-files.js';

/** A StartupError whose single line names `file`. */
function startupErrorNaming(file: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StartupError, String(error));
    assert.ok(error.message.includes(file), error.message);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  };
}

describe('operator PEM files', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lango-pem-'));
    // An operator's certificate as openssl makes it: RSA, where the sandbox uses P-256.
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'), '-out', file('cert.pem'), '-subj', '/CN=api.bank.example', '-days', '1');
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('other-key.pem'));
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', 'pass:secret', '-out', file('encrypted-key.pem'));
    const [first, second] = await Promise.all([createRootCa({ commonName: 'Client CA 1', validityDays: 1 }), createRootCa({ commonName: 'Client CA 2', validityDays: 1 })]);
    await writeFile(file('client-cas.pem'), `${first?.certPem}${second?.certPem}`);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a matching certificate and key, and splits the CA bundle into certificates', async () => {
    const loaded = await loadPemFiles({ certFile: file('cert.pem'), keyFile: file('key.pem'), caFile: file('client-cas.pem') });
    assert.equal(loaded.certPem, await readFile(file('cert.pem'), 'utf8'));
    assert.equal(loaded.keyPem, await readFile(file('key.pem'), 'utf8'));
    assert.equal(loaded.caPems.length, 2);
  });

  it('needs no CA file', async () => {
    const loaded = await loadPemFiles({ certFile: file('cert.pem'), keyFile: file('key.pem') });
    assert.deepEqual(loaded.caPems, []);
  });

  it('loads a client CA bundle on its own', async () => {
    const caPems = await loadCaBundle(file('client-cas.pem'));
    assert.equal(caPems.length, 2);
    assert.ok(caPems.every((pem) => pem.startsWith('-----BEGIN CERTIFICATE-----')));
  });

  it('refuses a key that is not the certificate’s, naming the key file', async () => {
    await assert.rejects(loadPemFiles({ certFile: file('cert.pem'), keyFile: file('other-key.pem') }), startupErrorNaming(file('other-key.pem')));
  });

  it('refuses a missing file, naming it', async () => {
    await assert.rejects(loadPemFiles({ certFile: file('absent.pem'), keyFile: file('key.pem') }), startupErrorNaming(file('absent.pem')));
  });

  it('refuses an encrypted key, naming it', async () => {
    await assert.rejects(loadPemFiles({ certFile: file('cert.pem'), keyFile: file('encrypted-key.pem') }), startupErrorNaming(file('encrypted-key.pem')));
  });

  it('refuses a certificate file that holds a key instead, naming it', async () => {
    await assert.rejects(loadPemFiles({ certFile: file('key.pem'), keyFile: file('key.pem') }), startupErrorNaming(file('key.pem')));
  });

  it('refuses a CA file without certificates, naming it', async () => {
    await assert.rejects(loadPemFiles({ certFile: file('cert.pem'), keyFile: file('key.pem'), caFile: file('other-key.pem') }), startupErrorNaming(file('other-key.pem')));
    await assert.rejects(loadCaBundle(file('other-key.pem')), startupErrorNaming(file('other-key.pem')));
  });
});
