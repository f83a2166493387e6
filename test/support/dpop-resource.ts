// SPDX-License-Identifier: Apache-2.0
// A tiny protected resource, as the gateway will be: it checks the DPoP proof (RFC 9449 §4.3, §7.1) and asks
// the authorisation server whether the token is active and bound to the proof's key (introspection, RFC 7662).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { EmbeddedJWK, calculateJwkThumbprint, jwtVerify } from 'jose';

export interface Introspection {
  active: boolean;
  cnf?: { jkt?: string };
  sub?: string;
  scope?: string;
  authorization_details?: unknown;
}

export interface DpopResource {
  url: string;
  close(): Promise<void>;
}

export async function startDpopResource(introspect: (token: string) => Promise<Introspection>): Promise<DpopResource> {
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    const refuse = (error: string) => {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `DPoP error="${error}", algs="ES256 PS256"` });
      response.end(JSON.stringify({ error }));
    };
    void (async () => {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      const proof = request.headers.dpop;
      if (scheme !== 'DPoP' || !token || typeof proof !== 'string') return refuse('invalid_token');
      const url = `http://${request.headers.host}${request.url?.split('?')[0]}`;
      let thumbprint: string;
      try {
        const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256', 'PS256'], maxTokenAge: 300 });
        const ath = createHash('sha256').update(token).digest('base64url');
        if (payload.htm !== request.method || payload.htu !== url || payload.ath !== ath || typeof payload.jti !== 'string' || seen.has(payload.jti)) return refuse('invalid_dpop_proof');
        seen.add(payload.jti);
        thumbprint = await calculateJwkThumbprint(protectedHeader.jwk!);
      } catch {
        return refuse('invalid_dpop_proof');
      }
      const introspection = await introspect(token);
      // RFC 9449 §7.1: the token must be active and bound to the key that signed this proof.
      if (!introspection.active || introspection.cnf?.jkt !== thumbprint) return refuse('invalid_token');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sub: introspection.sub, scope: introspection.scope, authorization_details: introspection.authorization_details }));
    })().catch(() => { response.writeHead(500); response.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/resource`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
