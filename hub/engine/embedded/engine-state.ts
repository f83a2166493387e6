// SPDX-License-Identifier: Apache-2.0
// The embedded engine's state in memory, with the indexes the runtime needs, and the batch of changes
// (rows and records) that the next group commit writes. Mutate only through these methods, so that
// memory, indexes and the pending batch never disagree.
import type { CompiledProcess } from '../model/compiled-process.js';
import type { EngineRecord, ValueType } from '../records.js';
import type { EntityKind, EntityKinds, VariableEntity } from './entities.js';
import type { StoredRow } from './state-store.js';

/** A changed entity waiting for the commit; serialised once then, however often it changed in the batch. */
type PendingRow = { kind: EntityKind; key: string; entity: unknown } | { kind: EntityKind; key: string; entity: null };

const messageIndex = (name: string, correlationKey: string) => `${name}\u0000${correlationKey}`;

export class EngineState {
  readonly entities: { [K in EntityKind]: Map<string, EntityKinds[K]> } = {
    def: new Map(), ei: new Map(), job: new Map(), timer: new Map(), sub: new Map(), msg: new Map(), inc: new Map(), var: new Map(),
  };
  readonly compiled = new Map<string, CompiledProcess>();
  /** bpmnProcessId → key of its latest definition. */
  readonly latest = new Map<string, string>();
  /** scope key → variable name → value. */
  readonly variables = new Map<string, Map<string, unknown>>();
  /** flow scope key → keys of its child element instances. */
  readonly children = new Map<string, Set<string>>();
  readonly subscriptionsByMessage = new Map<string, Set<string>>();
  readonly messagesByCorrelation = new Map<string, string[]>();
  readonly messageIds = new Map<string, string>();
  /** job type → keys of activatable jobs, in creation order. */
  readonly activatable = new Map<string, Set<string>>();

  #persisted = new Set<string>();
  #rows = new Map<string, PendingRow>();
  #records: EngineRecord[] = [];
  nextKey: number;
  nextPosition: number;

  constructor(nextKey: number, nextPosition: number) {
    this.nextKey = nextKey;
    this.nextPosition = nextPosition;
  }

  newKey(): string {
    this.nextKey += 1;
    return String(this.nextKey);
  }

  get<K extends EntityKind>(kind: K, key: string): EntityKinds[K] | undefined {
    return this.entities[kind].get(key) as EntityKinds[K] | undefined;
  }

  /** Stores (or replaces) an entity: in memory now, on disk at the next commit. */
  put<K extends EntityKind>(kind: K, key: string, entity: EntityKinds[K]): void {
    const previous = this.entities[kind].get(key);
    if (previous) this.#unindex(kind, key, previous);
    (this.entities[kind] as Map<string, EntityKinds[K]>).set(key, entity);
    this.#index(kind, key, entity);
    this.#rows.set(`${kind}\u0000${key}`, { kind, key, entity });
  }

  /**
   * Keeps an entity in memory (with its indexes) without a row of its own: for a fresh job, which travels
   * inside its element instance's row until something about it changes (then `put` gives it a row).
   */
  putEmbedded<K extends EntityKind>(kind: K, key: string, entity: EntityKinds[K]): void {
    const previous = this.entities[kind].get(key);
    if (previous) this.#unindex(kind, key, previous);
    (this.entities[kind] as Map<string, EntityKinds[K]>).set(key, entity);
    this.#index(kind, key, entity);
  }

