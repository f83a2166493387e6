// SPDX-License-Identifier: Apache-2.0
// The first step when the operations client asks: a back-office operator's own credentials (no bank), then the
// same one-time code as a PSU's. PSU credentials mean nothing here, and operator credentials nothing on a PSU's page.
import type { FieldError } from '../layout.js';
import type { Messages } from '../i18n/index.js';
import { operatorSubject } from '../../operators/operator.js';
import { MAX_LOGIN_FAILURES, type PsuFlow } from '../psu-flow.js';
import { sendCode, type AuthenticationDeps, type LoginForm, type StepOutcome } from './authenticate.js';

/** Checks the operator's credentials; on success sends a one-time code and moves the flow to `sca`. */
export async function submitOperatorLogin(deps: AuthenticationDeps, flow: PsuFlow, form: Omit<LoginForm, 'bank'>, messages: Messages): Promise<StepOutcome> {
  const errors: FieldError[] = [];
  if (!form.username) errors.push({ field: 'username', message: messages.usernameRequired });
  if (!form.password) errors.push({ field: 'password', message: messages.passwordRequired });
  if (errors.length) return { kind: 'invalid', errors };
  const operator = await deps.operators?.verifyLogin(form.username!, form.password!);
  if (!operator) {
    flow.loginFailures += 1;
    if (flow.loginFailures >= MAX_LOGIN_FAILURES) return { kind: 'locked' };
    return { kind: 'invalid', errors: [{ field: 'username', message: messages.operatorLoginFailed }] };
  }
  const id = operatorSubject(operator.username);
  Object.assign(flow, { stage: 'sca', operator: true, tenantId: undefined, psuId: id, psuName: operator.username, otpFailures: 0 });
  await sendCode(deps, flow, { id, username: operator.username, fullName: operator.username });
  return { kind: 'next' };
}
