// SPDX-License-Identifier: Apache-2.0
// What every compile step shares: the resource being deployed, and one way to reject an element so every
// error names the file, the element id and its BPMN type.
import { UnsupportedBpmnError, type Expression } from './compiled-process.js';
import type { BpmnNode } from './bpmn-node.js';
import { feelSyntaxError } from './feel-syntax.js';

export class CompileContext {
  constructor(readonly resourceName: string) {}

  reject(node: BpmnNode, reason: string): never {
    throw new UnsupportedBpmnError(this.resourceName, node.id ?? '(without id)', node.$type, reason);
  }

  /** A model value: `=…` is FEEL (its syntax checked now), anything else a literal, as in Zeebe. */
  expression(node: BpmnNode, text: string, what: string): Expression {
    const trimmed = text.trimStart();
    if (!trimmed.startsWith('=')) return { literal: text };
    const feel = trimmed.slice(1);
    const error = feelSyntaxError(feel);
    if (error) this.reject(node, `${what}: ${error}`);
    return { feel };
  }

  /** A value that only makes sense as FEEL, such as a condition: a literal is rejected. */
  feel(node: BpmnNode, text: string, what: string): Expression {
    if (!text.trimStart().startsWith('=')) this.reject(node, `${what} must be a FEEL expression starting with "=", got "${text}"`);
    return this.expression(node, text, what);
  }
}
