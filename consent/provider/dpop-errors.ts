// SPDX-License-Identifier: Apache-2.0
// oidc-provider answers two DPoP failures at the token and PAR endpoints with codes RFC 9449 does not use
// (invalid_grant and a generic description); this middleware, run around every oidc-provider route, puts
// the RFC's codes and the precise reason on the wire.
import type { OidcProvider } from './oidc-provider.js';

interface ErrorBody {
  error?: unknown;
  error_description?: unknown;
}

interface KoaContext {
  status: number;
  body: unknown;
}

/** oidc-provider 9.13.3's reasons (error_detail or description), mapped to the error RFC 9449 and RFC 6749 call for. */
const CORRECTIONS: readonly (readonly [RegExp, string])[] = [
  // RFC 9449 §4.3 (check 11: the jti was not seen before) and §5: a replayed proof is an invalid proof.
  [/^DPoP proof JWT Replay detected/, 'invalid_dpop_proof'],
  // RFC 9449 §5.2 dpop_bound_access_tokens: the proof is a required part of the request (RFC 6749 §5.2 invalid_request).
  [/^DPoP proof JWT not provided/, 'invalid_request'],
];

const ERROR_EVENTS = ['grant.error', 'pushed_authorization_request.error'] as const;

/** Registers the listeners that see the thrown error and returns the middleware that corrects the answer. */
export function dpopErrorCorrection(provider: OidcProvider) {
  const thrown = new WeakMap<object, { error_detail?: unknown; error_description?: unknown }>();
  for (const event of ERROR_EVENTS) provider.on(event, (ctx, error) => thrown.set(ctx as object, error as never));
  return async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
    await next();
    const error = thrown.get(ctx);
    const body = ctx.body as ErrorBody | undefined;
    if (!error || ctx.status !== 400 || !body) return;
    const reason = [error.error_detail, error.error_description].find((text): text is string => typeof text === 'string' && CORRECTIONS.some(([pattern]) => pattern.test(text)));
    const correction = reason && CORRECTIONS.find(([pattern]) => pattern.test(reason));
    if (!correction) return;
    body.error = correction[1];
    body.error_description = reason;
  };
}
