// SPDX-License-Identifier: Apache-2.0
// The Mojaloop switch simulator of the sandbox (mounted on the simulators listener under /switch).
export { openSwitchSimulator } from './switch-simulator.js';
export type { SwitchSimulator, SwitchSimulatorOptions, ParticipantRegistration, ParticipantView, TransferView } from './switch-api.js';
export { SWITCH_FSP_ID, SWITCH_PREFIX } from './callbacks.js';
export type { Fault, FaultKind } from './faults.js';
export type { LoggedMessage } from './message-log.js';
export type { DeliveryStats } from './delivery-queue.js';
export type { OracleEntry, TransferState } from './switch-store.js';
