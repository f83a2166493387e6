// SPDX-License-Identifier: Apache-2.0
// The readiness report as the portal offers it for download: JSON for tools, plain text for people (and for a
// support ticket). Both hold the same facts; the text one is fixed-width so it reads in any editor.
import type { CheckOutcome, ReadinessReport } from './readiness.js';

/** The report as pretty-printed JSON (UTF-8 text, final newline). */
export function reportAsJson(report: ReadinessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const MARK: Record<CheckOutcome, string> = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' };

/** The report as plain text: a header, the verdict, then one block per check with its detail. */
export function reportAsText(report: ReadinessReport): string {
  const count = (outcome: CheckOutcome) => report.checks.filter((check) => check.outcome === outcome).length;
  const idWidth = Math.max(...report.checks.map((check) => check.id.length), 2);
  const lines = [
    'Lango sandbox readiness report',
    `Application: ${report.clientId}`,
    `Bank:        ${report.bank}`,
    `Started:     ${report.startedAt}`,
    `Finished:    ${report.finishedAt}`,
    `Result:      ${report.passed ? 'PASSED' : 'FAILED'} (${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped)`,
    '',
  ];
  for (const check of report.checks) {
    const facts = [check.httpStatus !== undefined && `HTTP ${check.httpStatus}`, check.outcome !== 'skipped' && `${check.durationMs} ms`].filter(Boolean).join(', ');
    lines.push(`${MARK[check.outcome]}  ${check.id.padEnd(idWidth)}  ${check.name}${facts ? ` (${facts})` : ''}`);
    lines.push(`${' '.repeat(idWidth + 8)}${check.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
