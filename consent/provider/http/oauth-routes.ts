// SPDX-License-Identifier: Apache-2.0
// `/oauth/*` on the public listeners: handed to oidc-provider (a Koa app) untouched, with the `/oauth` prefix
// stripped and kept as `originalUrl` so it builds its URLs (and checks DPoP `htu`) with the mount path.
// Fastify parses no body here: oidc-provider reads the raw stream itself.
import { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnavailableError } from '../../../platform/errors/index.js';
import type { ConsentStore } from '../../consents/consent.js';
import type { SoftwareDirectory } from '../../directory/software-directory.js';
import type { OidcProvider } from '../oidc-provider.js';
import { grantRoutes } from './grant-routes.js';
import { gateRegistration } from './registration-gate.js';

export const OAUTH_MOUNT = '/oauth';
/** Largest registration request, in bytes (a client's metadata with a JWKS and a software statement). */
const REGISTRATION_LIMIT_BYTES = 64 * 1024;

export interface OAuthRoutesOptions {
  /** The running provider; undefined until the listeners' URLs (hence the issuer) are known. */
  provider: () => OidcProvider | undefined;
  directory: SoftwareDirectory;
  /** The consents behind the grants, ended when a TPP revokes a grant (Grant Management API). */
  consents: ConsentStore;
}

const handlers = new WeakMap<OidcProvider, ReturnType<OidcProvider['callback']>>();

function running(options: OAuthRoutesOptions): OidcProvider {
  const provider = options.provider();
  if (!provider) throw new UnavailableError('UNAVAILABLE', 'the authorisation server is starting');
  return provider;
}

async function forward(provider: OidcProvider, request: FastifyRequest, reply: FastifyReply, raw: IncomingMessage = request.raw): Promise<void> {
  let handler = handlers.get(provider);
  if (!handler) handlers.set(provider, (handler = provider.callback()));
  const url = request.raw.url ?? '/';
  Object.assign(raw, { originalUrl: url, url: url.slice(OAUTH_MOUNT.length) || '/' });
  // Headers the listener's hooks set (X-Request-ID) go out with oidc-provider's answer.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
  reply.hijack();
  try {
    await handler(raw, reply.raw);
  } finally {
    // Koa has answered; the request log line (written when the response finishes) shows the full path again.
    request.raw.url = url;
  }
}

/** A copy of the request with another body, for oidc-provider to read as if the client had sent it. */
function withBody(original: IncomingMessage, body: string): IncomingMessage {
  const copy = new IncomingMessage(original.socket);
  const { 'transfer-encoding': _chunked, ...headers } = original.headers;
  Object.assign(copy, {
    method: original.method,
    url: original.url,
    httpVersion: original.httpVersion,
    headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  });
  copy.push(body);
  copy.push(null);
  // As the HTTP parser would: a message read to its end is complete, so destroying it leaves the socket alone.
  copy.complete = true;
  return copy;
}

export async function oauthRoutes(server: FastifyInstance, options: OAuthRoutesOptions): Promise<void> {
  // Dynamic registration: the software statement is checked before oidc-provider sees the request.
  await server.register(async (gate) => {
    gate.post(`${OAUTH_MOUNT}/register`, { bodyLimit: REGISTRATION_LIMIT_BYTES }, async (request, reply) => {
      const provider = running(options);
      const metadata = await gateRegistration(request.body, options.directory);
      await forward(provider, request, reply, withBody(request.raw, JSON.stringify(metadata)));
    });
  });

  // FAPI Grant Management: GET / DELETE /oauth/grants/{grant_id}, beside oidc-provider (grant-routes.ts).
  await server.register(grantRoutes, { mount: OAUTH_MOUNT, provider: () => running(options), consents: options.consents });

  await server.register(async (passthrough) => {
    passthrough.removeAllContentTypeParsers();
    passthrough.addContentTypeParser('*', (_request, _payload, done) => done(null));
    passthrough.all(`${OAUTH_MOUNT}/*`, async (request, reply) => forward(running(options), request, reply));
    // RFC 8414 §3: metadata of an issuer with a path lives at /.well-known/oauth-authorization-server/<path>.
    passthrough.get(`/.well-known/oauth-authorization-server${OAUTH_MOUNT}`, async (request, reply) => {
      request.raw.url = `${OAUTH_MOUNT}/.well-known/oauth-authorization-server`;
      return forward(running(options), request, reply);
    });
  });
}
