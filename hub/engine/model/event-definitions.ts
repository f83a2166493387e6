// SPDX-License-Identifier: Apache-2.0
// The three event definitions that carry data: a timer's value, a message's name and correlation key, an
// error's code. Literal timer values are parsed now so a bad date fails the deployment, not the timer.
import type { MessageDefinition, TimerDefinition } from './compiled-process.js';
import { attribute, type BpmnNode } from './bpmn-node.js';
import type { CompileContext } from './compile-context.js';
import { zeebeExtensions } from './extensions.js';
import { parseCycle, parseDate, parseDuration } from './iso8601.js';

export type TimerType = TimerDefinition['type'];

const TIMER_FIELDS = [
  { property: 'timeDuration', type: 'duration', parse: (text: string) => parseDuration(text) },
  { property: 'timeDate', type: 'date', parse: parseDate },
  { property: 'timeCycle', type: 'cycle', parse: parseCycle },
] as const;

/** `allowed`: the timer types Zeebe accepts on this kind of event (see compile-event.ts). */
export function timerDefinition(ctx: CompileContext, node: BpmnNode, definition: BpmnNode, allowed: readonly TimerType[]): TimerDefinition {
  const written = TIMER_FIELDS.filter((field) => definition[field.property]?.body?.trim());
  if (written.length !== 1) ctx.reject(node, 'a timer needs exactly one of timeDuration, timeDate or timeCycle');
  const field = written[0]!;
  if (!allowed.includes(field.type)) {
    ctx.reject(node, `${field.property} is not allowed here; this event accepts ${allowed.map((type) => TIMER_FIELDS.find((f) => f.type === type)!.property).join(' or ')}`);
  }
  const text = definition[field.property]!.body!.trim();
  const value = ctx.expression(node, text, field.property);
  if ('literal' in value) {
    try {
      field.parse(text);
    } catch (error) {
      if (error instanceof RangeError) ctx.reject(node, `${field.property}: ${error.message}`);
      throw error;
    }
  }
  return { type: field.type, value };
}

/** Message start events need no correlation key: they start a new instance for every message. */
export function messageDefinition(ctx: CompileContext, node: BpmnNode, message: BpmnNode | undefined, correlated: boolean): MessageDefinition {
  if (!message) ctx.reject(node, 'needs a message (messageRef)');
  if (!message.name) ctx.reject(node, `message "${message.id}" has no name`);
  const subscription = zeebeExtensions(ctx, message, ['zeebe:Subscription'], node).get('zeebe:Subscription');
  const correlationKey = subscription && attribute(subscription, 'correlationKey');
  if (correlated && !correlationKey) ctx.reject(node, `message "${message.name}" needs a zeebe:subscription correlationKey`);
  return {
    name: ctx.expression(node, message.name, 'message name'),
    correlationKey: correlated ? ctx.expression(node, correlationKey!, 'correlationKey') : undefined,
  };
}

/** An error end event must name its code; an error boundary without errorRef catches every error. */
export function errorCode(ctx: CompileContext, node: BpmnNode, definition: BpmnNode, required: boolean): string | undefined {
  const error = definition.errorRef;
  if (!error) {
    if (required) ctx.reject(node, 'an error end event needs an error (errorRef) with an errorCode');
    return undefined;
  }
  const code = error.errorCode;
  if (!code) ctx.reject(node, `error "${error.id}" has no errorCode; to catch every error, leave out errorRef`);
  // Error codes are matched as plain strings at run time; Zeebe's FEEL error codes are not supported.
  if (code.trimStart().startsWith('=')) ctx.reject(node, `errorCode "${code}" is FEEL; write the code literally`);
  return code;
}
