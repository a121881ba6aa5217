import type { KubeObject, ObjectRef } from '@pause/core';
import type { ClusterOperation, ClusterWriteRecord } from './records.ts';

/** What a {@link WriteLog} entry is made from. */
export interface WriteLogEntry {
  operation: ClusterOperation;
  ref: ObjectRef;
  actor: string;
  outcome: ClusterWriteRecord['outcome'];
  /** The object as stored after the write (its `resourceVersion` is kept). */
  object?: KubeObject;
  statusCode?: number;
  patchType?: 'merge' | 'json';
}

/** The fake cluster's audit log: every write call, numbered, in the order it arrived. */
export class WriteLog {
  readonly #records: ClusterWriteRecord[] = [];

  /** Every record so far, oldest first. */
  get records(): readonly ClusterWriteRecord[] {
    return [...this.#records];
  }

  /** Append one record. */
  add(entry: WriteLogEntry): void {
    const { operation, ref, actor, outcome } = entry;
    const record: ClusterWriteRecord = {
      seq: this.#records.length + 1,
      operation,
      ref,
      actor,
      outcome,
    };
    if (entry.patchType) record.patchType = entry.patchType;
    const rv = entry.object?.metadata?.resourceVersion;
    if (outcome !== 'failed' && rv) record.resourceVersion = rv;
    if (entry.statusCode !== undefined) record.statusCode = entry.statusCode;
    this.#records.push(record);
  }
}
