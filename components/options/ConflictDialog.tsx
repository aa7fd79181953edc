/**
 * A record edited on two machines at once: both versions side by side, the fields that differ
 * marked, and — for the record's reviewer or a lead — a choice of the one to keep. Until
 * someone chooses, both are kept (in every replica and on the server). Everything shown came
 * from the office's server and is rendered as text.
 */
import { useState } from 'preact/hooks';
import { useT, type MessageKey } from '../i18n';
import { KIND_KEY, localDateTime } from '../labels';
import { useApi, type ConflictViewData, type Problem, type RecordDetail } from './api';
import { Dialog, Problems, useLoad } from './common';

type Field = [MessageKey, (r: RecordDetail) => string];

export function ConflictDialog({
  id,
  onClose,
  onResolved,
}: {
  id: string;
  onClose(): void;
  onResolved(record: RecordDetail): void;
}) {
  const t = useT();
  const api = useApi();
  const loaded = useLoad(() => api.officeConflict(id), [api, id]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  const fields: Field[] = [
    ['options.log.docTitle', (r) => r.docTitle || r.title],
    ['options.log.docNumber', (r) => r.docNumber ?? ''],
    ['options.log.classification', (r) => t(KIND_KEY[r.classification])],
    ['options.log.conclusion', (r) => r.conclusion],
    ['options.record.opinion', (r) => r.opinion],
    ['options.record.reason', (r) => r.conclusionReason ?? ''],
    ['options.log.reviewer', (r) => r.reviewer],
    ['options.log.reviewedAt', (r) => localDateTime(r.reviewedAt)],
    ['options.record.round', (r) => String(r.round)],
    [
      'options.log.findings',
      (r) => `${r.findingCounts.error} / ${r.findingCounts.warning} / ${r.findings.length}`,
    ],
    ['options.conflict.changedAt', (r) => localDateTime(r.updatedAt)],
  ];

  const result = loaded.data;
  const view: ConflictViewData | null | undefined = result?.ok ? result.value : undefined;
  const error = loaded.error ?? (result && !result.ok ? result.errors[0]?.message : null);

  const choose = async (rev: string) => {
    setBusy(true);
    try {
      // Chosen among the versions shown: refused when another arrived meanwhile.
      const r = await api.resolveOfficeConflict(
        id,
        rev,
        view?.versions.map((v) => v.rev),
      );
      if (!r.ok) {
        setProblems(r.errors);
        await loaded.reload();
        return;
      }
      onResolved(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      titleId="conflict-title"
      title={t('options.conflict.title')}
      testId="conflict"
      onClose={onClose}
    >
      {error && <p class="error-box">{error}</p>}
      <Problems problems={problems} />
      {view === null && <p data-testid="conflict-gone">{t('options.conflict.gone')}</p>}
      {view && (
        <>
          <p class="muted">{t('options.conflict.help')}</p>
          {!view.canChoose && (
            <p class="error-box" data-testid="conflict-why">
              {view.why}
            </p>
          )}
          <div class="table-wrap">
            <table class="list conflict" data-testid="conflict-table">
              <thead>
                <tr>
                  <th scope="col">{t('options.conflict.field')}</th>
                  {view.versions.map((v, i) => (
                    <th scope="col" key={v.rev}>
                      {t('options.conflict.version', [i + 1, v.owner])}
                      {v.shown && <small class="muted"> {t('options.conflict.shown')}</small>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {fields.map(([key, get]) => {
                  const values = view.versions.map((v) => (v.record ? get(v.record) : ''));
                  const differs = new Set(values).size > 1;
                  return (
                    <tr key={key} class={differs ? 'differs' : ''} data-differs={differs}>
                      <th scope="row">
                        {t(key)}
                        {differs && <strong> {t('options.conflict.differs')}</strong>}
                      </th>
                      {view.versions.map((v, i) => (
                        <td key={v.rev} class="opinion">
                          {v.record ? values[i] : v.problem}
                        </td>
                      ))}
                    </tr>
                  );
                })}
                <tr>
                  <th scope="row">{t('options.conflict.choose')}</th>
                  {view.versions.map((v, i) => (
                    <td key={v.rev}>
                      <button
                        type="button"
                        data-testid="conflict-keep"
                        data-rev={v.rev}
                        disabled={busy || !view.canChoose || !v.record}
                        onClick={() => void choose(v.rev)}
                      >
                        {t('options.conflict.keep', [i + 1])}
                      </button>
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </Dialog>
  );
}
