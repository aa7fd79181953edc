/**
 * One review record: its facts, findings (with the basis of each), opinion and the pack
 * versions that produced them — enough to replay the decision — and an edit form.
 */
import { Basis } from '../Basis';
import { useState } from 'preact/hooks';
import { useT, type MessageKey } from '../i18n';
import { KIND_KEY, SEVERITY_KEY, localDateTime } from '../labels';
import {
  useApi,
  type ClassificationKind,
  type Conclusion,
  type Problem,
  type RecordDetail,
  type RecordEdit,
  type RecordView,
} from './api';
import { ClassificationOptions, ConclusionOptions, Dialog, Problems, useLoad } from './common';
import { OpinionPrint } from '../OpinionEditor';
import { competitionLabel } from '../../rules/competition';

export function RecordDialog({
  id,
  onClose,
  onChanged,
  onDelete,
}: {
  id: string;
  onClose(): void;
  onChanged(): void;
  onDelete(row: RecordView): void;
}) {
  const t = useT();
  const api = useApi();
  const record = useLoad(() => api.getRecord(id), [api, id]);
  const [editing, setEditing] = useState(false);

  const r = record.data;
  return (
    <Dialog
      titleId="record-title"
      title={r ? r.title || t('common.untitled') : t('options.loading')}
      testId="record"
      onClose={onClose}
      actions={
        <>
          {r && !editing && (
            <button type="button" onClick={() => setEditing(true)}>
              {t('options.record.edit')}
            </button>
          )}
          {r && r.deletedAt === null && (
            <button
              type="button"
              class="danger"
              data-testid="delete-record"
              onClick={() => onDelete(r)}
            >
              {t('options.delete')}
            </button>
          )}
        </>
      }
    >
      {record.error && <p class="error-box">{record.error}</p>}
      {r && editing && (
        <EditForm
          record={r}
          onCancel={() => setEditing(false)}
          onSaved={async () => {
            setEditing(false);
            await record.reload();
            onChanged();
          }}
        />
      )}
      {r && !editing && <Details record={r} />}
      {r && !editing && <OpinionSection record={r} onGenerated={() => record.reload()} />}
    </Dialog>
  );
}

