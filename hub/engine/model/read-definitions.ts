// SPDX-License-Identifier: Apache-2.0
// XML to a moddle tree with Zeebe's extensions. Moddle recovers from much (unknown elements, dangling
// references, duplicate ids) by leaving things out and warning; every warning is rejected here, because a
// part left out is a part silently skipped.
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { UnsupportedBpmnError } from './compiled-process.js';
import { isBpmnNode, type BpmnNode } from './bpmn-node.js';

// One instance serves every deployment: it holds only the meta-models, each fromXML reads with its own state.
const moddle = new BpmnModdle({ zeebe });

/** Moddle's messages span lines (`…\n\tline: 3\n\tcolumn: 9`); one line reads better in an API error. */
const oneLine = (message: string): string => message.trim().replace(/\s*\n\s*/g, '; ');

export async function readDefinitions(resourceName: string, xml: string): Promise<BpmnNode> {
  let result;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (error) {
    throw new UnsupportedBpmnError(resourceName, undefined, undefined, `is not BPMN 2.0 XML: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  }
  const warning = result.warnings[0];
  if (warning) {
    throw new UnsupportedBpmnError(resourceName, warning.element?.id, warning.element?.$type, oneLine(warning.message));
  }
  if (!isBpmnNode(result.rootElement) || result.rootElement.$type !== 'bpmn:Definitions') {
    throw new UnsupportedBpmnError(resourceName, undefined, undefined, 'is not BPMN 2.0 XML: the root element is not bpmn:definitions');
  }
  return result.rootElement;
}
