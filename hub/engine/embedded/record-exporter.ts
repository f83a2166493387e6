// SPDX-License-Identifier: Apache-2.0
// Moves committed records from the engine's file to the event log's `zeebe` topic, in position order, like
// Zeebe's exporters. At least once: a crash between the append and the mark re-exports a few records,
// which consumers drop by position.
import type { EventLog } from '../../../platform/events/index.js';
import type { Logger } from '../../../platform/log/index.js';
import { ENGINE_RECORDS_TOPIC } from '../records.js';
import type { EngineStateStore } from './state-store.js';

const BATCH = 2_000;
// Exporting runs on its own rhythm, not after every commit, so it adds few transactions to the hot path.
const INTERVAL_MS = 25;
const RETRY_MS = 1_000;

export class RecordExporter {
  #position: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly store: EngineStateStore, private readonly eventLog: EventLog | undefined, private readonly logger: Logger | undefined) {
    this.#position = store.meta('exportedPosition') ?? 0;
  }

  /** Asks for an export soon; cheap to call after every commit. */
  kick(delay = INTERVAL_MS): void {
    if (this.#stopped || this.#timer || this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#drain().finally(() => { this.#running = undefined; });
    }, delay);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      if (!this.eventLog) {
        // Nowhere to export to: forget what was committed without reading it back.
        const last = this.store.lastPosition();
        if (last > this.#position && !this.#stopped) this.store.markExported((this.#position = last));
        return;
      }
      for (let records = this.store.recordsAfter(this.#position, BATCH); records.length > 0 && !this.#stopped; records = this.store.recordsAfter(this.#position, BATCH)) {
        await this.eventLog.append(ENGINE_RECORDS_TOPIC, records.map((record) => ({ key: record.key, value: record, timestamp: record.timestamp })));
        this.#position = records.at(-1)!.position;
        if (!this.#stopped) this.store.markExported(this.#position);
      }
    } catch (error) {
      this.logger?.warn({ err: error, position: this.#position }, 'exporting engine records failed; retrying');
      this.#running = undefined;
      this.kick(RETRY_MS);
    }
  }
}
