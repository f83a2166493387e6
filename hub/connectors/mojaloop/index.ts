// SPDX-License-Identifier: Apache-2.0
// The Mojaloop FSPIOP connector: ports, the HTTP client, the scheme listener's routes, JWS, ILP and keys.
export * from './fspiop.js';
