// SPDX-License-Identifier: Apache-2.0
import type { ElementKind } from '../model/compiled-process.js';

/** Zeebe's `bpmnElementType` for each compiled element kind, as records carry it. */
export const BPMN_ELEMENT_TYPE: Record<ElementKind, string> = {
  startEvent: 'START_EVENT',
  endEvent: 'END_EVENT',
  intermediateCatchEvent: 'INTERMEDIATE_CATCH_EVENT',
  boundaryEvent: 'BOUNDARY_EVENT',
  serviceTask: 'SERVICE_TASK',
  receiveTask: 'RECEIVE_TASK',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
  eventBasedGateway: 'EVENT_BASED_GATEWAY',
  subProcess: 'SUB_PROCESS',
  callActivity: 'CALL_ACTIVITY',
};
