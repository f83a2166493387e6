// SPDX-License-Identifier: Apache-2.0
// The path a process instance took, as bpmn-js markers (CSS classes on the diagram's elements). Pure: no DOM,
// so the rule is readable in one place (README "Path highlighting").

export const MARKERS = { completed: 'lango-completed', taken: 'lango-taken', active: 'lango-active', failed: 'lango-failed' };

/**
 * The marker of each element id, from the API's `path` ({ completed, active, failed, flows }) and the transfer's
 * incidents: failed (an element in `path.failed` or with an unresolved incident) wins over active, active over
 * completed (an element entered again — a retry loop — is shown as where the instance is now); `flows` are the
 * sequence flows taken. Returns a Map id → marker class.
 */
export function pathMarkers(path = {}, incidents = []) {
  const markers = new Map();
  for (const id of path.flows ?? []) markers.set(id, MARKERS.taken);
  for (const id of path.completed ?? []) markers.set(id, MARKERS.completed);
  for (const id of path.active ?? []) markers.set(id, MARKERS.active);
  for (const id of path.failed ?? []) markers.set(id, MARKERS.failed);
  for (const incident of incidents) if (incident.state !== 'RESOLVED' && incident.elementId) markers.set(incident.elementId, MARKERS.failed);
  return markers;
}

/**
 * Adds the markers to a bpmn-js viewer's canvas, skipping ids the diagram does not have (a sub-process's elements
 * in another diagram, an id renamed in a later version). Returns the ids marked, by marker.
 */
export function applyMarkers(viewer, markers) {
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const applied = {};
  for (const [id, marker] of markers) {
    if (!registry.get(id)) continue;
    canvas.addMarker(id, marker);
    (applied[marker] ??= []).push(id);
  }
  return applied;
}
