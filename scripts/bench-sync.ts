/**
 * `npm run bench:sync`: the office's shared log against a CouchDB-protocol server it starts
 * (pouchdb-server on 127.0.0.1, scripts/couch-server.mjs).
 *
 * 1. Initial sync of BENCH_N (default 20,000) records into a fresh replica: our bridge (PouchDB
 *    replication + the restore's validation of every document + the Dexie writes), beside the
 *    bare PouchDB replication of the same documents into an empty local database — the ratio
 *    is our layer's cost.
 * 2. The time from A's save to B's log with both replicating live (median of BENCH_ROUNDS).
 *
 * Node, not a browser: Dexie runs on fake-indexeddb and the local replicas on PouchDB's memory
 * adapter (its IndexedDB adapters do not run on fake-indexeddb), so the figures measure the
 * protocol, validation and bridge work, not Chromium's IndexedDB.
 */
import 'fake-indexeddb/auto';
(globalThis as { self?: unknown }).self ??= globalThis;

const N = Number(process.env.BENCH_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const [{ default: PouchCore }, http, memory, replication] = await Promise.all([
    import('pouchdb-core'),
    import('pouchdb-adapter-http'),
    import('pouchdb-adapter-memory'),
    import('pouchdb-replication'),
  ]);
  const Pouch = PouchCore.plugin(http.default).plugin(memory.default).plugin(replication.default);
  const { startCouch } = await import('./couch-server.mjs');
  const { addUser, setupOffice, REVIEWER_ROLE } = await import('./office-setup');
  const { GuishenDB } = await import('../lib/db');
  const { OfficeBridge } = await import('../lib/office/bridge');
  const { sessionFetch } = await import('../lib/office/connect');
  const { createRecord } = await import('../lib/records');
  const { seedPacks } = await import('../rules/seeds');

  const couch = await startCouch();
  try {
    const url = `${couch.url}bench`;
    const admin = { url, user: couch.admin.user, password: couch.admin.password };
    await setupOffice(admin);
    await addUser(admin, 'alice', 'alice-password-1', REVIEWER_ROLE);
    await addUser(admin, 'bob', 'bob-password-1', REVIEWER_ROLE);
    let n = 0;
    const replica = (user: string) =>
      new OfficeBridge({
        db: new GuishenDB(`bench-${user}-${n++}`),
        url,
        user,
        lead: false,
        shareTexts: false,
        fetch: sessionFetch(url, user, async () => `${user}-password-1`),
        seeds: seedPacks,
        localName: `bench-replica-${user}-${n++}`,
        pouch: { PouchDB: Pouch, adapter: 'memory' },
      });

    // A's log: N records with two findings each, written as the popup would leave them.
    const a = replica('alice');
    const now = Date.now();
    const rows = [];
    const findings = [];
    for (let i = 0; i < N; i++) {
      const at = new Date(now - (N - i) * 60_000).toISOString();
      const id = `r${String(i).padStart(6, '0')}`;
      rows.push({
        id,
        docKey: `no:银政规〔2026〕${i}号`,
        url: `https://www.example.gov.cn/${i}.html`,
        title: `银湖市第${i}号管理办法（征求意见稿）`,
        docNumber: `银政规〔2026〕${i}号`,
        registrationNumber: null,
        classification: i % 4 ? ('non-normative' as const) : ('normative' as const),
        conclusion: '通过' as const,
        opinion: '同意出台。',
        reviewer: '张三',
        reviewedAt: at,
        docTitle: '',
        drafter: '',
        receivedDate: null,
        dueDate: null,
        office: '',
        round: 1,
        facts: {
          isDraft: true,
          effectiveDate: null,
          validity: { years: null, until: null, expiry: null },
        },
        findingCounts: { error: 1, warning: 1, info: 0 },
        packs: [{ id: 'national', version: '1.0.0', sha256: 'a'.repeat(64) }],
        extensionVersion: '0.1.0',
        textHash: null,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
      });
      const finding = (severity: 'error' | 'warning') => ({
        ruleId: 'national/doc-number-brackets',
        kind: 'pattern',
        severity,
        category: '格式' as const,
        message: '发文字号年份应使用六角括号〔〕',
        basis: 'GB/T 9704—2012 第7.2.4条',
        range: { start: 10, end: 22 },
        anchor: { exact: '银政规[2026]9号', prefix: '', suffix: '' },
      });
      findings.push({
        recordId: id,
        findings: [finding('error'), finding('warning')],
        updatedAt: at,
      });
    }
    await a.opts.db.records.bulkAdd(rows);
    await a.opts.db.recordFindings.bulkAdd(findings as never);
    let t = performance.now();
    await a.syncOnce();
    console.log(
      `setup: ${N} records pushed from A to the server in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // 1. Initial sync into a fresh replica, ours vs bare PouchDB.
    const b = replica('bob');
    t = performance.now();
    const { pulled } = await b.syncOnce();
    const ours = performance.now() - t;
    const refused = await b.opts.db.officeRejects.toArray();
    if (refused.length) throw new Error(`${refused.length} refused: ${refused[0]!.reason}`);
    const bare = new Pouch(`bench-bare-${n++}`, { adapter: 'memory' });
    const remote = new Pouch(url, {
      fetch: sessionFetch(url, 'bob', async () => 'bob-password-1'),
    });
    t = performance.now();
    await bare.replicate.from(remote);
    const plain = performance.now() - t;
    console.log(
      `initial sync of ${pulled} records into a fresh replica: ours ${(ours / 1000).toFixed(1)} s, bare PouchDB replication ${(plain / 1000).toFixed(1)} s, ratio ${(ours / plain).toFixed(2)}`,
    );

    // 2. A's save → B's log, both live.
    a.start();
    b.start();
    const lat: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const r = await createRecord(a.opts.db, {
        url: 'https://www.example.gov.cn/live.html',
        title: `实时第${i}份`,
        docNumber: null,
        registrationNumber: null,
        classification: 'normative',
        conclusion: '通过',
        opinion: '',
        reviewer: '张三',
        facts: { effectiveDate: null, validity: { years: null, until: null, expiry: null } },
        findings: [],
        packs: [],
        extensionVersion: '0.1.0',
      });
      await a.push(); // the background's live query does this; here the bench is the trigger
      while (!(await b.opts.db.records.get(r.id))) {
        if (performance.now() - t0 > 30_000) throw new Error('record did not arrive in 30 s');
        await new Promise((res) => setTimeout(res, 10));
      }
      lat.push(performance.now() - t0);
    }
    console.log(
      `A's save → B's log (live, ${ROUNDS} rounds): median ${median(lat).toFixed(0)} ms, min ${Math.min(...lat).toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms`,
    );
    await Promise.all([a.close(), b.close(), bare.close(), remote.close()]);
  } finally {
    await couch.dispose();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
