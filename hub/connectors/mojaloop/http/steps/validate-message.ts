// SPDX-License-Identifier: Apache-2.0
// FSPIOP v1.1 §3.2.1 and the OpenAPI of @mojaloop/api-snippets: headers, path and body. A missing element is 3102,
// anything else 3100, and the description names the element.
import { LangoError } from '../../../../../platform/errors/index.js';
import { fspiopValidator } from '../../fspiop-api.js';
import type { InboundStep } from './inbound-context.js';

/** 400 / 3102 for the first missing element, else 400 / 3100 for the first violation of the spec. */
export const validateMessage: InboundStep = async (context) => {
  const validator = await fspiopValidator();
  const violations = validator.violations({ method: context.method, path: context.uri, headers: context.headers, body: context.body });
  const first = violations.find((violation) => violation.missing) ?? violations[0];
  if (!first) return;
  throw new LangoError(first.missing ? 'MISSING_ELEMENT' : 'VALIDATION_FAILED', first.message, { path: first.path, details: { violations: violations.length } });
};
