/**
 * The part of PouchDB 9's API that lib/office and the sync tests use. Written here rather than
 * taken from @types/pouchdb-*: those declare a global `interface Buffer extends Uint8Array`
 * that merges into Node's Buffer and breaks the typecheck of unrelated files.
 */
declare namespace PouchDB {
  interface Doc {
    _id: string;
    _rev?: string;
    _deleted?: boolean;
    _conflicts?: string[];
    [key: string]: unknown;
  }
  interface Change {
    id: string;
    seq: number | string;
    changes: Array<{ rev: string }>;
    deleted?: boolean;
    doc?: Doc;
  }
  interface ChangesResponse {
    results: Change[];
    last_seq: number | string;
  }
  interface AllDocsRow {
    id: string;
    key: string;
    value?: { rev: string; deleted?: boolean };
    doc?: Doc | null;
    error?: string;
  }
  interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    doc_write_failures: number;
    errors: unknown[];
    last_seq: number | string;
    status: string;
  }
  interface SyncResult {
    push?: ReplicationResult;
    pull?: ReplicationResult;
  }
  interface SyncEvents {
    change: { direction: 'push' | 'pull'; change: { last_seq?: number | string; docs: Doc[] } };
    paused: unknown;
    active: undefined;
    denied: unknown;
    complete: unknown;
    error: unknown;
  }
  interface Sync extends Promise<SyncResult> {
    on<E extends keyof SyncEvents>(event: E, listener: (info: SyncEvents[E]) => void): Sync;
    cancel(): void;
  }
  /** One direction (replicate.to / replicate.from): resolves with that direction's result. */
  interface Replication extends Promise<ReplicationResult> {
    on<E extends keyof SyncEvents>(event: E, listener: (info: SyncEvents[E]) => void): Replication;
    cancel(): void;
  }
  interface SyncOptions {
    live?: boolean;
    retry?: boolean;
    back_off_function?: (delay: number) => number;
    batch_size?: number;
    /** Which side keeps replication checkpoints; false: none (start from the beginning). */
    checkpoint?: false | 'source' | 'target';
    filter?: (doc: Doc) => boolean;
    since?: number | string;
  }
  interface Database {
    readonly name: string;
    get(id: string, options?: Record<string, unknown>): Promise<Doc>;
    put(doc: Doc): Promise<{ ok: boolean; id: string; rev: string }>;
    allDocs(options: {
      keys?: string[];
      include_docs?: boolean;
      conflicts?: boolean;
      startkey?: string;
      endkey?: string;
      limit?: number;
      skip?: number;
    }): Promise<{ rows: AllDocsRow[]; total_rows?: number }>;
    bulkDocs(
      docs: object[],
      options?: { new_edits?: boolean },
    ): Promise<Array<{ ok?: boolean; id?: string; rev?: string; error?: string }>>;
    changes(options: {
      since?: number | string;
      limit?: number;
      include_docs?: boolean;
      conflicts?: boolean;
      filter?: ((doc: Doc) => boolean) | '_doc_ids';
      doc_ids?: string[];
    }): Promise<ChangesResponse>;
    revsDiff(revs: Record<string, string[]>): Promise<Record<string, { missing: string[] }>>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    sync(target: Database, options?: SyncOptions): Sync;
    replicate: {
      to(target: Database, options?: SyncOptions): Replication;
      from(source: Database, options?: SyncOptions): Replication;
    };
    close(): Promise<void>;
    destroy(): Promise<void>;
  }
  interface Options {
    adapter?: string;
    auto_compaction?: boolean;
    skip_setup?: boolean;
    fetch?: (url: string | Request, init?: RequestInit) => Promise<Response>;
  }
  type Plugin = object;
  interface Static {
    new (name: string, options?: Options): Database;
    plugin(plugin: Plugin): Static;
  }
}

declare module 'pouchdb-browser' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
declare module 'pouchdb-core' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
declare module 'pouchdb-adapter-http' {
  const plugin: PouchDB.Plugin;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: PouchDB.Plugin;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: PouchDB.Plugin;
  export default plugin;
}
