// SPDX-License-Identifier: Apache-2.0
// Columns and labels that several pages share: operator actions (transfer history, approvals) and audit entries.
import { formatTime, jsonValue, statusBadge } from './dom.js';

export const ACTIONS = {
  'retry': { label: 'Retry', help: 'Resolves the incident and runs the failed step again. Runs at once.' },
  'force-complete': { label: 'Force complete', help: 'Ends the transfer as completed. A supervisor must approve it.' },
  'force-fail': { label: 'Force fail', help: 'Ends the transfer as failed (its error path runs). Runs at once.' },
  'manual-override': { label: 'Manual override', help: 'Sets the variables below and resumes the transfer. A supervisor must approve it.' },
  'recall': { label: 'Recall', help: 'Asks the payee\'s bank to pay the money back. A supervisor of the payee\'s bank must approve it.' },
};
export const historyColumns = [
  { label: 'Requested (UTC)', value: (a) => formatTime(a.requestedAt) },
  { label: 'Action', value: (a) => ACTIONS[a.action]?.label ?? a.action },
  { label: 'Status', value: (a) => statusBadge(a.status) },
  { label: 'Requested by', value: (a) => a.requestedBy ?? '' },
  { label: 'Reason', className: 'wrap', value: (a) => a.reason ?? '' },
  { label: 'Decided by', value: (a) => a.decidedBy ?? '' },
  { label: 'Decided (UTC)', value: (a) => formatTime(a.decidedAt) },
  { label: 'Decision reason', className: 'wrap', value: (a) => a.decisionReason ?? '' },
  { label: 'Result', className: 'wrap', value: (a) => (a.result === undefined || a.result === null ? '' : jsonValue(a.result)) },
];

export const auditColumns = [
  { label: 'Seq', className: 'num', value: (e) => e.seq ?? '' },
  { label: 'At (UTC)', value: (e) => formatTime(e.at) },
  { label: 'Kind', value: (e) => e.kind ?? '' },
  { label: 'Tenant', value: (e) => e.tenantId ?? '' },
  { label: 'Actor', value: (e) => e.actor ?? '' },
  { label: 'Action', value: (e) => e.action ?? '' },
  { label: 'Subject', value: (e) => e.subject ?? '' },
  { label: 'Reason', className: 'wrap', value: (e) => e.reason ?? '' },
  {
    label: 'Details', className: 'wrap',
    value: (e) => {
      const shown = Object.fromEntries(Object.entries({ before: e.before, after: e.after, details: e.details }).filter(([, value]) => value !== undefined && value !== null));
      return Object.keys(shown).length ? jsonValue(shown, 40) : '';
    },
  },
];

