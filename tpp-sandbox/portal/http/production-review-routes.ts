// SPDX-License-Identifier: Apache-2.0
// The bank's side of a production request, on the operations API (an extension app/ composes): the bank's
// operators review the requests made to their bank; a supervisor approves or rejects with a reason, recorded in
// the audit trail. The portal shows the decision to the team.
import type { OperationsApiExtension } from '../../../hub/index.js';
import { tenantsWith } from '../../../hub/index.js';
import type { PortalApplications, ProductionRequest } from '../applications/index.js';
import { ValidationError } from '../../../platform/errors/index.js';

const view = (request: ProductionRequest, canDecide: boolean) => ({
  ...request,
  requestedAt: new Date(request.requestedAt).toISOString(),
  decidedAt: request.decidedAt === undefined ? undefined : new Date(request.decidedAt).toISOString(),
  canDecide: canDecide && request.status === 'PENDING',
});

/** `GET /api/v1/production-requests` and `POST /api/v1/production-requests/{id}/decision` `{ approve, reason }`. */
export function productionReviewExtension(applications: () => PortalApplications | undefined): OperationsApiExtension {
  return {
    async routes(api, context) {
      api.get('/production-requests', async (request) => {
        const operator = context.operatorOf(request);
        const supervised = new Set(tenantsWith(operator, 'supervisor'));
        const requests = (await applications()?.reviewQueue(tenantsWith(operator, 'viewer'))) ?? [];
        return { items: requests.map((item) => view(item, supervised.has(item.tenantId))) };
      });
      api.post<{ Params: { id: string } }>('/production-requests/:id/decision', async (request) => {
        const operator = context.operatorOf(request);
        const body = (request.body ?? {}) as { approve?: unknown; reason?: unknown };
        if (typeof body.approve !== 'boolean') throw new ValidationError('approve must be true or false', { path: 'approve' });
        const service = applications();
        if (!service) throw new ValidationError('the developer portal does not run in this process');
        // Only a supervisor of the bank asked decides; another bank's request reads as unknown.
        const decided = await service.decideProduction(request.params.id, tenantsWith(operator, 'supervisor'), { approve: body.approve, by: `operator:${operator.username}`, reason: body.reason });
        await context.audit({
          at: decided.decidedAt ?? Date.now(), kind: 'operator-action', tenantId: decided.tenantId, actor: `operator:${operator.username}`,
          action: decided.status === 'APPROVED' ? 'production-access.approve' : 'production-access.reject', subject: decided.applicationId, reason: decided.decisionReason,
          before: { status: 'PENDING' }, after: { status: decided.status }, details: { organisation: decided.organisationName, application: decided.applicationName },
        });
        return view(decided, false);
      });
    },
  };
}
