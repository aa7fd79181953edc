/**
 * Backup and restore: download every table as one file; restore (replace) or merge a file
 * after a preview of what would be added, updated, skipped and removed per table. A bad file
 * is refused with the precise reason and nothing is written.
 */
import { useState } from 'preact/hooks';
import { useT, type MessageKey } from '../i18n';
import { readFileText, useApi, type Problem, type RestoreReportView } from './api';
import { ErrorLine, Problems, Section, Status } from './common';

const TABLE_LABELS: Record<string, MessageKey> = {
  packs: 'options.backup.tPacks',
  overrides: 'options.backup.tOverrides',
  records: 'options.backup.tRecords',
  recordFindings: 'options.backup.tFindings',
  docVersions: 'options.backup.tVersions',
  checklist: 'options.backup.tChecklist',
  settings: 'options.backup.tSettings',
};

export function BackupSection({ onRestored }: { onRestored?(): void }) {
  const t = useT();
  const api = useApi();
  const [mode, setMode] = useState<'replace' | 'merge'>('merge');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<RestoreReportView | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const check = async (f: { name: string; text: string }, m: 'replace' | 'merge') => {
    setPreview(null);
    setProblems([]);
    setStatus(t('options.backup.checking'));
    const r = await api.previewRestore(f.text, m);
    setStatus(null);
    if (r.ok) setPreview(r.value);
    else setProblems(r.errors);
  };

  /** Run `work` with the buttons disabled, so a slow export or restore is not started twice. */
  const whileBusy = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (e) {
      // A storage failure: say so (nothing was written: a restore is one transaction).
      setStatus(null);
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="backup" title={t('options.backup.title')}>
      <p class="muted">{t('options.backup.help')}</p>
      <ErrorLine error={failure} />
      <div class="actions">
        <button
          type="button"
          class="primary"
          data-testid="download-backup"
          disabled={busy}
          onClick={() =>
            whileBusy(async () => {
              api.download(await api.exportBackup());
              setStatus(t('options.backup.downloaded'));
            })
          }
        >
          {t('options.backup.download')}
        </button>
      </div>
      <h3>{t('options.backup.restoreTitle')}</h3>
      <fieldset class="modes">
        <legend>{t('options.backup.mode')}</legend>
        {(['merge', 'replace'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="restore-mode"
              value={m}
              checked={mode === m}
              data-testid={`mode-${m}`}
              onChange={() => {
                setMode(m);
                if (file) void check(file, m);
              }}
            />{' '}
            {t(m === 'merge' ? 'options.backup.merge' : 'options.backup.replace')}
          </label>
        ))}
      </fieldset>
      <label>
        {t('options.backup.file')}{' '}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="restore-file"
          onChange={async (e) => {
            const input = e.currentTarget as HTMLInputElement;
            const f = input.files?.[0];
            if (!f) return;
            const loaded = { name: f.name, text: await readFileText(f) };
            input.value = '';
            setFile(loaded);
            await check(loaded, mode);
          }}
        />
      </label>
      {problems.length > 0 && <p class="error-text">{t('options.backup.refused')}</p>}
      <Problems problems={problems} testId="restore-errors" />
      {preview && file && (
        <div class="preview" data-testid="restore-preview">
          <h3>{t('options.backup.preview', [file.name])}</h3>
          <table class="list compact">
            <caption class="sr-only">{t('options.backup.preview', [file.name])}</caption>
            <thead>
              <tr>
                <th scope="col">{t('options.backup.table')}</th>
                <th scope="col">{t('options.backup.added')}</th>
                <th scope="col">{t('options.backup.updated')}</th>
                <th scope="col">{t('options.backup.skipped')}</th>
                <th scope="col">{t('options.backup.removed')}</th>
                <th scope="col">{t('options.backup.conflicts')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(preview.tables).map(([name, c]) => (
                <tr key={name} data-table={name}>
                  <th scope="row">{TABLE_LABELS[name] ? t(TABLE_LABELS[name]) : name}</th>
                  <td class="num">{c.added}</td>
                  <td class="num">{c.updated}</td>
                  <td class="num">{c.skipped}</td>
                  <td class={`num${c.removed ? ' warn' : ''}`}>{c.removed}</td>
                  <td class={`num${c.conflicts ? ' warn' : ''}`}>{c.conflicts ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.conflicts.length > 0 && (
            <div data-testid="restore-conflicts">
              <p class="error-text">
                {t('options.backup.conflictsHelp', [preview.conflicts.length])}
              </p>
              <table class="list compact">
                <caption class="sr-only">{t('options.backup.conflicts')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('options.backup.conflictWhy')}</th>
                    <th scope="col">{t('options.backup.conflictMine')}</th>
                    <th scope="col">{t('options.backup.conflictTheirs')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.conflicts.map((c) => (
                    <tr key={c.id} data-conflict={c.id}>
                      <th scope="row">{c.why}</th>
                      {[c.mine, c.theirs].map((side, i) => (
                        <td key={i}>
                          {side.title}
                          {side.docNumber ? `（${side.docNumber}）` : ''} · {side.conclusion} ·{' '}
                          {side.reviewer} · {side.updatedAt.slice(0, 10)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.notes.length > 0 && (
            <ul class="muted" data-testid="restore-notes">
              {preview.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {preview.mode === 'replace' && preview.total.removed > 0 && (
            <p class="error-text">{t('options.backup.replaceWarning', [preview.total.removed])}</p>
          )}
          <div class="actions">
            <button
              type="button"
              class="primary"
              data-testid="confirm-restore"
              disabled={busy}
              onClick={() =>
                whileBusy(async () => {
                  const r = await api.restore(file.text, mode);
                  if (!r.ok) {
                    setProblems(r.errors);
                    return;
                  }
                  setPreview(null);
                  setFile(null);
                  const { added, updated, skipped } = r.value.total;
                  setStatus(t('options.backup.restored', [added, updated, skipped]));
                  onRestored?.();
                })
              }
            >
              {t(
                mode === 'merge' ? 'options.backup.confirmMerge' : 'options.backup.confirmReplace',
              )}
            </button>
            <button
              type="button"
              onClick={() => {
                setPreview(null);
                setFile(null);
              }}
            >
              {t('options.cancel')}
            </button>
          </div>
        </div>
      )}
      <Status text={status} testId="backup-status" />
    </Section>
  );
}
