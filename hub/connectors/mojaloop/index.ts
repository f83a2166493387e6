// SPDX-License-Identifier: Apache-2.0
// The Mojaloop FSPIOP connector: ports, the HTTP client, the scheme listener's routes, JWS, ILP and keys.
export * from './fspiop.js';
export { FspiopRejectedError, FspiopTransportError, type FspiopClientError, type FspiopErrorInformation } from './errors.js';
export { openFspiopKeyDirectory, type FspiopKeyDirectory, type FspiopKeyDirectoryOptions } from './key-directory.js';
export { signFspiopRequest, toSdkSigningKeyPem, verifyFspiopSignature, type FspiopSignedMessage, type FspiopSigningInput } from './jws.js';
export { buildMessage, createFspiopHttpClient, FSPIOP_VERSION, type FspiopHttpClient, type FspiopHttpClientOptions } from './fspiop-http-client.js';
export { fspiopValidator, type FspiopRequestToValidate, type FspiopValidator, type FspiopViolation } from './fspiop-api.js';
export { createIlp, fulfilmentMatches, type FspiopIlp, type FspiopMoney, type FspiopPartyIdInfo, type IlpQuoteTerms, type IlpTransaction } from './ilp.js';
export { FSPIOP_ROUTES, fspiopRoutes, type FspiopRoutesOptions } from './http/fspiop-routes.js';
