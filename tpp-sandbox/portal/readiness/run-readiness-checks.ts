// SPDX-License-Identifier: Apache-2.0
// Runs the readiness steps in order against the TPP's own client and writes down each outcome. Nothing a check
// meets — a refusal, a timeout, a broken key — escapes as an exception: it becomes a failed check with the
// API's own words, and the checks that depended on it are skipped with the reason.
import { performance } from 'node:perf_hooks';
import { closeJourney, openJourney, type Journey } from './journey.js';
import { problemOf } from './problem-text.js';
import type { ReadinessCheck, ReadinessOptions, ReadinessReport, ReadinessTarget } from './readiness.js';
import { READINESS_STEPS, type CheckId, type ReadinessStep } from './steps.js';

/** Why `step` cannot run, or undefined when it can. */
function skipReason(step: ReadinessStep, target: ReadinessTarget, outcomes: Map<CheckId, ReadinessCheck>, roleSkipped: Set<CheckId>): string | undefined {
  if (step.role && !target.client.roles.includes(step.role)) return `the app has no ${step.role} role`;
  for (const need of step.needs) {
    if (roleSkipped.has(need)) continue;
    const outcome = outcomes.get(need);
    if (outcome?.outcome !== 'pass') return `needs "${outcome?.name ?? need}", which ${outcome?.outcome === 'fail' ? 'failed' : 'was skipped'}`;
  }
  return undefined;
}

async function runStep(step: ReadinessStep, journey: Journey): Promise<ReadinessCheck> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const result = await step.run(journey);
    return { id: step.id, name: step.name, outcome: 'pass', durationMs: took(), detail: result.detail, ...(result.httpStatus !== undefined && { httpStatus: result.httpStatus }) };
  } catch (error) {
    const problem = problemOf(error);
    return { id: step.id, name: step.name, outcome: 'fail', durationMs: took(), detail: problem.detail, ...(problem.httpStatus !== undefined && { httpStatus: problem.httpStatus }) };
  }
}

/**
 * Runs every readiness check for `target.client` at `target.bank` with `target.psu`, in order; resolves with the
 * report whatever the outcome (it never rejects for a failed check).
 */
export async function runReadinessChecks(target: ReadinessTarget, options: ReadinessOptions = {}): Promise<ReadinessReport> {
  const startedAt = new Date().toISOString();
  const outcomes = new Map<CheckId, ReadinessCheck>();
  const roleSkipped = new Set<CheckId>();
  let journey: Journey;
  try {
    journey = openJourney(target, options);
  } catch (error) {
    // Only a QWAC or CA that is not PEM at all gets here: nothing can be called.
    const [first, ...rest] = READINESS_STEPS;
    const checks: ReadinessCheck[] = [
      { id: first!.id, name: first!.name, outcome: 'fail', durationMs: 0, detail: `the app's certificates cannot be used: ${problemOf(error).detail}` },
      ...rest.map((step): ReadinessCheck => ({ id: step.id, name: step.name, outcome: 'skipped', durationMs: 0, detail: `needs "${first!.name}", which failed` })),
    ];
    return { clientId: target.client.clientId, bank: target.bank, startedAt, finishedAt: new Date().toISOString(), passed: false, checks };
  }
  try {
    for (const step of READINESS_STEPS) {
      const reason = skipReason(step, target, outcomes, roleSkipped);
      if (reason !== undefined) {
        if (step.role && !target.client.roles.includes(step.role)) roleSkipped.add(step.id);
        outcomes.set(step.id, { id: step.id, name: step.name, outcome: 'skipped', durationMs: 0, detail: reason });
        continue;
      }
      outcomes.set(step.id, await runStep(step, journey));
    }
  } finally {
    await closeJourney(journey);
  }
  const checks = [...outcomes.values()];
  return { clientId: target.client.clientId, bank: target.bank, startedAt, finishedAt: new Date().toISOString(), passed: checks.every((check) => check.outcome !== 'fail'), checks };
}
