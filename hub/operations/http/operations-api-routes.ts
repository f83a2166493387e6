// SPDX-License-Identifier: Apache-2.0
// The operations API (hub/operations/http/API.md) on the operations listener: transfers (search, detail, CSV),
// incidents, dashboard figures, operator actions with approvals, the audit trail. Every call needs an operator; each
// read is limited to the tenants where the operator holds a role, each change to the roles the action asks for.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../../platform/errors/index.js';
import type { OperationsApiExtension } from './api-extension.js';
import type { OperatorActions } from '../actions/operator-actions.js';
import type { FlowMap } from '../actions/flow-map.js';
import type { ActionStatus, OperatorAction, OperatorActionStore } from '../actions/operator-action.js';
import { AUDIT_KINDS, type AuditEntry, type AuditKind, type AuditTrail } from '../audit/audit-trail.js';
import type { OperationsStreamer } from '../operations-streamer.js';
import type { OperationsTransfer, OperationsView, TransferSearch, TransferSortKey, TransferState } from '../operations-view.js';
import { TRANSFER_PROCESSES } from '../operations-view.js';
import { CSRF_HEADER, csrfHeld } from './operator-session.js';
import { tenantsWith, type OperatorAuthenticator, type OperatorIdentity } from './operator-identity.js';
import { csvCell, transferCsvHeader, transferCsvRow } from './transfer-csv.js';
import { transferPath } from './transfer-path.js';

export interface OperationsApiSettings {
  authenticator: OperatorAuthenticator;
  view: OperationsView;
  actions: OperatorActions;
  store: OperatorActionStore;
  trail: AuditTrail;
  flows: FlowMap;
  streamer: () => OperationsStreamer | undefined;
  /** Routes other contexts add (app/ composes them), behind the same sign-in. */
  extensions?: readonly OperationsApiExtension[];
}

type Query = Record<string, string | undefined>;

const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 20;
const STATES: readonly TransferState[] = ['IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'];
const DIRECTIONS = [...new Set(Object.values(TRANSFER_PROCESSES))];
const SORT_KEYS: readonly TransferSortKey[] = ['startedAt', 'completedAt', 'amount', 'transactionId'];
const ACTION_STATUSES: readonly ActionStatus[] = ['PENDING_APPROVAL', 'APPROVED', 'EXECUTED', 'REJECTED', 'FAILED'];

declare module 'fastify' {
  interface FastifyRequest {
    operator?: OperatorIdentity;
  }
}