function Details({ record: r }: { record: RecordDetail }) {
  const t = useT();
  const v = r.facts.validity;
  const facts: Array<[MessageKey, string]> = [
    ['options.log.docNumber', r.docNumber ?? t('common.notStated')],
    ['options.record.registration', r.registrationNumber ?? t('common.notStated')],
    ['options.log.classification', t(KIND_KEY[r.classification])],
    ['options.log.conclusion', r.conclusion],
    ['options.log.competition', competitionLabel(r.competition) || t('common.notStated')],
    ['options.log.reviewer', r.reviewer],
    ['options.log.reviewedAt', localDateTime(r.reviewedAt)],
    ['options.record.round', String(r.round)],
    ['options.record.effective', r.facts.effectiveDate ?? t('common.notStated')],
    [
      'options.record.validity',
      [
        v.years !== null ? t('common.years', [v.years]) : '',
        v.until ?? '',
        v.expiry ? `→ ${v.expiry}` : '',
      ]
        .filter(Boolean)
        .join(' ') || t('common.notStated'),
    ],
    ['options.record.url', r.url],
  ];
  return (
    <>
      <dl class="facts">
        {facts.map(([k, value]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('options.record.opinion')}</h3>
      <p class="opinion" data-testid="record-opinion">
        {r.opinion || t('common.notStated')}
      </p>
      {r.conclusionReason && (
        <>
          <h3>{t('options.record.reason')}</h3>
          <p class="opinion" data-testid="record-reason">
            {r.conclusionReason}
          </p>
        </>
      )}
      <h3>{t('options.record.findings', [r.findings.length])}</h3>
      {r.findings.length === 0 ? (
        <p class="muted">{t('options.record.noFindings')}</p>
      ) : (
        <ul class="findings-list">
          {r.findings.map((f, i) => (
            <li key={i} class={`sev-${f.severity}`}>
              <strong>{t(SEVERITY_KEY[f.severity])}</strong> · {f.category} · {f.message}
              {f.dismissed !== undefined && (
                <span class="tag">{t('options.record.dismissed', [f.dismissed])}</span>
              )}
              <Basis cite={f.cite} basis={f.basis} sourceHref="#src-" />
              <small class="muted">{f.ruleId}</small>
              {f.anchor.exact && <q class="quote">{f.anchor.exact}</q>}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('options.record.packs')}</h3>
      <ul class="packs-used">
        {r.packs.map((p) => (
          <li key={p.id}>
            {p.id}@{p.version} <small class="muted">sha256 {p.sha256.slice(0, 12)}…</small>
          </li>
        ))}
      </ul>
      <p class="muted">
        {t('options.record.replay', [
          r.extensionVersion,
          r.textHash ? r.textHash.slice(0, 12) : '—',
        ])}
      </p>
    </>
  );
}

/**
 * The record's 审查意见书: shown as it reads, downloadable as .docx again; a record made before
 * written opinions is offered one, drafted from its findings.
 */
function OpinionSection({
  record: r,
  onGenerated,
}: {
  record: RecordDetail;
  onGenerated(): Promise<unknown>;
}) {
  const t = useT();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const o = r.opinionDoc;
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblems([]);
    try {
      await work();
    } catch (e) {
      setProblems([{ path: t('opinion.title'), message: (e as Error).message }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="record-opinion" aria-labelledby="record-opinion-title">
      <h3 id="record-opinion-title">
        {t('opinion.title')}
        {r.opinionRef && (
          <small class="muted">
            {' '}
            · {t('opinion.summary', [r.opinionRef.items, r.opinionRef.conclusion])}
          </small>
        )}
      </h3>
      <Problems problems={problems} />
      {o ? (
        <>
          <button
            type="button"
            disabled={busy}
            data-testid="download-opinion"
            onClick={() => void run(async () => api.download(await api.opinionFile(o)))}
          >
            {t('opinion.download')}
          </button>
          <OpinionPrint opinion={o} visible />
        </>
      ) : (
        <>
          <p class="muted">{t('opinion.recordNone')}</p>
          <button
            type="button"
            disabled={busy}
            data-testid="generate-opinion"
            onClick={() =>
              void run(async () => {
                const res = await api.generateOpinion(r.id);
                if (!res.ok) return setProblems(res.errors);
                await onGenerated();
              })
            }
          >
            {t('opinion.generate')}
          </button>
        </>
      )}
    </section>
  );
}

function EditForm({
  record,
  onCancel,
  onSaved,
}: {
  record: RecordDetail;
  onCancel(): void;
  onSaved(): Promise<void>;
}) {
  const t = useT();
  const api = useApi();
  const [edit, setEdit] = useState<Required<RecordEdit>>({
    title: record.title,
    docNumber: record.docNumber,
    registrationNumber: record.registrationNumber,
    classification: record.classification,
    conclusion: record.conclusion,
    opinion: record.opinion,
    reviewer: record.reviewer,
  });
  const [problems, setProblems] = useState<Problem[]>([]);
  const text = (
    key: 'title' | 'docNumber' | 'registrationNumber' | 'reviewer',
    label: MessageKey,
  ) => (
    <label>
      {t(label)}
      <input
        type="text"
        value={edit[key] ?? ''}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          setEdit({
            ...edit,
            [key]: key === 'docNumber' || key === 'registrationNumber' ? v || null : v,
          });
        }}
      />
    </label>
  );
  return (
    <form
      class="edit-record"
      onSubmit={async (e) => {
        e.preventDefault();
        // The version shown when the edit began: a colleague's revision pulled in meanwhile
        // becomes a conflict with this edit, not something it silently replaces.
        const r = await api.updateRecord(record.id, edit, record.updatedAt);
        if (!r.ok) setProblems(r.errors);
        else await onSaved();
      }}
    >
      <div class="grid">
        {text('title', 'options.log.docTitle')}
        {text('docNumber', 'options.log.docNumber')}
        {text('registrationNumber', 'options.record.registration')}
        {text('reviewer', 'options.log.reviewer')}
        <label>
          {t('options.log.classification')}
          <select
            value={edit.classification}
            onChange={(e) =>
              setEdit({
                ...edit,
                classification: (e.currentTarget as HTMLSelectElement).value as ClassificationKind,
              })
            }
          >
            <ClassificationOptions />
          </select>
        </label>
        <label>
          {t('options.log.conclusion')}
          <select
            value={edit.conclusion}
            onChange={(e) =>
              setEdit({
                ...edit,
                conclusion: (e.currentTarget as HTMLSelectElement).value as Conclusion,
              })
            }
          >
            <ConclusionOptions />
          </select>
        </label>
      </div>
      <label>
        {t('options.record.opinion')}
        <textarea
          rows={5}
          data-testid="edit-opinion"
          value={edit.opinion}
          onInput={(e) =>
            setEdit({ ...edit, opinion: (e.currentTarget as HTMLTextAreaElement).value })
          }
        />
      </label>
      <Problems problems={problems} />
      <div class="actions">
        <button type="submit" class="primary">
          {t('options.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('options.cancel')}
        </button>
      </div>
    </form>
  );
}