  /** Marks an entity changed after an in-place update. */
  touch<K extends EntityKind>(kind: K, key: string): void {
    const rowKey = `${kind}\u0000${key}`;
    if (this.#rows.get(rowKey)?.entity) return;
    const entity = this.entities[kind].get(key);
    if (entity) this.#rows.set(rowKey, { kind, key, entity });
  }

  remove(kind: EntityKind, key: string): void {
    const previous = this.entities[kind].get(key);
    if (!previous) return;
    this.#unindex(kind, key, previous);
    this.entities[kind].delete(key);
    const rowKey = `${kind}\u0000${key}`;
    // Created and gone within one batch: nothing reaches the disk.
    if (this.#persisted.has(rowKey)) this.#rows.set(rowKey, { kind, key, entity: null });
    else this.#rows.delete(rowKey);
  }

  setVariable(scopeKey: string, piKey: string, name: string, value: unknown): void {
    this.put('var', `${scopeKey}/${name}`, { scopeKey, piKey, name, value });
  }

  /** Drops every variable of a scope (when the scope ends). */
  clearScope(scopeKey: string): void {
    const names = this.variables.get(scopeKey);
    if (!names) return;
    for (const name of [...names.keys()]) this.remove('var', `${scopeKey}/${name}`);
  }

  subscriptionsFor(name: string, correlationKey: string): Set<string> | undefined {
    return this.subscriptionsByMessage.get(messageIndex(name, correlationKey));
  }

  messagesFor(name: string, correlationKey: string): string[] {
    return this.messagesByCorrelation.get(messageIndex(name, correlationKey)) ?? [];
  }

  record(valueType: ValueType, intent: string, key: string, value: Record<string, unknown>): void {
    this.#records.push({ position: this.nextPosition += 1, key, timestamp: Date.now(), partitionId: 1, recordType: 'EVENT', valueType, intent, value });
  }

  hasPending(): boolean {
    return this.#rows.size > 0 || this.#records.length > 0;
  }

  /** Hands the batch to the committer and starts a new one. */
  takeBatch(): { rows: (StoredRow | { kind: EntityKind; key: string; data: null })[]; records: EngineRecord[] } {
    const rows: (StoredRow | { kind: EntityKind; key: string; data: null })[] = [];
    for (const [rowKey, row] of this.#rows) {
      if (row.entity === null) {
        this.#persisted.delete(rowKey);
        rows.push({ kind: row.kind, key: row.key, data: null });
      } else {
        this.#persisted.add(rowKey);
        rows.push({ kind: row.kind, key: row.key, data: JSON.stringify(row.entity) });
      }
    }
    const batch = { rows, records: this.#records };
    this.#rows = new Map();
    this.#records = [];
    return batch;
  }

  /** Rebuilds memory from stored rows at start; nothing is pending afterwards. */
  load(rows: StoredRow[]): void {
    for (const row of rows) {
      const entity = JSON.parse(row.data) as EntityKinds[typeof row.kind];
      (this.entities[row.kind] as Map<string, unknown>).set(row.key, entity);
      this.#index(row.kind, row.key, entity);
      this.#persisted.add(`${row.kind}\u0000${row.key}`);
    }
    for (const instance of this.entities.ei.values()) {
      if (instance.job && !this.entities.job.has(instance.job.key)) this.putEmbedded('job', instance.job.key, instance.job);
    }
    // A scope's active count is its live children plus the tokens waiting at its joins; it is derived here
    // rather than rewritten on every step of every instance.
    for (const instance of this.entities.ei.values()) {
      const waiting = Object.values(instance.joins ?? {}).reduce((sum, flows) => sum + flows.length, 0);
      instance.active = (this.children.get(instance.key)?.size ?? 0) + waiting;
    }
  }

  #index(kind: EntityKind, key: string, entity: EntityKinds[EntityKind]): void {
    switch (kind) {
      case 'var': {
        const variable = entity as VariableEntity;
        let scope = this.variables.get(variable.scopeKey);
        if (!scope) this.variables.set(variable.scopeKey, (scope = new Map()));
        scope.set(variable.name, variable.value);
        break;
      }
      case 'ei': {
        const scopeKey = (entity as EntityKinds['ei']).flowScopeKey;
        if (scopeKey) {
          let set = this.children.get(scopeKey);
          if (!set) this.children.set(scopeKey, (set = new Set()));
          set.add(key);
        }
        break;
      }
      case 'job': {
        const job = entity as EntityKinds['job'];
        if (job.state === 'activatable') {
          let set = this.activatable.get(job.type);
          if (!set) this.activatable.set(job.type, (set = new Set()));
          set.add(key);
        }
        break;
      }
      case 'sub': {
        const sub = entity as EntityKinds['sub'];
        const index = messageIndex(sub.messageName, sub.correlationKey);
        let set = this.subscriptionsByMessage.get(index);
        if (!set) this.subscriptionsByMessage.set(index, (set = new Set()));
        set.add(key);
        break;
      }
      case 'msg': {
        const message = entity as EntityKinds['msg'];
        const index = messageIndex(message.name, message.correlationKey);
        const list = this.messagesByCorrelation.get(index) ?? [];
        if (!list.includes(key)) list.push(key);
        this.messagesByCorrelation.set(index, list);
        if (message.messageId) this.messageIds.set(messageIndex(message.name, message.messageId), key);
        break;
      }
      case 'def': {
        const definition = entity as EntityKinds['def'];
        const current = this.entities.def.get(this.latest.get(definition.bpmnProcessId) ?? '');
        if (!current || current.version <= definition.version) this.latest.set(definition.bpmnProcessId, key);
        break;
      }
      default:
    }
  }

  #unindex(kind: EntityKind, key: string, entity: EntityKinds[EntityKind]): void {
    switch (kind) {
      case 'var': {
        const variable = entity as VariableEntity;
        const scope = this.variables.get(variable.scopeKey);
        scope?.delete(variable.name);
        if (scope?.size === 0) this.variables.delete(variable.scopeKey);
        break;
      }
      case 'ei': {
        const scopeKey = (entity as EntityKinds['ei']).flowScopeKey;
        const set = scopeKey ? this.children.get(scopeKey) : undefined;
        set?.delete(key);
        if (scopeKey && set?.size === 0) this.children.delete(scopeKey);
        break;
      }
      case 'job':
        this.activatable.get((entity as EntityKinds['job']).type)?.delete(key);
        break;
      case 'sub': {
        const sub = entity as EntityKinds['sub'];
        this.subscriptionsByMessage.get(messageIndex(sub.messageName, sub.correlationKey))?.delete(key);
        break;
      }
      case 'msg': {
        const message = entity as EntityKinds['msg'];
        const index = messageIndex(message.name, message.correlationKey);
        const list = this.messagesByCorrelation.get(index)?.filter((item) => item !== key) ?? [];
        if (list.length) this.messagesByCorrelation.set(index, list);
        else this.messagesByCorrelation.delete(index);
        if (message.messageId) this.messageIds.delete(messageIndex(message.name, message.messageId));
        break;
      }
      default:
    }
  }

  messageIdTaken(name: string, messageId: string): boolean {
    return this.messageIds.has(messageIndex(name, messageId));
  }
}
