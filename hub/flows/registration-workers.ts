// SPDX-License-Identifier: Apache-2.0
// Workers of party-registration.bpmn: an identifier is mapped to an account here and in the AMS, then
// registered at the switch's account lookup so other FSPs find this FSP for it.
import type { JobWorker } from '../engine/workflow-engine.js';
import type { FlowContext } from './flow-context.js';
import { partyPath } from './fspiop-bodies.js';
import { jobVariable as v, PaymentRejected, step } from './step.js';

/** The correlation key of a PUT /participants answer: FSP, identifier type and value. */
export function registrationKey(fspId: string, idType: string, idValue: string): string {
  return `${fspId}|${idType}|${idValue}`;
}

/** Starts the workers of party registration. */
export function registrationWorkers(context: FlowContext): JobWorker[] {
  const { engine, store, ams, fspiop, tenants, identities } = context;
  return [
    engine.createWorker({
      taskType: 'register-party-locally',
      handler: step(context, async (job) => {
        const tenantId = v<string>(job, 'tenantId');
        const idType = v<string>(job, 'idType');
        const idValue = v<string>(job, 'idValue');
        const accountId = v<string>(job, 'accountId');
        const account = await ams.account(tenantId, accountId);
        if (!account || account.status !== 'ACTIVE') throw new PaymentRejected('3200', `no active account ${accountId}`);
        if (!(await identities.register({ idType, idValue, tenantId, accountId }))) throw new PaymentRejected('3003', `${idType} ${idValue} is registered to another account`);
        await ams.registerParty(tenantId, idType as never, idValue, accountId);
        await store.updateRegistration(tenantId, v(job, 'registrationId'), { status: 'IN_PROGRESS' });
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'register-party-at-switch',
      handler: step(context, async (job) => {
        const tenant = tenants.byId(v(job, 'tenantId'));
        await fspiop.send({
          method: 'POST', resource: 'participants', path: partyPath({ idType: v(job, 'idType'), idValue: v(job, 'idValue') }, 'participants'),
          source: tenant.fspId, body: { fspId: tenant.fspId, currency: tenant.currency },
        });
      }, { onExhausted: 'throw' }),
    }),
    engine.createWorker({
      taskType: 'party-registration-completed',
      handler: step(context, async (job) => {
        await store.updateRegistration(v(job, 'tenantId'), v(job, 'registrationId'), { status: 'COMPLETED' });
      }, { onExhausted: 'incident' }),
    }),
    engine.createWorker({
      taskType: 'party-registration-failed',
      handler: step(context, async (job) => {
        const failure = v<{ errorCode?: string; errorDescription?: string } | null>(job, 'registrationError');
        await store.updateRegistration(v(job, 'tenantId'), v(job, 'registrationId'), {
          status: 'FAILED',
          errorCode: v<string | undefined>(job, 'errorCode') ?? failure?.errorCode ?? '2004',
          errorDescription: v<string | undefined>(job, 'errorDescription') ?? failure?.errorDescription ?? 'the switch did not answer in time',
        });
      }, { onExhausted: 'incident' }),
    }),
  ];
}
