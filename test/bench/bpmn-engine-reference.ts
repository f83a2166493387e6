// SPDX-License-Identifier: Apache-2.0
// The reference the issue names: bpmn-engine running the same three-service-task process in memory,
// with service functions that answer at once, `inFlight` instances at a time.
import { Engine } from 'bpmn-engine';

const SOURCE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="reference-definitions" targetNamespace="http://lango.dev/bench">
  <process id="reference" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="t1" />
    <serviceTask id="t1" implementation="\${environment.services.work}" />
    <sequenceFlow id="f1" sourceRef="t1" targetRef="t2" />
    <serviceTask id="t2" implementation="\${environment.services.work}" />
    <sequenceFlow id="f2" sourceRef="t2" targetRef="t3" />
    <serviceTask id="t3" implementation="\${environment.services.work}" />
    <sequenceFlow id="f3" sourceRef="t3" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const services = { work: (_context: unknown, next: () => void) => next() };

function runOne(): Promise<void> {
  return new Promise((resolve, reject) => {
    const engine = new Engine({ source: SOURCE, services });
    engine.once('end', () => resolve());
    engine.once('error', reject);
    engine.execute().catch(reject);
  });
}

export async function runBpmnEngineReference(inFlight: number, total: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let launched = 0;
  const begin = performance.now();
  const lane = async () => {
    while (launched < total) {
      launched += 1;
      const at = performance.now();
      await runOne();
      latencies.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { perSecond: total / seconds, p50: at(50), p99: at(99) };
}
