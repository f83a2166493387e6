// SPDX-License-Identifier: Apache-2.0
// Every contract test deploys its fixtures under names of its own: process ids, job types and message names
// get a `-<tag>` suffix. An embedded engine starts empty for each test anyway; a Zeebe broker is shared by
// tests and runs, and without this one test's worker would take another's jobs and versions would not start
// at 1. Works on the `bpmn:` / `zeebe:` prefixes Camunda Modeler writes; FEEL values (`=...`) are left alone.

type Rename = (value: string) => string;

function renameAttribute(tag: string, attribute: string, rename: Rename): string {
  return tag.replace(new RegExp(`(\\s${attribute}=")([^"]*)"`), (_, head: string, value: string) =>
    `${head}${value.startsWith('=') ? value : rename(value)}"`);
}

export function isolate(xml: string, tag: string): string {
  const suffix: Rename = (value) => `${value}-${tag}`;
  const processIds = new Set([...xml.matchAll(/<bpmn:process\b[^>]*?\sid="([^"]+)"/g)].map((found) => found[1]));
  return xml
    .replace(/<bpmn:process\b[^>]*>/g, (found) => renameAttribute(found, 'id', suffix))
    .replace(/<bpmndi:BPMNPlane\b[^>]*>/g, (found) =>
      renameAttribute(found, 'bpmnElement', (value) => (processIds.has(value) ? suffix(value) : value)))
    .replace(/<zeebe:calledElement\b[^>]*>/g, (found) => renameAttribute(found, 'processId', suffix))
    .replace(/<zeebe:taskDefinition\b[^>]*>/g, (found) => renameAttribute(found, 'type', suffix))
    .replace(/<bpmn:message\b[^>]*>/g, (found) => renameAttribute(found, 'name', suffix));
}

export const tagged = (value: string, tag: string): string => `${value}-${tag}`;
