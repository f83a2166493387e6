// SPDX-License-Identifier: Apache-2.0
// Is the QWAC accepted? The TLS handshake only proves it chains to a trusted CA; the gateway also requires it to
// name the organisation of the token's OAuth client and to carry the service's PSD2 role (identify-tpp.ts). So
// the check reads the status of a resource that cannot exist: the gateway identifies the TPP first and only then
// answers "unknown" — that answer means the certificate passed. (It shows as one 403 in the app's API activity.)
import { randomUUID, X509Certificate } from 'node:crypto';
import { CheckFailedError } from './errors.js';
import { made, xs2a, type Journey, type StepResult } from './journey.js';
import { ROLE_SCOPES } from './oauth-checks.js';

/** The codes with which the gateway says "identified you, but there is no such resource". */
const UNKNOWN_RESOURCE = ['CONSENT_UNKNOWN', 'RESOURCE_UNKNOWN'];

function subjectOf(certPem: string): string {
  try {
    const subject = new X509Certificate(certPem).subject.split('\n');
    const field = (name: string) => subject.find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1);
    return [field('O'), field('organizationIdentifier') ?? field('2.5.4.97')].filter(Boolean).join(', ') || 'the QWAC';
  } catch {
    throw new CheckFailedError('the QWAC is not a readable PEM certificate');
  }
}

export async function mtlsCheck(journey: Journey): Promise<StepResult> {
  const subject = subjectOf(journey.target.client.qwac.certPem);
  const ais = journey.target.client.roles.includes('AIS');
  const token = made(journey.tokens.get(ais ? ROLE_SCOPES.AIS : ROLE_SCOPES.PIS), 'the client token');
  const path = ais ? `/v1/consents/${randomUUID()}/status` : `/v1/payments/on-us-credit-transfers/${randomUUID()}/status`;
  const answer = await xs2a<{ tppMessages?: { code?: string }[] }>(journey, 'GET', path, token);
  const code = answer.body.tppMessages?.[0]?.code;
  if (answer.status < 400 || (code !== undefined && UNKNOWN_RESOURCE.includes(code))) {
    return { detail: `the TLS listener accepted the QWAC (${subject}) and the gateway identified the app by it`, httpStatus: answer.status };
  }
  throw new CheckFailedError(`the QWAC (${subject}) was refused: HTTP ${answer.status}${answer.problem ? ` — ${answer.problem}` : ''}`, answer.status);
}
