/**
 * 规则包订阅: subscribe to a pack an office or a province publishes at an https address; see
 * each subscription's version, last check and last error; read what an update changes before
 * applying it; restore the previous version; unsubscribe (not a managed one). Everything from
 * the server is rendered as text.
 */
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { localDateTime } from '../labels';
import { useApi, type PackChanges, type Problem, type SubscriptionView } from './api';
import { ErrorLine, Problems, Section, Status, useLoad } from './common';

export function SubscriptionsSection() {
  const t = useT();
  const api = useApi();
  const loaded = useLoad(() => api.listSubscriptions(), [api]);
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  const act = async (
    run: Promise<{ ok: true; value: unknown } | { ok: false; errors: Problem[] }>,
    done: (v: unknown) => string | null,
  ) => {
    setBusy(true);
    setStatus(null);
    try {
      const r = await run;
      if (r.ok) {
        setProblems([]);
        setStatus(done(r.value));
      } else setProblems(r.errors);
      await loaded.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="subscriptions" title={t('options.subs.title')}>
      <ErrorLine error={loaded.error} />
      <p class="muted">{t('options.subs.what')}</p>
      <SubscribeForm
        busy={busy}
        onSubmit={(input) => act(api.subscribe(input), () => t('options.subs.subscribed'))}
      />
      <Status text={status} testId="subs-status" />
      <Problems problems={problems} testId="subs-problems" />
      {loaded.data && !loaded.data.length && <p class="muted">{t('options.subs.none')}</p>}
      {loaded.data?.map((s) => (
        <SubscriptionCard
          key={s.url}
          sub={s}
          busy={busy}
          onCheck={() =>
            act(api.checkSubscription(s.url), (v) => {
              const r = v as { status: string; error?: string };
              return r.status === 'update'
                ? t('options.subs.checkUpdate')
                : r.status === 'current'
                  ? t('options.subs.checkCurrent')
                  : // A failed check is said once, by the card's alert, not as a success line.
                    null;
            })
          }
          onApply={() => act(api.applySubscription(s.url), () => t('options.subs.applied'))}
          onRestore={() => act(api.restoreSubscription(s.url), () => t('options.subs.restored'))}
          onRemove={(removePack) =>
            act(api.unsubscribe(s.url, removePack), () => t('options.subs.removed'))
          }
        />
      ))}
    </Section>
  );
}

function SubscribeForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit(input: { url: string; pin: string; publicKey: string }): void;
}) {
  const t = useT();
  const [url, setUrl] = useState('');
  const [pin, setPin] = useState('');
  const [publicKey, setPublicKey] = useState('');
  return (
    <form
      class="setting subs-form"
      onSubmit={(e) => {
        e.preventDefault();
        // Synchronously inside the submit: the host-permission prompt needs the gesture.
        onSubmit({ url, pin, publicKey });
      }}
    >
      <label>
        {t('options.subs.url')}
        <input
          type="url"
          value={url}
          required
          placeholder="https://"
          data-testid="subs-url"
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('options.subs.pin')}
        <input
          value={pin}
          spellcheck={false}
          data-testid="subs-pin"
          onInput={(e) => setPin((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t('options.subs.publicKey')}
        <input
          value={publicKey}
          spellcheck={false}
          data-testid="subs-key"
          onInput={(e) => setPublicKey((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy || !url.trim()} data-testid="subs-add">
        {t('options.subs.add')}
      </button>
    </form>
  );
}

function SubscriptionCard({
  sub,
  busy,
  onCheck,
  onApply,
  onRestore,
  onRemove,
}: {
  sub: SubscriptionView;
  busy: boolean;
  onCheck(): void;
  onApply(): void;
  onRestore(): void;
  onRemove(removePack: boolean): void;
}) {
  const t = useT();
  const [removePack, setRemovePack] = useState(true);
  return (
    <article class="subs-card" data-testid="subs-card" aria-label={sub.url}>
      <h3>
        {sub.packId ?? t('options.subs.unknownPack')}
        {sub.managed && <span class="pill">{t('options.subs.managed')}</span>}
      </h3>
      <dl class="subs-facts">
        <dt>{t('options.subs.url')}</dt>
        <dd>{sub.url}</dd>
        <dt>{t('options.subs.version')}</dt>
        <dd data-testid="subs-version">{sub.version ?? t('options.subs.notApplied')}</dd>
        {sub.sha256 && (
          <>
            <dt>SHA-256</dt>
            <dd>
              <code>{sub.sha256.slice(0, 16)}…</code>
            </dd>
          </>
        )}
        <dt>{t('options.subs.checkedAt')}</dt>
        <dd>{sub.checkedAt ? localDateTime(sub.checkedAt) : '—'}</dd>
        {sub.pin && (
          <>
            <dt>{t('options.subs.pin')}</dt>
            <dd>
              <code>{sub.pin.slice(0, 16)}…</code>
            </dd>
          </>
        )}
        {sub.publicKey && (
          <>
            <dt>{t('options.subs.publicKey')}</dt>
            <dd>
              <code>{sub.publicKey.slice(0, 16)}…</code>
            </dd>
          </>
        )}
      </dl>
      {sub.error && (
        <p class="error-box" role="alert" data-testid="subs-error">
          {t('options.subs.lastError', [sub.error])}
        </p>
      )}
      {sub.pending && (
        <div class="subs-pending" data-testid="subs-pending">
          <h4>
            {t('options.subs.pending', [sub.pending.version, localDateTime(sub.pending.fetchedAt)])}
          </h4>
          <Changes changes={sub.pending.changes} />
          <button type="button" disabled={busy} onClick={onApply} data-testid="subs-apply">
            {t('options.subs.apply')}
          </button>
        </div>
      )}
      <div class="actions">
        <button type="button" disabled={busy} onClick={onCheck} data-testid="subs-check">
          {t('options.subs.check')}
        </button>
        {sub.previousVersion && (
          <button type="button" disabled={busy} onClick={onRestore} data-testid="subs-restore">
            {t('options.subs.restore', [sub.previousVersion])}
          </button>
        )}
        {!sub.managed && (
          <>
            <label class="inline">
              <input
                type="checkbox"
                checked={removePack}
                onChange={(e) => setRemovePack((e.target as HTMLInputElement).checked)}
              />
              {t('options.subs.removePack')}
            </label>
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => onRemove(removePack)}
              data-testid="subs-remove"
            >
              {t('options.subs.remove')}
            </button>
          </>
        )}
      </div>
    </article>
  );
}

/** What an update changes, as lists the reviewer reads before applying it. */
export function Changes({ changes }: { changes: PackChanges }) {
  const t = useT();
  if (changes.empty) return <p class="muted">{t('options.subs.noChanges')}</p>;
  return (
    <div class="subs-changes" data-testid="subs-changes">
      {changes.meta.length > 0 && (
        <ul>
          {changes.meta.map((m) => (
            <li key={m.field}>{t('options.subs.metaChanged', [m.field, m.before, m.after])}</li>
          ))}
        </ul>
      )}
      {changes.added.length > 0 && (
        <>
          <h5>{t('options.subs.added', [changes.added.length])}</h5>
          <ul>
            {changes.added.map((r) => (
              <li key={r.id}>
                <code>{r.id}</code> {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {changes.removed.length > 0 && (
        <>
          <h5>{t('options.subs.removedRules', [changes.removed.length])}</h5>
          <ul>
            {changes.removed.map((r) => (
              <li key={r.id}>
                <code>{r.id}</code> {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {changes.changed.length > 0 && (
        <>
          <h5>{t('options.subs.changed', [changes.changed.length])}</h5>
          <ul>
            {changes.changed.map((r) => (
              <li key={r.id}>
                <code>{r.id}</code> {r.message}
                <ul>
                  {r.fields.map((f) => (
                    <li key={f.field}>
                      {f.field}：{f.before} → {f.after}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {changes.params.length > 0 && (
        <>
          <h5>{t('options.subs.params', [changes.params.length])}</h5>
          <ul>
            {changes.params.map((p) => (
              <li key={p.key}>
                <code>{p.key}</code>：{p.before ?? t('options.subs.absent')} →{' '}
                {p.after ?? t('options.subs.absent')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
