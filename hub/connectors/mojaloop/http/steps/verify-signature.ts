// SPDX-License-Identifier: Apache-2.0
// Mojaloop Signature v1.1: every message with a body carries FSPIOP-Signature by its FSPIOP-Source. A GET has no
// body to sign; like sdk-scheme-adapter, Lango does not ask for one there.
import { fspiopError } from '../../../../../platform/errors/index.js';
import { verifyFspiopSignature } from '../../jws.js';
import type { InboundStep } from './inbound-context.js';

/** 400 / 3105 unless a message with a body is signed by the key of its FSPIOP-Source. */
export const verifySignature: InboundStep = (context, settings) => {
  if (!settings.validateSignature || context.rawBody === undefined) return;
  const source = context.headers['fspiop-source'] ?? '';
  if (!context.headers['fspiop-signature']) throw fspiopError('3105', 'FSPIOP-Signature header missing', { status: 400 });
  const key = settings.keys.verificationKey(source);
  if (!key) throw fspiopError('3105', `no verification key for FSP ${source.slice(0, 32)}`, { status: 400 });
  verifyFspiopSignature(key, { headers: context.headers, body: context.body, rawBody: context.rawBody });
};
