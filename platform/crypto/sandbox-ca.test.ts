// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { StartupError } from '../errors/lango-error.js';
import { createLogger } from '../log/logger.js';
import { issueCertificate } from './certificate-issuer.js';
import { ensureSandboxPki, sandboxCaKeyPem } from './sandbox-ca.js';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;
const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('sandbox PKI', () => {
  let root: string;
  let count = 0;
  const freshDir = (): string => join(root, `pki-${++count}`);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'lango-crypto-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the CA and server certificate on first start, keys readable by the owner only', async () => {
    const dir = freshDir();
    const { logger, lines } = capturingLogger();
    const pki = await ensureSandboxPki({ dir, hostnames: ['api.lango.test'], logger });

    assert.equal(pki.created, true);
    assert.equal(pki.serverIssued, true);
    assert.deepEqual((await readdir(dir)).sort(), ['ca-key.pem', 'ca.pem', 'server-key.pem', 'server.pem']);
    assert.equal(await modeOf(join(dir, 'ca-key.pem')), 0o600);
    assert.equal(await modeOf(join(dir, 'server-key.pem')), 0o600);
    assert.equal(await readFile(join(dir, 'ca.pem'), 'utf8'), pki.caCertPem);
    assert.equal(await readFile(join(dir, 'server-key.pem'), 'utf8'), pki.serverKeyPem);

    const ca = new X509Certificate(pki.caCertPem);
    assert.equal(ca.ca, true);
    assert.match(ca.subject, /CN=Lango Sandbox Root CA/);
    const server = new X509Certificate(pki.serverCertPem);
    assert.equal(server.checkIssued(ca), true);
    for (const name of ['api.lango.test', 'localhost']) assert.equal(server.checkHost(name), name);
    for (const ip of ['127.0.0.1', '::1']) assert.ok(server.checkIP(ip));

    const warning = lines.map((line) => JSON.parse(line) as { level: string; msg: string }).find((line) => line.level === 'warn');
    assert.match(warning?.msg ?? '', /development only/);
    const logged = lines.join('');
    assert.doesNotMatch(logged, /PRIVATE KEY/);
    assert.ok(!logged.includes(sandboxCaKeyPem(pki).split('\n')[1] ?? '-'), 'no key material in the logs');
  });

  it('keeps the CA and key off the returned object, reachable only through sandboxCaKeyPem', async () => {
    const pki = await ensureSandboxPki({ dir: freshDir(), hostnames: [], logger: capturingLogger().logger });
    assert.match(sandboxCaKeyPem(pki), /^-----BEGIN PRIVATE KEY-----/);
    const caKeyLine = sandboxCaKeyPem(pki).split('\n')[1] ?? '';
    assert.ok(caKeyLine.length > 0 && !JSON.stringify(pki).includes(caKeyLine));
    assert.throws(() => sandboxCaKeyPem({ ...pki }), TypeError);
  });

  it('loads the same certificates on a later start instead of generating new ones', async () => {
    const dir = freshDir();
    const first = await ensureSandboxPki({ dir, hostnames: ['api.lango.test'], logger: capturingLogger().logger });
    const { logger, lines } = capturingLogger();
    const second = await ensureSandboxPki({ dir, hostnames: ['api.lango.test'], logger });

    assert.equal(second.created, false);
    assert.equal(second.serverIssued, false);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.equal(second.serverCertPem, first.serverCertPem);
    assert.equal(second.serverKeyPem, first.serverKeyPem);
    assert.equal(sandboxCaKeyPem(second), sandboxCaKeyPem(first));
    assert.equal(fingerprint(second.caCertPem), fingerprint(first.caCertPem));
    assert.deepEqual(lines, []);
  });

  it('issues a server certificate that openssl verifies against ca.pem for TLS server use', async () => {
    const dir = freshDir();
    await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    const output = execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', join(dir, 'ca.pem'), join(dir, 'server.pem')], { encoding: 'utf8' });
    assert.match(output, /server\.pem: OK/);
  });

  it('reissues only the server certificate, from the same CA, when a hostname is added', async () => {
    const dir = freshDir();
    const first = await ensureSandboxPki({ dir, hostnames: ['api.lango.test'], logger: capturingLogger().logger });
    const second = await ensureSandboxPki({ dir, hostnames: ['api.lango.test', 'bank.lango.test', '10.0.0.7'], logger: capturingLogger().logger });

    assert.equal(second.created, false);
    assert.equal(second.serverIssued, true);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.notEqual(second.serverKeyPem, first.serverKeyPem);
    const server = new X509Certificate(second.serverCertPem);
    assert.equal(server.checkHost('bank.lango.test'), 'bank.lango.test');
    assert.equal(server.checkIP('10.0.0.7'), '10.0.0.7');
    assert.equal(server.verify(new X509Certificate(first.caCertPem).publicKey), true);
    assert.equal(await readFile(join(dir, 'server.pem'), 'utf8'), second.serverCertPem);
  });

  it('renews a server certificate that expires within 30 days', async () => {
    const dir = freshDir();
    const first = await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    const expiring = await issueCertificate({
      issuer: { certPem: first.caCertPem, keyPem: sandboxCaKeyPem(first) },
      commonName: 'Lango Sandbox Server',
      usage: 'server',
      altNames: ['localhost', '127.0.0.1', '::1'],
      validityDays: 10,
    });
    await writeFile(join(dir, 'server.pem'), expiring.certPem);
    await writeFile(join(dir, 'server-key.pem'), expiring.keyPem, { mode: 0o600 });

    const second = await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    assert.equal(second.serverIssued, true);
    assert.equal(second.caCertPem, first.caCertPem);
    assert.ok(Date.parse(new X509Certificate(second.serverCertPem).validTo) > Date.now() + 700 * 86_400_000);
  });

  it('reissues the server certificate when its key file does not match it (a crash between the two writes)', async () => {
    const dir = freshDir();
    const first = await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    await writeFile(join(dir, 'server-key.pem'), sandboxCaKeyPem(first), { mode: 0o600 });
    const second = await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    assert.equal(second.serverIssued, true);
    assert.equal(second.caCertPem, first.caCertPem);
  });

  it('stops with a StartupError naming ca.pem when it is corrupt', async () => {
    const dir = freshDir();
    await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    await writeFile(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    await assert.rejects(ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger }), (error: unknown) => {
      assert.ok(error instanceof StartupError);
      assert.equal(error.code, 'STARTUP_FAILED');
      assert.ok(error.message.includes(join(dir, 'ca.pem')), error.message);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });

  it('stops with a StartupError naming ca-key.pem when the CA key is missing or corrupt', async () => {
    const dir = freshDir();
    await ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger });
    const keyFile = join(dir, 'ca-key.pem');
    await writeFile(keyFile, 'garbage', { mode: 0o600 });
    await assert.rejects(ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger }), (error: unknown) => error instanceof StartupError && error.message.includes(keyFile));
    await rm(keyFile);
    await assert.rejects(ensureSandboxPki({ dir, hostnames: [], logger: capturingLogger().logger }), (error: unknown) => error instanceof StartupError && error.message.includes(keyFile));
  });

  it('refuses a hostname that is neither a DNS name nor an IP address', async () => {
    await assert.rejects(ensureSandboxPki({ dir: freshDir(), hostnames: ['https://api.lango.test'], logger: capturingLogger().logger }), StartupError);
  });
});
