/**
 * 办公室共享日志: connect this browser to the office's CouchDB database (URL, user, password,
 * 连接测试), see the sync state (已同步 / 待同步 N 条 / 离线 / 错误：…) and what was refused, and
 * the office's statistics (本人 / 全办公室, each document once). Everything shown from the server
 * is rendered as text.
 */
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { officeStateLabel } from '../OfficeStatus';
import { useApi, type OfficeStatsView, type OfficeView, type Problem } from './api';
import { ErrorLine, Problems, Section, Status, useLoad } from './common';

/** How often the section re-reads the sync state while it is open (ms). */
const POLL_MS = 2000;

export function OfficeSection() {
  const t = useT();
  const api = useApi();
  const loaded = useLoad(() => api.loadOffice(), [api]);
  useEffect(() => {
    const id = setInterval(() => void loaded.reload(), POLL_MS);
    return () => clearInterval(id);
  }, [loaded.reload]);
  const office = loaded.data;
  return (
    <Section id="office" title={t('options.office.title')}>
      <ErrorLine error={loaded.error} />
      <p class="muted">{t('options.office.what')}</p>
      <p class="muted" data-testid="office-switch-rule">
        {t('options.office.switchRule')}
      </p>
      {office && <ConnectForm office={office} reload={loaded.reload} />}
      {office?.config && <SyncState office={office} reload={loaded.reload} />}
      {office?.config && <OfficeStats />}
    </Section>
  );
}

