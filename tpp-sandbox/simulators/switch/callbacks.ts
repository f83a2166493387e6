// SPDX-License-Identifier: Apache-2.0
// The messages the switch sends: forwards (the sender's FSPIOP headers and signature kept, so the receiver verifies
// the original FSP) and the switch's own callbacks (FSPIOP-Source `switch`, signed with the switch's key).
import type { FspiopRequest, FspiopResource, InboundFspiopMessage } from '../../../hub/index.js';
import { fspiopError, renderFspiopError } from '../../../platform/errors/index.js';

/** FSPIOP-Source of what the switch itself says (FSPIOP API v1.1 §5.1: the switch's own FSP id). */
export const SWITCH_FSP_ID = 'switch';

/** Where a message's routes are mounted on the simulators listener. */
export const SWITCH_PREFIX = '/switch';

// Headers that make up the signed FSPIOP message (§3.2.1, JWS §4.3); hop-by-hop ones (host, content-length) are not.
const FORWARDED = /^(fspiop-.+|date|content-type|accept|traceparent|tracestate)$/;

/** The headers a forward keeps: the FSPIOP set as the sender signed it. */
export function forwardedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => FORWARDED.test(name)));
}

/** The FSPIOP URI of a message without the listener prefix, query kept: `/authorizations/{ID}?retriesLeft=2`. */
export function fspiopUri(uri: string): string {
  return uri.startsWith(`${SWITCH_PREFIX}/`) ? uri.slice(SWITCH_PREFIX.length) : uri;
}

/** The FSPIOP path of a message (no query, no listener prefix): `/transfers/{ID}`. */
export function fspiopPath(uri: string): string {
  return fspiopUri(uri.split('?')[0] ?? uri);
}

/** The message as the sender signed it, sent on to `destination`. */
export function forwardOf(message: InboundFspiopMessage, destination: string): FspiopRequest {
  return {
    method: message.method,
    resource: message.resource,
    // The query carries parameters of some requests (GET /authorizations: authenticationType, retriesLeft, amount).
    path: fspiopUri(message.uri),
    source: message.source,
    destination,
    // The bytes as received: a signature over the sender's serialization survives only if they are kept.
    ...(message.body !== undefined && { body: message.rawBody ?? message.body }),
    headers: forwardedHeaders(message.headers),
  };
}

/** A PUT callback the switch signs itself, e.g. `PUT /participants/MSISDN/123` or `PUT /transfers/{ID}`. */
export function switchCallback(resource: FspiopResource, path: string, destination: string, body: unknown): FspiopRequest {
  return { method: 'PUT', resource, path, source: SWITCH_FSP_ID, destination, body };
}

export interface ErrorInformation {
  errorCode: string;
  errorDescription: string;
}

/** The catalogue's errorInformation for `code`, as the switch's error callbacks carry it. */
export function errorInformationOf(code: string, description?: string): ErrorInformation {
  const body = renderFspiopError(fspiopError(code, description)).body as { errorInformation: ErrorInformation };
  return { errorCode: body.errorInformation.errorCode, errorDescription: body.errorInformation.errorDescription };
}

/** `PUT <resourcePath>/error` from the switch carrying `errorInformation`. */
export function switchErrorCallback(resource: FspiopResource, resourcePath: string, destination: string, errorInformation: ErrorInformation): FspiopRequest {
  return switchCallback(resource, `${resourcePath}/error`, destination, { errorInformation });
}

/** `PUT <resourcePath>/error` from the switch with the catalogue's errorInformation for `code`. */
export function switchError(resource: FspiopResource, resourcePath: string, destination: string, code: string, description?: string): FspiopRequest {
  return switchErrorCallback(resource, resourcePath, destination, errorInformationOf(code, description));
}

const BODY_ID: Partial<Record<FspiopResource, string>> = { quotes: 'quoteId', transfers: 'transferId', transactionRequests: 'transactionRequestId' };

/**
 * The path of the resource a message is about, where its callbacks go: the URI without `/error` for a message with
 * an id in the path, `/<resource>/<id from the body>` for a POST (POST /quotes → /quotes/{quoteId}).
 */
export function resourcePathOf(message: InboundFspiopMessage): string | undefined {
  const path = fspiopPath(message.uri).replace(/\/error$/, '');
  if (message.method !== 'POST' || message.resource === 'participants') return path;
  const field = BODY_ID[message.resource];
  const id = field ? (message.body as Record<string, unknown> | undefined)?.[field] : undefined;
  return typeof id === 'string' ? `/${message.resource}/${encodeURIComponent(id)}` : undefined;
}
