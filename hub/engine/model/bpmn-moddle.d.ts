// SPDX-License-Identifier: Apache-2.0
// bpmn-moddle 10 ships types for the BPMN meta-model but none for its entry module; this declares the one
// call the compiler makes. The tree it returns is read through BpmnNode (bpmn-node.ts).
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    readonly message: string;
    /** The element holding an unresolved reference or an unknown attribute. */
    readonly element?: { readonly id?: string; readonly $type?: string };
  }

  export interface ParseResult {
    readonly rootElement: object;
    readonly warnings: readonly ModdleWarning[];
  }

  export class BpmnModdle {
    /** `packages`: extra meta-models by prefix, e.g. `{ zeebe }`. */
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