function ConnectForm({ office, reload }: { office: OfficeView; reload(): Promise<void> }) {
  const t = useT();
  const api = useApi();
  const [url, setUrl] = useState(office.config?.url ?? '');
  const [user, setUser] = useState(office.config?.user ?? '');
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const ready = url.trim() !== '' && user.trim() !== '' && password !== '';

  const run = async (
    what: () => Promise<{ ok: true; value: unknown } | { ok: false; errors: Problem[] }>,
    done: (v: never) => string,
  ) => {
    setBusy(true);
    setStatus(null);
    try {
      const r = await what();
      if (!r.ok) {
        setProblems(r.errors);
        return;
      }
      setProblems([]);
      setStatus(done(r.value as never));
      await reload();
    } finally {
      setBusy(false);
    }
  };
  const describe = (info: {
    server: string;
    database: string;
    shareTexts: boolean;
    lead: boolean;
  }) =>
    t('options.office.testOk', [
      info.server,
      info.database,
      info.lead ? t('options.office.roleLead') : t('options.office.roleReviewer'),
      info.shareTexts ? t('options.office.textsOn') : t('options.office.textsOff'),
    ]);

  return (
    <form
      class="setting"
      data-testid="office-form"
      onSubmit={(e) => {
        e.preventDefault();
        // The permission prompt must start inside the click: call the API before any await.
        const pending = api.connectOffice(url.trim(), user.trim(), password);
        void run(
          () => pending,
          (info: Parameters<typeof describe>[0]) =>
            `${t('options.office.connected')}${describe(info)}`,
        ).then(() => setPassword(''));
      }}
    >
      <Problems problems={problems} />
      <Status text={status} testId="office-status-line" />
      <label>
        {t('options.office.url')}
        <input
          type="url"
          data-testid="office-url"
          placeholder="https://couchdb.example.gov.cn/guishen-log"
          value={url}
          onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('options.office.user')}
        <input
          type="text"
          autocomplete="username"
          data-testid="office-user"
          value={user}
          onInput={(e) => setUser((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('options.office.password')}
        <input
          type="password"
          autocomplete="current-password"
          data-testid="office-password"
          value={password}
          onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <p class="muted">{t('options.office.passwordHelp')}</p>
      <div class="actions">
        <button
          type="button"
          data-testid="office-test"
          disabled={!ready || busy}
          onClick={() =>
            void run(() => api.testOffice(url.trim(), user.trim(), password), describe)
          }
        >
          {t('options.office.test')}
        </button>
        <button type="submit" data-testid="office-connect" disabled={!ready || busy}>
          {office.config ? t('options.office.reconnect') : t('options.office.connect')}
        </button>
        {office.config && (
          <>
            <button
              type="button"
              data-testid="office-sync"
              disabled={busy}
              onClick={() =>
                void run(
                  () => api.syncOffice(),
                  (r: { pushed: number; pulled: number }) =>
                    t('options.office.synced', [r.pushed, r.pulled]),
                )
              }
            >
              {t('options.office.syncNow')}
            </button>
            <button
              type="button"
              data-testid="office-reupload"
              title={t('options.office.reuploadHelp')}
              disabled={busy}
              onClick={() =>
                void run(
                  () => api.reuploadOffice(),
                  (r: { written: number }) => t('options.office.reuploaded', [r.written]),
                )
              }
            >
              {t('options.office.reupload')}
            </button>
            <button
              type="button"
              data-testid="office-disconnect"
              disabled={busy}
              onClick={() =>
                void run(
                  async () => ({ ok: true as const, value: await api.disconnectOffice() }),
                  () => t('options.office.disconnected'),
                )
              }
            >
              {t('options.office.disconnect')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}

function SyncState({ office, reload }: { office: OfficeView; reload(): Promise<void> }) {
  const t = useT();
  const api = useApi();
  const { state, config } = office;
  const label = officeStateLabel(t, state);
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const upload = async () => {
    setUploading(true);
    try {
      const r = await api.uploadHeldOffice();
      if (!r.ok) return setProblems(r.errors);
      setProblems([]);
      setUploaded(t('options.office.uploadedHeld', [r.value.written]));
      await reload();
    } finally {
      setUploading(false);
    }
  };
  return (
    <div class="setting" data-testid="office-state">
      <h3>{t('options.office.stateTitle')}</h3>
      {config?.plainHttp && (
        <p class="error-box" role="alert" data-testid="office-http-warning">
          {t('options.office.plainHttp')}
        </p>
      )}
      <p>
        <strong data-testid="office-sync-status" data-status={state.status}>
          {label}
        </strong>
        {' · '}
        <span data-testid="office-last-sync">
          {state.lastSyncAt
            ? t('options.office.lastSync', [new Date(state.lastSyncAt).toLocaleString('zh-CN')])
            : t('options.office.neverSynced')}
        </span>
      </p>
      <p class="muted">
        {t('options.office.account', [config?.user ?? '', config?.url ?? ''])}
        {config?.shareTexts ? t('options.office.textsOn') : t('options.office.textsOff')}
      </p>
      <Problems problems={problems} />
      <Status text={uploaded} testId="office-held-status" />
      {state.held > 0 && (
        <p data-testid="office-held">
          {t('options.office.held', [state.held])}{' '}
          <button
            type="button"
            data-testid="office-upload-held"
            disabled={uploading}
            onClick={() => void upload()}
          >
            {t('options.office.uploadHeld')}
          </button>
        </p>
      )}
      {state.conflicts > 0 && (
        <p data-testid="office-conflicts">{t('options.office.conflicts', [state.conflicts])}</p>
      )}
      {office.rejectCount > 0 && (
        <details data-testid="office-rejects">
          <summary>{t('options.office.rejects', [office.rejectCount])}</summary>
          <ul>
            {office.rejects.map((r) => (
              <li key={r.docId}>
                {r.direction === 'in'
                  ? t('options.office.rejectIn')
                  : t('options.office.rejectOut')}
                {r.docId}：{r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function OfficeStats() {
  const t = useT();
  const api = useApi();
  const year = api.today().slice(0, 4);
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [scope, setScope] = useState<'mine' | 'office'>('office');
  const [stats, setStats] = useState<OfficeStatsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .officeStats({ from, to }, scope)
      .then((s) => live && (setStats(s), setError(null)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [api, from, to, scope]);
  return (
    <div class="setting" data-testid="office-stats">
      <h3>{t('options.office.statsTitle')}</h3>
      <div class="actions">
        <select
          data-testid="office-scope"
          value={scope}
          onChange={(e) =>
            setScope((e.currentTarget as HTMLSelectElement).value as 'mine' | 'office')
          }
        >
          <option value="office">{t('options.office.scopeOffice')}</option>
          <option value="mine">{t('options.office.scopeMine')}</option>
        </select>
        <input
          type="date"
          aria-label={t('options.office.from')}
          value={from}
          onChange={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
        />
        <input
          type="date"
          aria-label={t('options.office.to')}
          value={to}
          onChange={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <ErrorLine error={error} />
      {stats && (
        <>
          <p data-testid="office-sentence">{stats.sentence}</p>
          <p class="muted">{t('options.office.onceEach', [stats.total, stats.records])}</p>
          <table data-testid="office-by-reviewer">
            <thead>
              <tr>
                <th>{t('options.office.reviewer')}</th>
                <th>{t('options.office.documents')}</th>
                <th>{t('options.office.normative')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.byReviewer.map((r) => (
                <tr key={r.reviewer}>
                  <td>{r.reviewer}</td>
                  <td>{r.documents}</td>
                  <td>{r.normative}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
