// SPDX-License-Identifier: Apache-2.0
// The parts of @mojaloop/sdk-standard-components Lango uses, typed here. The package's main entry also loads axios,
// OIDC and the request builders (~1.5 s at start); its JWS and ILP modules alone load in ~0.1 s.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SDK = '@mojaloop/sdk-standard-components/src/lib';

/**
 * The logger shape the sdk calls. Lango passes a silent one: the sdk logs whole bodies (names, MSISDNs) and key
 * material at debug level as format arguments, which pino's path redaction cannot reach.
 */
export interface SdkLogger {
  isDebugEnabled: boolean;
  child(context?: Record<string, unknown>): SdkLogger;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  log(...args: unknown[]): void;
  push(context?: Record<string, unknown>): SdkLogger;
}

const ignore = (): void => undefined;
export const SILENT_SDK_LOGGER: SdkLogger = {
  isDebugEnabled: false,
  child: () => SILENT_SDK_LOGGER,
  push: () => SILENT_SDK_LOGGER,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  log: ignore,
};

/** An axios/request style options object, as the sdk's JWS classes read it; header names lower-case. */
export interface SdkJwsRequest {
  method: string;
  uri?: string;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

export interface SdkJwsSigner {
  getSignature(request: SdkJwsRequest): string;
}

export interface SdkJwsValidator {
  validate(request: { headers: Record<string, string | undefined>; body: unknown }): true;
  /** Not public API, but the one place that compares the protected header with the HTTP headers. */
  _validateProtectedHeader(headers: Record<string, string | undefined>, protectedHeader: Record<string, unknown>): void;
}

interface SdkJws {
  signer: new (config: { signingKey: string; logger: SdkLogger }) => SdkJwsSigner;
  validator: new (config: { validationKeys: Record<string, unknown>; logger: SdkLogger }) => SdkJwsValidator;
}

export interface SdkIlpResponse {
  fulfilment: string;
  condition: string;
  ilpPacket: string;
}

export interface SdkIlp {
  getQuoteResponseIlp(quoteRequest: unknown, quoteResponse: unknown): SdkIlpResponse;
  calculateFulfil(ilpPacket: string): string;
  calculateConditionFromFulfil(fulfilment: string): string;
  validateFulfil(fulfilment: string, condition: string): boolean;
  getTransactionObject(ilpPacket: string): unknown;
  decodeIlpPacket(ilpPacket: string): { amount: string; account: string; data: Buffer };
}

interface SdkIlpModule {
  ilpFactory(version: 'v1' | 'v4', options: { secret: string; logger: SdkLogger }): SdkIlp;
  ILP_VERSIONS: { v1: 'v1'; v4: 'v4' };
}

export const Jws = require(`${SDK}/jws/index.js`) as SdkJws;
export const Ilp = require(`${SDK}/ilp/index.js`) as SdkIlpModule;

/**
 * The serializer the sdk signs with and its validator re-applies to the parsed body before checking a signature
 * (safe-stable-stringify: keys sorted). Lango serializes outgoing bodies with it, so an sdk-based peer rebuilds
 * exactly the bytes that were signed. Loaded from the sdk's own dependency tree, so the two cannot drift.
 */
export const stableStringify = createRequire(require.resolve(`${SDK}/jws/jwsSigner.js`))('safe-stable-stringify') as (value: unknown) => string;
