// SPDX-License-Identifier: Apache-2.0
// FEEL is checked when a process is deployed, so a typo fails the deployment instead of raising an incident
// in the thousandth instance. Parsing needs no variables, unlike evaluating.
import { parseExpression } from 'feelin';

/** Zeebe evaluates FEEL with Camunda's extensions (backtick names); the runtime must pass the same dialect. */
export const FEEL_DIALECT = 'camunda';

/** Why `expression` (without its leading `=`) does not parse, or undefined when it does. */
export function feelSyntaxError(expression: string): string | undefined {
  let at: number | undefined;
  parseExpression(expression, {}, FEEL_DIALECT).iterate({
    enter(node) {
      if (at !== undefined) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  if (at === undefined) return undefined;
  return at >= expression.trimEnd().length
    ? `FEEL expression "${expression}" ends too early`
    : `FEEL syntax error at character ${at + 1} of "${expression}", near "${expression.slice(at, at + 12)}"`;
}
