// SPDX-License-Identifier: Apache-2.0
import type { FspiopInboundHandler, FspiopKeys, FspiopMethod, FspiopResource, InboundFspiopMessage } from '../../fspiop.js';

/** One scheme message on its way through the steps; each step reads it and may fill `body`. */
export interface InboundContext {
  method: FspiopMethod;
  resource: FspiopResource;
  kind: InboundFspiopMessage['kind'];
  /** The FSPIOP URI: the path below the listener's prefix, with the query. */
  uri: string;
  params: InboundFspiopMessage['params'];
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Readonly<Record<string, string>>;
  /** The body bytes as received (the JWS is over them); undefined for GET. */
  rawBody: string | undefined;
  body: unknown;
}

export interface InboundSettings {
  handler: FspiopInboundHandler;
  keys: FspiopKeys;
  validateSignature: boolean;
  acceptsDestination: (fspId: string | undefined, message: InboundFspiopMessage) => boolean;
}

export type InboundStep = (context: InboundContext, settings: InboundSettings) => void | Promise<void>;

/** The message the hub receives, once every step has passed. */
export function messageOf(context: InboundContext): InboundFspiopMessage {
  return {
    resource: context.resource,
    method: context.method,
    kind: context.kind,
    uri: context.uri,
    params: context.params,
    source: context.headers['fspiop-source'] ?? '',
    destination: context.headers['fspiop-destination'],
    body: context.body,
    ...(context.rawBody !== undefined && context.rawBody !== '' && { rawBody: context.rawBody }),
    headers: context.headers,
  };
}
