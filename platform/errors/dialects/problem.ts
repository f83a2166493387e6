// SPDX-License-Identifier: Apache-2.0
import { ERROR_CODES, toLangoError } from '../lango-error.js';
import { publicText, responseHeaders, type RenderedError, type RenderOptions } from './rendered-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Default prefix of problem `type` URIs. RFC 9457 §3.1.1 allows a URI that does not resolve; this one names
 * Lango's code and stays stable until `problemTypeBase` points at published documentation.
 */
export const PROBLEM_TYPE_BASE = 'urn:lango:problem:';

/** The `type` URI of a Lango code: VALIDATION_FAILED → urn:lango:problem:validation-failed. */
export function problemType(code: string, base: string = PROBLEM_TYPE_BASE): string {
  return `${base}${code.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * Renders RFC 9457 `{ type, title, status, detail, code, instance?, path? }` for Lango's own APIs (channel,
 * operations, portal, sandbox). The status is the error's own: these APIs have no dialect table to consult.
 * `code` and `path` are extension members (§3.2); clients switch on `code`, which is stable.
 */
export function renderProblem(thrown: unknown, options: RenderOptions = {}): RenderedError {
  const error = toLangoError(thrown);
  return {
    status: error.status,
    headers: responseHeaders(error),
    contentType: PROBLEM_CONTENT_TYPE,
    body: {
      type: problemType(error.code, options.problemTypeBase),
      title: ERROR_CODES[error.code].title,
      status: error.status,
      detail: publicText(error),
      code: error.code,
      ...(options.instance ? { instance: options.instance } : {}),
      ...(error.expose && error.path ? { path: error.path } : {}),
      // A domain's stable refusal code (CSR_MALFORMED, EMAIL_TAKEN, …), for clients that branch on it.
      ...(error.expose && typeof error.details?.reason === 'string' ? { reason: error.details.reason } : {}),
    },
  };
}
