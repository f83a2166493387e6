// SPDX-License-Identifier: Apache-2.0
// The two authentication steps every PSU flow starts with: the bank's credentials (knowledge), then a
// one-time code (possession) — the two independent elements of strong customer authentication (PSD2 Art. 4(30)).
import type { FieldError } from '../layout.js';
import type { Messages } from '../i18n/index.js';
import { MAX_LOGIN_FAILURES, MAX_OTP_FAILURES, otpHash, sameToken, type PsuFlow } from '../psu-flow.js';
import type { OperatorDirectory } from '../../operators/operator.js';
import type { CodeRecipient, OneTimeCodes, PsuDirectory, PsuLoginContext } from '../psu-directory.js';

/** Issue 4: a one-time code is accepted for 5 minutes after it was sent (ConsentServerSettings.otpTtlMs overrides it). */
export const OTP_TTL_MS = 5 * 60_000;

export interface AuthenticationDeps {
  directory: PsuDirectory;
  /** Back-office operators, who sign in through the operations client. */
  operators?: OperatorDirectory;
  codes: OneTimeCodes;
  /** How long a one-time code is accepted, in ms. */
  otpTtlMs: number;
  now: () => number;
}

/** `next`: the flow moved on (already updated); `invalid`: show the errors; `locked`: end the flow. */
export type StepOutcome = { kind: 'next' } | { kind: 'invalid'; errors: FieldError[] } | { kind: 'locked' };

export interface LoginForm {
  bank?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export async function sendCode(deps: AuthenticationDeps, flow: PsuFlow, recipient: CodeRecipient): Promise<void> {
  const code = await deps.codes.issue(recipient);
  flow.otpHash = otpHash(flow, code);
  flow.otpExpiresAt = deps.now() + deps.otpTtlMs;
}

/**
 * Checks the bank credentials; on success sends a one-time code and moves the flow to `sca`. `context` names the
 * client's organisation: a PSU the bank keeps to another organisation fails (and counts) as wrong credentials.
 */
export async function submitLogin(deps: AuthenticationDeps, flow: PsuFlow, form: LoginForm, messages: Messages, context: PsuLoginContext = {}): Promise<StepOutcome> {
  const errors: FieldError[] = [];
  if (!form.bank) errors.push({ field: 'bank', message: messages.bankRequired });
  if (!form.username) errors.push({ field: 'username', message: messages.usernameRequired });
  if (!form.password) errors.push({ field: 'password', message: messages.passwordRequired });
  if (errors.length) return { kind: 'invalid', errors };
  const psu = await deps.directory.verifyPsuLogin(form.bank!, form.username!, form.password!, context);
  if (!psu) {
    flow.loginFailures += 1;
    if (flow.loginFailures >= MAX_LOGIN_FAILURES) return { kind: 'locked' };
    return { kind: 'invalid', errors: [{ field: 'username', message: messages.loginFailed }] };
  }
  Object.assign(flow, { stage: 'sca', tenantId: psu.tenantId, psuId: psu.id, psuName: psu.fullName, otpFailures: 0 });
  await sendCode(deps, flow, psu);
  return { kind: 'next' };
}

/** Checks the one-time code; an expired one is replaced (not counted), the third wrong one locks the flow. */
export async function submitOtp(deps: AuthenticationDeps, flow: PsuFlow, code: string | undefined, next: PsuFlow['stage'], messages: Messages): Promise<StepOutcome> {
  if (flow.stage !== 'sca' || !flow.psuId) return { kind: 'locked' };
  const value = (code ?? '').replace(/\s+/g, '');
  if (!value) return { kind: 'invalid', errors: [{ field: 'otp', message: messages.otpRequired }] };
  if (deps.now() > (flow.otpExpiresAt ?? 0)) {
    const [prefix, ...rest] = flow.psuId.split(':');
    const username = rest.join(':');
    await sendCode(deps, flow, { id: flow.psuId, ...(!flow.operator && { tenantId: prefix }), username, fullName: flow.psuName ?? '' });
    return { kind: 'invalid', errors: [{ field: 'otp', message: messages.otpExpired }] };
  }
  if (!sameToken(otpHash(flow, value), flow.otpHash)) {
    flow.otpFailures += 1;
    if (flow.otpFailures >= MAX_OTP_FAILURES) return { kind: 'locked' };
    return { kind: 'invalid', errors: [{ field: 'otp', message: messages.otpWrong(MAX_OTP_FAILURES - flow.otpFailures) }] };
  }
  Object.assign(flow, { stage: next, otpHash: undefined, otpExpiresAt: undefined });
  return { kind: 'next' };
}
