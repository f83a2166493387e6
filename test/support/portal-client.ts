// SPDX-License-Identifier: Apache-2.0
// A developer on the portal's JSON API: signs up, confirms the address from the sandbox outbox, signs in, then
// calls /portal/api/v1 with the session cookie and the CSRF header, as the portal's own pages would.
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import type { JWK } from 'jose';

export interface PortalAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface PortalDeveloper {
  email: string;
  teamId: string;
  /** `withoutCsrf`: the cookie alone, as a forged cross-site request would carry it. */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, options?: { withoutCsrf?: boolean }): Promise<PortalAnswer<T>>;
  /** The application's starter kit, unpacked: path → text. */
  starterKit(applicationId: string, bank?: string): Promise<Record<string, string>>;
}

/** The verification link the portal e-mailed to `email`, from the sandbox outbox. */
export async function verificationToken(publicUrl: string, email: string): Promise<string> {
  const { messages } = (await (await fetch(`${publicUrl}/sandbox/outbox?recipient=${encodeURIComponent(email)}`)).json()) as { messages: { text: string }[] };
  const token = /verify-email\?token=([\w-]+)/.exec(messages[0]?.text ?? '')?.[1];
  assert.ok(token, `a verification link for ${email} in the outbox`);
  return token;
}

/** Signs a new developer up (with their own team), confirms the address and signs in. */
export async function portalDeveloper(publicUrl: string, email: string, organisationName: string, password = 'a long test passphrase'): Promise<PortalDeveloper> {
  let cookie = '';
  let csrf = '';
  const call = async <T>(method: string, path: string, body?: unknown, options: { withoutCsrf?: boolean } = {}): Promise<PortalAnswer<T>> => {
    const response = await fetch(`${publicUrl}/portal/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(cookie && { cookie }), ...(csrf && !options.withoutCsrf && { 'x-csrf-token': csrf }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const signUp = await call('POST', '/signup', { email, password, name: organisationName.split(' ')[0], organisationName });
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  assert.equal((await call('POST', '/verify-email', { token: await verificationToken(publicUrl, email) })).status, 200);
  const session = await call<{ csrfToken: string; teamId: string }>('POST', '/session', { email, password });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  csrf = session.body.csrfToken;
  return {
    email,
    teamId: session.body.teamId,
    call,
    async starterKit(applicationId, bank = 'buffalo') {
      const response = await fetch(`${publicUrl}/portal/api/v1/apps/${applicationId}/starter-kit?bank=${bank}`, { headers: { cookie } });
      assert.equal(response.status, 200, await response.clone().text());
      return Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await response.arrayBuffer()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    },
  };
}

/** What the readiness checks and a TPP need of a kit: the client's keys and its QWAC. */
export function kitCredentials(kit: Record<string, string>) {
  const config = JSON.parse(kit['config.json']!) as { clientId: string; redirectUri: string };
  return {
    clientId: config.clientId,
    redirectUri: config.redirectUri,
    privateJwk: JSON.parse(kit['keys/client-private.jwk.json']!) as JWK,
    dpopPrivateJwk: JSON.parse(kit['keys/dpop-private.jwk.json']!) as JWK,
    qwac: { certPem: kit['certs/qwac.pem']!, keyPem: kit['certs/qwac.key']! },
    caPem: kit['certs/sandbox-ca.pem']!,
  };
}
