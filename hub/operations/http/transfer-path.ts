// SPDX-License-Identifier: Apache-2.0
// The path an instance took through its BPMN, for the diagram: elements completed, active and failed (open
// incident), and the sequence flows taken. The view keeps element instances, not flows, so a flow counts as taken
// when its source completed and its target was entered afterwards.
import type { FlowEdge } from '../actions/flow-map.js';
import type { OperationsElement, OperationsIncident } from '../operations-view.js';

export interface TransferPath {
  completed: string[];
  active: string[];
  failed: string[];
  flows: string[];
}

export function transferPath(tasks: readonly OperationsElement[], incidents: readonly OperationsIncident[], edges: readonly FlowEdge[]): TransferPath {
  const completedAt = new Map<string, number>();
  const enteredAt = new Map<string, number[]>();
  for (const task of tasks) {
    if (task.state === 'COMPLETED') completedAt.set(task.elementId, Math.min(completedAt.get(task.elementId) ?? Infinity, task.endedAt ?? task.startedAt));
    enteredAt.set(task.elementId, [...(enteredAt.get(task.elementId) ?? []), task.startedAt]);
  }
  const failed = [...new Set(incidents.filter((incident) => incident.state === 'ACTIVE').map((incident) => incident.elementId))];
  return {
    completed: [...completedAt.keys()],
    active: [...new Set(tasks.filter((task) => task.state === 'ACTIVE').map((task) => task.elementId))].filter((id) => !failed.includes(id)),
    failed,
    flows: edges.filter((edge) => {
      const left = completedAt.get(edge.sourceId);
      return left !== undefined && (enteredAt.get(edge.targetId) ?? []).some((at) => at >= left);
    }).map((edge) => edge.id),
  };
}
