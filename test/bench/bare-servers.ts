// SPDX-License-Identifier: Apache-2.0
// The yardsticks of the gateway bench, each a bare fastify (no logger, no hooks) on loopback, plain and with the
// gateway's own TLS settings: a hello-world, and the cryptographic floor of a FAPI resource call, a route that only
// checks the DPoP-bound token's proof (dpop-verifier.ts) and that the token is bound to the proof's key.
import { randomBytes } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerTlsOptions } from '../../platform/crypto/index.js';
import { DpopRefused, DpopVerifier } from './dpop-verifier.js';
import { DPOP_ALGS } from './dpop-proofs.js';

export const HELLO_PATH = '/hello';
/** The floor's route; the account id only makes its URL as long as the gateway's. */
export const FLOOR_PATH = '/v1/accounts/floor-account/balances';

export interface BareServers {
  plain: string;
  tls: string;
  /** Protocol and cipher the TLS listener negotiated with the first client (the gateway's options, so its too). */
  tlsSession(): string;
  /** A token the floor accepts with proofs of the key whose RFC 7638 thumbprint is `jkt`. */
  bindToken(jkt: string): string;
  close(): Promise<void>;
}

function routes(server: FastifyInstance, base: () => string, verifier: DpopVerifier, tokens: Map<string, string>): void {
  server.get(HELLO_PATH, async () => ({ hello: 'world' }));
  server.get(FLOOR_PATH, async (request, reply) => {
    const [scheme = '', token = '', ...rest] = (request.headers.authorization ?? '').split(' ');
    const proof = request.headers.dpop;
    const jkt = tokens.get(token);
    if (scheme.toLowerCase() !== 'dpop' || rest.length || !jkt || typeof proof !== 'string') return reply.code(401).send({ error: 'invalid_token' });
    try {
      // RFC 9449 §7.1: the proof is valid for this request and signed by the key the token is bound to.
      if (verifier.verify(proof, { method: request.method, urls: [`${base()}${FLOOR_PATH}`], accessToken: token }) !== jkt) throw new DpopRefused('not the bound key');
    } catch (error) {
      if (error instanceof DpopRefused) return reply.code(401).send({ error: 'invalid_dpop_proof', error_description: error.message });
      throw error;
    }
    return { verified: jkt };
  });
}

async function listen(server: FastifyInstance, scheme: 'http' | 'https'): Promise<string> {
  await server.listen({ host: '127.0.0.1', port: 0 });
  return `${scheme}://127.0.0.1:${(server.server.address() as { port: number }).port}`;
}

/** Starts both listeners; `tls` should be the gateway's own TLS options, so that the comparison is like with like. */
export async function startBareServers(tls: ServerTlsOptions): Promise<BareServers> {
  const verifier = new DpopVerifier(DPOP_ALGS);
  const tokens = new Map<string, string>();
  const plain = Fastify();
  const secure = Fastify({ https: tls }) as unknown as FastifyInstance;
  const urls = { plain: '', tls: '' };
  let session = 'no TLS connection to the yardstick in this run';
  secure.server.once('secureConnection', (socket: TLSSocket) => {
    session = `${socket.getProtocol() ?? '?'} ${socket.getCipher().name}, client certificate ${socket.authorized ? 'verified' : `refused (${String(socket.authorizationError)})`}`;
  });
  routes(plain, () => urls.plain, verifier, tokens);
  routes(secure, () => urls.tls, verifier, tokens);
  urls.plain = await listen(plain, 'http');
  urls.tls = await listen(secure, 'https');
  return {
    ...urls,
    tlsSession: () => session,
    bindToken(jkt) {
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, jkt);
      return token;
    },
    async close() {
      await Promise.all([plain.close(), secure.close()]);
    },
  };
}
