// SPDX-License-Identifier: Apache-2.0
import { BERLIN_GROUP_CONTENT_TYPE, renderBerlinGroupError } from './berlin-group.js';
import { FSPIOP_CONTENT_TYPE, renderFspiopError } from './fspiop.js';
import { GSMA_CONTENT_TYPE, renderGsmaError } from './gsma.js';
import { OAUTH_CONTENT_TYPE, renderOAuthError } from './oauth.js';
import { PROBLEM_CONTENT_TYPE, renderProblem } from './problem.js';
import type { ErrorRenderer, RenderedError, RenderOptions } from './rendered-error.js';

/** One renderer per wire dialect (STYLE point 4); the edge picks the dialect of the API addressed. */
export const ERROR_RENDERERS = {
  'berlin-group': renderBerlinGroupError,
  fspiop: renderFspiopError,
  gsma: renderGsmaError,
  oauth: renderOAuthError,
  problem: renderProblem,
} as const satisfies Record<string, ErrorRenderer>;

export type ErrorDialect = keyof typeof ERROR_RENDERERS;

export const ERROR_CONTENT_TYPES = {
  'berlin-group': BERLIN_GROUP_CONTENT_TYPE,
  fspiop: FSPIOP_CONTENT_TYPE,
  gsma: GSMA_CONTENT_TYPE,
  oauth: OAUTH_CONTENT_TYPE,
  problem: PROBLEM_CONTENT_TYPE,
} as const satisfies Record<ErrorDialect, string>;

/** Turns anything thrown into the wire answer of `dialect`; messages of non-exposed errors never leave. */
export function renderError(dialect: ErrorDialect, error: unknown, options?: RenderOptions): RenderedError {
  return ERROR_RENDERERS[dialect](error, options);
}

export type { ErrorRenderer, RenderedError, RenderOptions } from './rendered-error.js';
export { BERLIN_GROUP_BODYLESS_STATUSES, BERLIN_GROUP_CODES, type BerlinGroupCode } from './berlin-group-codes.js';
export { BERLIN_GROUP_CONTENT_TYPE, berlinGroupError, renderBerlinGroupError } from './berlin-group.js';
export { FSPIOP_CATEGORIES, FSPIOP_ERRORS, fspiopErrorInfo, type FspiopCategory, type FspiopCode, type FspiopErrorInfo } from './fspiop-catalogue.js';
export { FSPIOP_CONTENT_TYPE, fspiopError, renderFspiopError } from './fspiop.js';
export { GSMA_CATEGORIES, GSMA_CONTENT_TYPE, GSMA_ERROR_CODES, renderGsmaError, type GsmaCategory, type GsmaErrorCode } from './gsma.js';
export { OAUTH_CONTENT_TYPE, OAUTH_ERRORS, renderOAuthError, type OAuthErrorCode } from './oauth.js';
export { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, problemType, renderProblem } from './problem.js';