export async function operationsApiRoutes(server: FastifyInstance, settings: OperationsApiSettings): Promise<void> {
  const { view, actions, store, trail, flows } = settings;

  await server.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const operator = await settings.authenticator.authenticate(request);
      if (!operator) throw new UnauthenticatedError('sign in as an operator (session) or present an operations access token');
      // A browser session sends cookies on its own: a change must also carry the session's CSRF token.
      if (request.method !== 'GET' && request.method !== 'HEAD' && !csrfHeld(request, operator)) {
        throw new ForbiddenError(`the ${CSRF_HEADER} header is missing or wrong`);
      }
      request.operator = operator;
    });
    const operatorOf = (request: FastifyRequest) => request.operator!;
    for (const extension of settings.extensions ?? []) {
      await extension.routes(api, { operatorOf, audit: async (entry) => { await trail.append([entry]); } });
    }

    api.get('/me', async (request) => {
      const { username, roles, csrf } = operatorOf(request);
      return { username, roles, ...(csrf && { csrf }) };
    });

    api.get('/transfers', async (request) => {
      const query = request.query as Query;
      const { page, size } = paging(query);
      const { items, total } = await view.searchTransfers({ ...transferFilters(query, operatorOf(request)), limit: size, offset: (page - 1) * size });
      return { items: items.map(transferJson), page, size, total };
    });

    api.get('/transfers/export.csv', async (request, reply) => {
      const filters = transferFilters(request.query as Query, operatorOf(request));
      const lines = [transferCsvHeader()];
      for (let offset = 0; ; offset += 1000) {
        const { items } = await view.searchTransfers({ ...filters, limit: 1000, offset });
        lines.push(...items.map(transferCsvRow));
        if (items.length < 1000) break;
      }
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="transfers.csv"').send(`${lines.join('\r\n')}\r\n`);
    });

    api.get<{ Params: { key: string } }>('/transfers/:key', async (request) => {
      const identity = operatorOf(request);
      const facts = await actions.facts(identity, request.params.key);
      const { transfer, tasks, incidents } = facts;
      const [variables, history, audit] = await Promise.all([
        view.variables(transfer.processInstanceKey),
        store.list({ tenantIds: tenantsWith(identity), processInstanceKey: transfer.processInstanceKey, limit: 100 }),
        trail.list({ tenantIds: tenantsWith(identity), subject: transfer.transferId ?? transfer.processInstanceKey, limit: 100 }),
      ]);
      return {
        transfer: transferJson(transfer),
        tasks: tasks.map((task) => ({ ...task, name: flows.name(transfer.bpmnProcessId, task.elementId), startedAt: iso(task.startedAt), endedAt: iso(task.endedAt) })),
        variables: variables.map((variable) => ({ ...variable, updatedAt: iso(variable.updatedAt) })),
        incidents: incidents.map((incident) => ({ ...incident, createdAt: iso(incident.createdAt), resolvedAt: iso(incident.resolvedAt) })),
        path: transferPath(tasks, incidents, flows.flows(transfer.bpmnProcessId)),
        // While a request waits for approval, nothing else may be asked of the transfer.
        actions: history.items.some((action) => action.status === 'PENDING_APPROVAL') ? [] : actions.allowed(identity, facts),
        history: history.items.map((action) => actionJson(action, identity, actions)),
        audit: audit.items.map(auditJson),
      };
    });

    api.get<{ Params: { id: string } }>('/processes/:id/versions/:version/xml', async (request, reply) => {
      const xml = flows.xml(request.params.id);
      if (!xml) throw new NotFoundError(`no process ${request.params.id}`);
      return reply.type('application/xml; charset=utf-8').send(xml);
    });

    api.get('/transaction-requests', async (request) => {
      const query = request.query as Query;
      const { page, size } = paging(query);
      const { items, total } = await view.searchTransactionRequests({
        tenantIds: tenantsFilter(query, operatorOf(request)), ...(query.transactionRequestId && { transactionRequestId: query.transactionRequestId }),
        limit: size, offset: (page - 1) * size,
      });
      return { items: items.map((item) => ({ ...item, startedAt: iso(item.startedAt), completedAt: iso(item.completedAt) })), page, size, total };
    });

    api.get('/incidents', async (request) => {
      const query = request.query as Query;
      const { page, size } = paging(query);
      const state = oneOf(query, 'state', ['ACTIVE', 'RESOLVED'] as const) ?? 'ACTIVE';
      const tenants = new Set(tenantsFilter(query, operatorOf(request)));
      // Incidents are few (each one waits for a person): read them all and keep the operator's tenants.
      const mine = (await view.incidents({ state, limit: 10_000 })).filter((incident) => incident.tenantId && tenants.has(incident.tenantId));
      const pageItems = mine.slice((page - 1) * size, page * size);
      const items = await Promise.all(pageItems.map(async (incident) => {
        const transfer = await view.transfer(incident.processInstanceKey);
        return { ...incident, createdAt: iso(incident.createdAt), resolvedAt: iso(incident.resolvedAt), ...(transfer && { transfer: transferJson(transfer) }) };
      }));
      return { items, page, size, total: mine.length };
    });

    api.get('/dashboard', async (request) => {
      const query = request.query as Query;
      return view.transferFigures({ tenantIds: tenantsFilter(query, operatorOf(request)), ...optionalTime(query, 'from'), ...optionalTime(query, 'to') });
    });

    api.post<{ Params: { key: string } }>('/transfers/:key/actions', async (request, reply) => {
      const body = objectBody(request);
      const action = await actions.request(operatorOf(request), request.params.key, { action: body.action as string, reason: body.reason as string, variables: body.variables });
      return reply.code(action.status === 'PENDING_APPROVAL' ? 202 : 200).send(actionJson(action, operatorOf(request), actions));
    });

    api.get('/approvals', async (request) => {
      const query = request.query as Query;
      const { page, size } = paging(query);
      const identity = operatorOf(request);
      const status = oneOf(query, 'status', ACTION_STATUSES);
      const { items, total } = await store.list({ tenantIds: tenantsWith(identity), ...(status && { status }), limit: size, offset: (page - 1) * size });
      return { items: items.map((action) => actionJson(action, identity, actions)), page, size, total };
    });

    api.post<{ Params: { id: string } }>('/approvals/:id/approve', async (request) => {
      const reason = objectBody(request, true).reason;
      return actionJson(await actions.approve(operatorOf(request), request.params.id, typeof reason === 'string' ? reason : undefined), operatorOf(request), actions);
    });

    api.post<{ Params: { id: string } }>('/approvals/:id/reject', async (request) => {
      return actionJson(await actions.reject(operatorOf(request), request.params.id, objectBody(request).reason as string), operatorOf(request), actions);
    });

    api.get('/audit', async (request) => {
      const query = request.query as Query;
      const { page, size } = paging(query);
      const kind = oneOf(query, 'kind', AUDIT_KINDS);
      const { items, total } = await trail.list({
        tenantIds: tenantsWith(operatorOf(request)), ...(kind && { kind: kind as AuditKind }), ...optionalTime(query, 'from'), ...optionalTime(query, 'to'),
        limit: size, offset: (page - 1) * size,
      });
      return { items: items.map(auditJson), page, size, total };
    });

    api.get('/audit/export', async (request, reply) => {
      const query = request.query as Query;
      const tenantIds = supervisorTenants(operatorOf(request));
      const format = oneOf(query, 'format', ['jsonl', 'csv'] as const) ?? 'jsonl';
      const lines: string[] = format === 'csv' ? [AUDIT_CSV_COLUMNS.join(',')] : [];
      for await (const entry of trail.entries({ tenantIds, ...optionalTime(query, 'from'), ...optionalTime(query, 'to') })) {
        lines.push(format === 'csv' ? auditCsvRow(entry) : JSON.stringify(entry));
      }
      return reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="audit-trail.${format}"`).send(lines.length ? `${lines.join('\n')}\n` : '');
    });

    api.get('/audit/verify', async (request) => {
      supervisorTenants(operatorOf(request));
      return trail.verify();
    });

    api.get('/streamer', async () => {
      const streamer = settings.streamer();
      if (!streamer) throw new NotFoundError('the operations streamer does not run in this process');
      return { group: streamer.group, lag: await streamer.lag() };
    });
  }, { prefix: '/api/v1' });
}

function supervisorTenants(identity: OperatorIdentity): string[] {
  const tenants = tenantsWith(identity, 'supervisor');
  if (tenants.length === 0) throw new ForbiddenError('exporting and verifying the audit trail needs the supervisor role');
  return tenants;
}

function objectBody(request: FastifyRequest, optional = false): Record<string, unknown> {
  const body = request.body;
  if ((body === undefined || body === null) && optional) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function paging(query: Query): { page: number; size: number } {
  const page = query.page === undefined ? 1 : Number(query.page);
  const size = query.size === undefined ? DEFAULT_PAGE_SIZE : Number(query.size);
  if (!Number.isInteger(page) || page < 1) throw new ValidationError('page must be a whole number from 1', { path: 'page' });
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new ValidationError(`size must be a whole number from 1 to ${MAX_PAGE_SIZE}`, { path: 'size' });
  return { page, size };
}

function oneOf<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ValidationError(`${name} must be one of ${allowed.join(', ')}`, { path: name });
  return value as T;
}

function optionalTime<K extends string>(query: Query, name: K): Partial<Record<K, number>> {
  const value = query[name];
  if (value === undefined || value === '') return {};
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new ValidationError(`${name} must be an ISO 8601 date-time`, { path: name });
  return { [name]: time } as Record<K, number>;
}

/** The operator's tenants, or the one asked for (which must be one of them). */
function tenantsFilter(query: Query, identity: OperatorIdentity): string[] {
  const own = tenantsWith(identity);
  if (!query.tenantId) return own;
  if (!own.includes(query.tenantId)) throw new ForbiddenError(`no role at ${query.tenantId}`);
  return [query.tenantId];
}

const AMOUNT = /^\d{1,18}(\.\d{1,4})?$/;

function transferFilters(query: Query, identity: OperatorIdentity): Omit<TransferSearch, 'limit' | 'offset'> {
  const text = (name: string) => (query[name] ? { [name]: query[name] } : {});
  const amount = (name: 'amountMin' | 'amountMax') => {
    const value = query[name];
    if (!value) return {};
    if (!AMOUNT.test(value)) throw new ValidationError(`${name} must be a decimal amount such as 1500.50`, { path: name });
    return { [name]: value };
  };
  const direction = oneOf(query, 'direction', DIRECTIONS);
  const state = oneOf(query, 'state', STATES);
  const sortBy = oneOf(query, 'sort', SORT_KEYS) ?? 'startedAt';
  const order = oneOf(query, 'order', ['asc', 'desc'] as const) ?? 'desc';
  return {
    tenantIds: tenantsFilter(query, identity),
    ...(direction && { direction }), ...(state && { state }), ...(query.incident === 'true' && { incident: true }),
    ...text('transactionId'), ...text('transferId'), ...text('payerId'), ...text('payeeId'), ...text('payeeFspId'), ...text('payeeName'), ...text('currency'),
    ...amount('amountMin'), ...amount('amountMax'),
    ...optionalTime(query, 'startedFrom'), ...optionalTime(query, 'startedTo'), ...optionalTime(query, 'completedFrom'), ...optionalTime(query, 'completedTo'),
    sort: { by: sortBy, direction: order },
  };
}

const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

function transferJson(transfer: OperationsTransfer) {
  return { ...transfer, startedAt: iso(transfer.startedAt), completedAt: iso(transfer.completedAt) };
}

function actionJson(action: OperatorAction, identity: OperatorIdentity, actions: OperatorActions) {
  return { ...action, requestedAt: iso(action.requestedAt), decidedAt: iso(action.decidedAt), canDecide: actions.canDecide(identity, action) };
}

function auditJson(entry: AuditEntry) {
  return { ...entry, at: iso(entry.at) };
}

const AUDIT_CSV_COLUMNS = ['seq', 'at', 'kind', 'tenantId', 'actor', 'action', 'subject', 'reason', 'before', 'after', 'details', 'prevHash', 'hash'] as const;

function auditCsvRow(entry: AuditEntry): string {
  return AUDIT_CSV_COLUMNS.map((column) => csvCell(column === 'at' ? new Date(entry.at).toISOString() : entry[column])).join(',');
}
