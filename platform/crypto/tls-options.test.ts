// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { createLogger } from '../log/logger.js';
import { createRootCa, issueCertificate, type CertificateAndKey } from './certificate-issuer.js';
import { ensureSandboxPki, sandboxCaKeyPem, type SandboxPki } from './sandbox-ca.js';
import { peerCertificateOf, serverTlsOptions, type PeerCertificate } from './tls-options.js';

interface Answer {
  status: number;
  peer: PeerCertificate | null;
}

/** GET / over a fresh connection, trusting only the sandbox CA and checking the name `servername`. */
function get(port: number, caPem: string, client: Partial<CertificateAndKey> & { servername?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      { host: '127.0.0.1', port, path: '/', agent: false, ca: caPem, servername: client.servername ?? 'localhost', cert: client.certPem, key: client.keyPem },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, peer: JSON.parse(body) as PeerCertificate | null }));
      },
    );
    request.on('error', reject);
  });
}

describe('server TLS options', () => {
  let dir: string;
  let pki: SandboxPki;
  let tpp: CertificateAndKey;
  let stranger: CertificateAndKey;
  let server: https.Server;
  let port: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lango-tls-'));
    pki = await ensureSandboxPki({ dir, hostnames: [], logger: createLogger({ level: 'silent' }) });
    const sandboxCa = { certPem: pki.caCertPem, keyPem: sandboxCaKeyPem(pki) };
    tpp = await issueCertificate({ issuer: sandboxCa, commonName: 'tpp.example', organization: 'Example TPP', usage: 'client', validityDays: 1 });
    const otherCa = await createRootCa({ commonName: 'Somebody Else CA', validityDays: 1 });
    stranger = await issueCertificate({ issuer: otherCa, commonName: 'stranger.example', usage: 'client', validityDays: 1 });

    const options = serverTlsOptions({ certPem: pki.serverCertPem, keyPem: pki.serverKeyPem, clientCaPems: [pki.caCertPem] });
    server = https.createServer(options, (request, response) => {
      response.end(JSON.stringify(peerCertificateOf(request) ?? null));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for client certificates without requiring them, from TLS 1.2 on', () => {
    const options = serverTlsOptions({ certPem: 'c', keyPem: 'k', clientCaPems: [] });
    assert.deepEqual(options, { cert: 'c', key: 'k', ca: [], requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
  });

  it('completes a handshake with a client that trusts only ca.pem, for the name localhost', async () => {
    const answer = await get(port, pki.caCertPem);
    assert.equal(answer.status, 200);
  });

  it('is refused by a client that expects a name the certificate does not carry', async () => {
    await assert.rejects(get(port, pki.caCertPem, { servername: 'bank.example' }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('lets a client without a certificate connect, and reports no peer certificate', async () => {
    const answer = await get(port, pki.caCertPem);
    assert.equal(answer.peer, null);
  });

  it('reports a client certificate issued by the sandbox CA as authorized', async () => {
    const { peer } = await get(port, pki.caCertPem, tpp);
    assert.ok(peer);
    assert.equal(peer.authorized, true);
    assert.equal(peer.authorizationError, undefined);
    assert.equal(peer.subject, 'O=Example TPP, CN=tpp.example');
    assert.equal(peer.fingerprint256, new X509Certificate(tpp.certPem).fingerprint256);
    assert.equal(new X509Certificate(peer.pem).fingerprint256, new X509Certificate(tpp.certPem).fingerprint256);
    assert.match(peer.x5tS256, /^[A-Za-z0-9_-]{43}$/);
  });

  it('still connects a client whose certificate comes from another CA, reported as not authorized', async () => {
    const { status, peer } = await get(port, pki.caCertPem, stranger);
    assert.equal(status, 200);
    assert.ok(peer);
    assert.equal(peer.authorized, false);
    assert.ok(peer.authorizationError);
    assert.match(peer.subject, /CN=stranger\.example/);
  });

  it('trusts no client certificate at all when given no client CA', async () => {
    const options = serverTlsOptions({ certPem: pki.serverCertPem, keyPem: pki.serverKeyPem, clientCaPems: [] });
    const app = Fastify({ https: options });
    app.get('/', async (request) => peerCertificateOf(request) ?? null);
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { peer } = await get((app.server.address() as AddressInfo).port, pki.caCertPem, tpp);
      assert.equal(peer?.authorized, false);
      assert.match(peer?.subject ?? '', /CN=tpp\.example/);
    } finally {
      await app.close();
    }
  });
});
