/**
 * Record the outcome of a review (popup and side panel): classification (preselected from the
 * engine, the reviewer decides), conclusion, opinion (prefilled from the open findings,
 * editable), reviewer name (remembered). Earlier rounds of the same document are listed above
 * the form, and the save button names the round it creates.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { RecordRow } from '../lib/entities';
import { useT } from './i18n';
import type { MessageKey } from './i18n';
import {
  CONCLUSION_KEY,
  KIND_KEY,
  clip,
  localDateTime,
  percent,
  type Conclusion,
  type Kind,
} from './labels';

/** An earlier round of the same document: what the form shows of a review-log row. */
export type PreviousRecord = Pick<
  RecordRow,
  'id' | 'round' | 'reviewedAt' | 'conclusion' | 'classification' | 'reviewer' | 'opinion'
>;

/** What the reviewer decided. */
export interface RecordValues {
  classification: Kind;
  conclusion: Conclusion;
  opinion: string;
  reviewer: string;
  /** Why 通过 stands although errors were open (absent when none were, or all were dismissed). */
  conclusionReason?: string;
  /** Open errors the reviewer dismissed in the form, by finding key, with the reason. */
  dismissals?: Record<string, string>;
  /** Office fields: the document's own title, 起草单位, 收到日期 and 审查时限 (working days). */
  docTitle?: string;
  drafter?: string;
  receivedDate?: string | null;
  reviewDays?: number;
}

/** What a save became: the round, when, and whether an existing round was updated. */
export interface SaveResult {
  round: number;
  reviewedAt: string;
  updated?: boolean;
}

/** An error finding that still stands (not dismissed), as the form lists it. */
export interface OpenError {
  /** `findingKey` of the finding. */
  key: string;
  message: string;
  /** The quoted text, if any. */
  quote: string;
}

/** Props of RecordForm. */
export interface RecordFormProps {
  /** The engine's classification, preselected. */
  suggestedKind: Kind;
  /** The engine's likelihood that the document is normative, 0..1. */
  score: number;
  /** The opinion prefilled from the open findings (follows them until the reviewer edits). */
  suggestedOpinion: string;
  /** The remembered reviewer name. */
  reviewerName: string;
  /** Earlier rounds of this document, first round first. */
  previous: readonly PreviousRecord[];
  /** The round whose stored text equals this version's, if any. */
  sameTextAsRound?: number | null;
  /**
   * The current round when this version's text is its text: saving updates that round (a round
   * is a version of the text) instead of adding one.
   */
  updatesRound?: number | null;
  /** Saves the record; resolves with the round it became. Rejects with a readable Error. */
  onSave(values: RecordValues): Promise<SaveResult>;
  /** Distinguishes ids when two forms could share a page. */
  idPrefix?: string;
  /** Errors still open: choosing 通过 then asks for a reason (per error, or one for all). */
  openErrors?: readonly OpenError[];
  /** Longest reason the record stores (lib/entities REASON_MAX). */
  reasonMax?: number;
  /** The document's own title as read from the page (the 《…》 of a consultation notice). */
  suggestedDocTitle?: string;
  /** The page's title, shown when the document's own title is not known. */
  pageTitle?: string;
  /** 审查时限 in working days from the packs (review.workingDays). */
  reviewDays?: number;
  /** The reviewer's today, `YYYY-MM-DD` (the 收到日期 default). */
  today?: string;
}

const CONCLUSIONS = Object.keys(CONCLUSION_KEY) as Conclusion[];
const KINDS: Kind[] = ['normative', 'non-normative'];

/** One radio button per option, labelled by its message key. */
/** A fieldset of radio choices with its legend, and an optional hint under them. */
function ChoiceField<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, MessageKey>;
  value: T | null;
  onChange(value: T): void;
  children?: ComponentChildren;
}) {
  const t = useT();
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o} class="choice">
          <input
            type="radio"
            name={props.name}
            value={o}
            checked={props.value === o}
            onChange={() => props.onChange(o)}
          />
          {t(props.labels[o])}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}

