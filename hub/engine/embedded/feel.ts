// SPDX-License-Identifier: Apache-2.0
import { evaluate } from 'feelin';
import type { Expression } from '../model/compiled-process.js';
import { FEEL_DIALECT } from '../model/feel-syntax.js';

/** An expression that could not produce a usable value; becomes an incident on the element. */
export class ExpressionError extends Error {
  constructor(readonly errorType: 'EXTRACT_VALUE_ERROR' | 'CONDITION_ERROR' | 'CALLED_ELEMENT_ERROR', message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

// feelin re-parses on every call (~50-90 µs); a bare variable name, the most common expression in
// correlation keys and mappings, is read directly instead.
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Evaluates a model expression against the visible variables; literals are returned as written. */
export function evaluateExpression(expression: Expression, context: () => Record<string, unknown>): unknown {
  if ('literal' in expression) return expression.literal;
  const text = expression.feel.trim();
  if (PLAIN_NAME.test(text) && text !== 'null' && text !== 'true' && text !== 'false') return context()[text] ?? null;
  try {
    return evaluate(text, context(), FEEL_DIALECT).value ?? null;
  } catch (error) {
    throw new ExpressionError('EXTRACT_VALUE_ERROR', `failed to evaluate "=${text}": ${(error as Error).message}`);
  }
}

/** Evaluates to a string (job type, message name, correlation key); numbers are accepted as Zeebe does. */
export function evaluateString(expression: Expression, context: () => Record<string, unknown>, what: string): string {
  const value = evaluateExpression(expression, context);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new ExpressionError('EXTRACT_VALUE_ERROR', `${what} must be a string or number, got ${value === null ? 'null' : typeof value}`);
}

/** Evaluates a sequence-flow or completion condition; anything but a boolean is an error, as in Zeebe. */
export function evaluateCondition(expression: Expression, context: () => Record<string, unknown>): boolean {
  const value = evaluateExpression(expression, context);
  if (typeof value !== 'boolean') throw new ExpressionError('CONDITION_ERROR', `condition "${'feel' in expression ? expression.feel : expression.literal}" gave ${JSON.stringify(value)}, not a boolean`);
  return value;
}
