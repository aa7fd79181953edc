/** Options wiring: rule packs, this year's statistics and the report sentence. */
import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/lib/db';
import { listPacks } from '@/lib/packs';
import { computeStats, type Stats } from '@/lib/stats';
import { send } from '@/lib/client';

type PackRow = Awaited<ReturnType<typeof listPacks>>[number];

export function App() {
  const [packs, setPacks] = useState<PackRow[] | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      // The background seeds the packs on install; asking for them makes sure that happened.
      await send({ type: 'getActivePacks' }).catch(() => null);
      setPacks(await listPacks(getDb()));
      setStats(await computeStats(getDb(), { kind: 'year', year: new Date().getFullYear() }));
    })().catch((e) => setError(String((e as Error).message ?? e)));
  }, []);

  return (
    <div>
      <header class="bar">
        <h1>规审 · 台账与设置</h1>
      </header>
      <main style={{ maxWidth: '960px' }}>
        {error && <p class="error-box">{error}</p>}
        <section aria-label="年度统计">
          <h2>年度统计</h2>
          {stats ? <p data-testid="sentence">{stats.sentence}</p> : <p class="muted">正在统计…</p>}
        </section>
        <section aria-label="规则包">
          <h2>规则包</h2>
          {!packs && <p class="muted">正在读取…</p>}
          {packs && (
            <table class="list" data-testid="packs">
              <thead>
                <tr>
                  <th>规则包</th>
                  <th>适用地区</th>
                  <th>版本</th>
                  <th>规则数</th>
                  <th>来源</th>
                  <th>状态</th>
                </tr>
              </thead>
              <tbody>
                {packs.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {p.pack.name}
                      <br />
                      <small class="muted">{p.id}</small>
                    </td>
                    <td>{p.pack.jurisdiction}</td>
                    <td>{p.pack.version}</td>
                    <td>{p.pack.rules.length}</td>
                    <td>{p.source === 'seed' ? '内置' : '本单位'}</td>
                    <td>{p.enabled ? '启用' : '停用'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </div>
  );
}