/** The earlier rounds of a document, newest last, each opinion behind a disclosure. */
export function PreviousRounds({ previous }: { previous: readonly PreviousRecord[] }) {
  const t = useT();
  if (previous.length === 0) return null;
  return (
    <section class="previous" aria-label={t('common.record.previous')}>
      <h3>{t('common.record.previous')}</h3>
      <ul>
        {previous.map((r) => (
          <li key={r.id} data-testid="previous-round">
            <span>
              {t('common.record.previousItem', [
                r.round,
                localDateTime(r.reviewedAt),
                t(CONCLUSION_KEY[r.conclusion]),
                clip(r.reviewer, 40),
              ])}
            </span>
            {r.opinion && (
              <details>
                <summary>{t('common.record.showOpinion')}</summary>
                {/* Rendered as text; a long opinion scrolls inside its box. */}
                <p class="opinion-text">{r.opinion}</p>
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The outcome form. */
export function RecordForm(props: RecordFormProps) {
  const t = useT();
  const id = (s: string) => `${props.idPrefix ?? 'rf'}-${s}`;
  // The suggestions (live edits of a draft change the findings) are followed until the reviewer
  // makes a choice of their own: null means "not edited, show the suggestion".
  const [kindEdit, setKind] = useState<Kind | null>(null);
  const [opinionEdit, setOpinion] = useState<string | null>(null);
  const [reviewerEdit, setReviewer] = useState<string | null>(null);
  const kind = kindEdit ?? props.suggestedKind;
  const opinion = opinionEdit ?? props.suggestedOpinion;
  const reviewer = reviewerEdit ?? props.reviewerName;
  const [conclusion, setConclusion] = useState<Conclusion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const [reason, setReason] = useState('');
  const [perError, setPerError] = useState<Record<string, string>>({});
  const [docTitleEdit, setDocTitle] = useState<string | null>(null);
  const docTitle = docTitleEdit ?? props.suggestedDocTitle ?? '';
  const [drafter, setDrafter] = useState('');
  const [received, setReceived] = useState(props.today ?? '');
  const [daysEdit, setDays] = useState<string | null>(null);
  const daysText = daysEdit ?? (props.reviewDays ? String(props.reviewDays) : '');

  const updates = props.updatesRound ?? null;
  const round = updates ?? props.previous.length + 1;
  const openErrors = props.openErrors ?? [];
  const guarded = conclusion === '通过' && openErrors.length > 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    if (!conclusion) return setError(t('common.record.needConclusion'));
    if (!reviewer.trim()) return setError(t('common.record.needReviewer'));
    if (conclusion !== '通过' && !opinion.trim())
      return setError(t('common.record.needOpinion', [t(CONCLUSION_KEY[conclusion])]));
    const days = daysText.trim() === '' ? undefined : Number(daysText.trim());
    if (days !== undefined && !(/^\d+$/.test(daysText.trim()) && days >= 1 && days <= 365))
      return setError(t('common.record.badDays', [daysText.trim()]));
    if (received && !/^\d{4}-\d{2}-\d{2}$/.test(received))
      return setError(t('common.record.badReceived', [received]));
    if (docTitle.length > 500) return setError(t('common.record.titleTooLong', [docTitle.length]));
    let dismissals: Record<string, string> | undefined;
    let conclusionReason: string | undefined;
    if (guarded) {
      dismissals = {};
      for (const err of openErrors) {
        const r = perError[err.key]?.trim();
        if (r) dismissals[err.key] = r;
      }
      const undismissed = openErrors.length - Object.keys(dismissals).length;
      conclusionReason = reason.trim() || undefined;
      if (undismissed > 0 && !conclusionReason)
        return setError(t('common.record.needReason', [undismissed]));
      const max = props.reasonMax ?? Infinity;
      const tooLong = [conclusionReason ?? '', ...Object.values(dismissals)].find(
        (r) => r.length > max,
      );
      if (tooLong !== undefined)
        return setError(t('common.record.reasonTooLong', [max, tooLong.length]));
    }
    setError(null);
    setSaving(true);
    try {
      const result = await props.onSave({
        classification: kind,
        conclusion,
        opinion: opinion.trim(),
        reviewer: reviewer.trim(),
        ...(conclusionReason ? { conclusionReason } : {}),
        ...(dismissals && Object.keys(dismissals).length ? { dismissals } : {}),
        ...(docTitle.trim() ? { docTitle: docTitle.trim() } : {}),
        ...(drafter.trim() ? { drafter: drafter.trim() } : {}),
        ...(received ? { receivedDate: received } : {}),
        ...(days !== undefined ? { reviewDays: days } : {}),
      });
      setSaved(result);
    } catch (err) {
      setError(t('common.record.failed', [(err as Error)?.message ?? String(err)]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="record-form" onSubmit={submit} aria-label={t('common.record.legend')} noValidate>
      <h3>{t('common.record.legend')}</h3>
      <p class="round-note" data-testid="round-note">
        {updates
          ? t('common.record.updatesRound', [updates])
          : props.previous.length
            ? t('common.record.thisRound', [props.previous.length, round])
            : t('common.record.firstRound')}
        {!updates && props.sameTextAsRound
          ? ` ${t('common.record.sameText', [props.sameTextAsRound])}`
          : ''}
      </p>
      <PreviousRounds previous={props.previous} />

      <details class="office-fields">
        <summary>
          {t('common.record.officeFields')}
          {docTitle ? `：《${clip(docTitle, 40)}》` : ''}
        </summary>
        <div class="field">
          <label for={id('doc-title')}>{t('common.record.docTitle')}</label>
          <input
            id={id('doc-title')}
            type="text"
            value={docTitle}
            placeholder={props.pageTitle}
            aria-describedby={id('doc-title-hint')}
            onInput={(e) => setDocTitle((e.target as HTMLInputElement).value)}
          />
          <p class="hint" id={id('doc-title-hint')}>
            {t('common.record.docTitleHint')}
          </p>
        </div>
        <div class="field">
          <label for={id('drafter')}>{t('common.record.drafter')}</label>
          <input
            id={id('drafter')}
            type="text"
            maxLength={200}
            value={drafter}
            onInput={(e) => setDrafter((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field-row">
          <div class="field">
            <label for={id('received')}>{t('common.record.received')}</label>
            <input
              id={id('received')}
              type="date"
              value={received}
              onInput={(e) => setReceived((e.target as HTMLInputElement).value)}
            />
          </div>
          <div class="field">
            <label for={id('days')}>{t('common.record.reviewDays')}</label>
            <input
              id={id('days')}
              type="text"
              inputMode="numeric"
              size={5}
              value={daysText}
              aria-describedby={id('days-hint')}
              onInput={(e) => setDays((e.target as HTMLInputElement).value)}
            />
          </div>
        </div>
        <p class="hint" id={id('days-hint')}>
          {t('common.record.reviewDaysHint')}
        </p>
      </details>

      <ChoiceField
        legend={t('common.record.classification')}
        name={id('kind')}
        options={KINDS}
        labels={KIND_KEY}
        value={kind}
        onChange={setKind}
      >
        <p class="hint">
          {t('common.record.engineSays', [t(KIND_KEY[props.suggestedKind]), percent(props.score)])}
        </p>
      </ChoiceField>

      <ChoiceField
        legend={t('common.record.conclusion')}
        name={id('conclusion')}
        options={CONCLUSIONS}
        labels={CONCLUSION_KEY}
        value={conclusion}
        onChange={setConclusion}
      />

      {guarded && (
        <fieldset class="guard" data-testid="pass-guard">
          <legend>{t('common.record.guardLegend', [openErrors.length])}</legend>
          <p class="hint" id={id('guard-hint')}>
            {t('common.record.guardHint')}
          </p>
          <ol class="guard-errors">
            {openErrors.map((err, i) => (
              <li key={err.key}>
                <label for={id(`dismiss-${i}`)}>
                  {clip(err.message, 80)}
                  {err.quote && <span class="quote">「{clip(err.quote, 30)}」</span>}
                </label>
                <input
                  id={id(`dismiss-${i}`)}
                  type="text"
                  placeholder={t('common.record.dismissPlaceholder')}
                  value={perError[err.key] ?? ''}
                  onInput={(e) =>
                    setPerError({ ...perError, [err.key]: (e.target as HTMLInputElement).value })
                  }
                />
              </li>
            ))}
          </ol>
          <label for={id('reason')}>{t('common.record.reason')}</label>
          <textarea
            id={id('reason')}
            rows={3}
            value={reason}
            aria-describedby={id('guard-hint')}
            onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          />
          <p class="hint">{t('common.record.chars', [reason.length])}</p>
        </fieldset>
      )}

      <div class="field">
        <label for={id('opinion')}>{t('common.record.opinion')}</label>
        <textarea
          id={id('opinion')}
          rows={6}
          value={opinion}
          aria-describedby={id('opinion-hint')}
          onInput={(e) => setOpinion((e.target as HTMLTextAreaElement).value)}
        />
        <p class="hint" id={id('opinion-hint')}>
          {t('common.record.opinionHint')} {t('common.record.chars', [opinion.length])}
          {opinionEdit !== null && (
            <button type="button" class="link" onClick={() => setOpinion(null)}>
              {t('common.record.regenerate')}
            </button>
          )}
        </p>
      </div>

      <div class="field">
        <label for={id('reviewer')}>{t('common.record.reviewer')}</label>
        <input
          id={id('reviewer')}
          type="text"
          value={reviewer}
          maxLength={100}
          autoComplete="name"
          aria-describedby={id('reviewer-hint')}
          onInput={(e) => setReviewer((e.target as HTMLInputElement).value)}
        />
        <p class="hint" id={id('reviewer-hint')}>
          {t('common.record.reviewerHint')}
        </p>
      </div>

      <div class="save-bar">
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={saving} data-testid="save-record">
          {saving
            ? t('common.record.saving')
            : updates
              ? t('common.record.update', [updates])
              : t('common.record.save', [round])}
        </button>
        <p class="saved" role="status" data-testid="record-status">
          {saved
            ? t(saved.updated ? 'common.record.updated' : 'common.record.saved', [
                saved.round,
                localDateTime(saved.reviewedAt),
              ])
            : ''}
        </p>
      </div>
    </form>
  );
}
