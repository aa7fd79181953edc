/**
 * What changed since the previous round: the changes that matter first (obligations,
 * prohibitions, amounts, deadlines, penalties, removed clauses …), then the clauses aligned one
 * by one with word-level differences. Long documents render a page of rows at a time.
 */
import { useState } from 'preact/hooks';
import type { AlignedPair, ChangeItem, Comparison, DiffPart } from '../rules/compare';
import { useT } from './i18n';
import type { MessageKey, Translate } from './i18n';
import { clip, localDateTime } from './labels';

/** Props of CompareView. */
export interface CompareViewProps {
  /** The comparison (rules/compare compareTexts), or null when there is no earlier text. */
  comparison: Comparison | null;
  /** The round the current text is compared with. */
  against?: { round: number; reviewedAt: string } | null;
}

/** Rows rendered at first; more on request (a 500-clause draft stays responsive). */
const PAGE = 60;

const STATUS_KEY: Record<AlignedPair['status'], MessageKey> = {
  unchanged: 'panel.compare.status.unchanged',
  renumbered: 'panel.compare.status.renumbered',
  modified: 'panel.compare.status.modified',
  moved: 'panel.compare.status.moved',
  inserted: 'panel.compare.status.inserted',
  removed: 'panel.compare.status.removed',
};

const KIND_KEY: Record<ChangeItem['kind'], MessageKey> = {
  obligation: 'panel.compare.kind.obligation',
  prohibition: 'panel.compare.kind.prohibition',
  amount: 'panel.compare.kind.amount',
  deadline: 'panel.compare.kind.deadline',
  penalty: 'panel.compare.kind.penalty',
  removed: 'panel.compare.kind.removed',
  date: 'panel.compare.kind.date',
  inserted: 'panel.compare.kind.inserted',
  modified: 'panel.compare.kind.modified',
  moved: 'panel.compare.kind.moved',
  renumbered: 'panel.compare.kind.renumbered',
};

const DIRECTION_KEY: Record<ChangeItem['direction'], MessageKey> = {
  added: 'panel.compare.direction.added',
  removed: 'panel.compare.direction.removed',
  changed: 'panel.compare.direction.changed',
};

/** Kinds that are whole-clause events; their label needs no direction word. */
const CLAUSE_EVENTS = new Set<ChangeItem['kind']>([
  'removed',
  'inserted',
  'moved',
  'renumbered',
  'modified',
]);

function labels(t: Translate, oldLabel: string | null, newLabel: string | null): string {
  if (oldLabel && newLabel && oldLabel !== newLabel)
    return t('panel.compare.arrow', [oldLabel, newLabel]);
  return (newLabel ?? oldLabel)!;
}

function important(kind: ChangeItem['kind']): boolean {
  return (
    kind === 'obligation' ||
    kind === 'prohibition' ||
    kind === 'amount' ||
    kind === 'deadline' ||
    kind === 'penalty'
  );
}

function Diff({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <p class="diff">
      {parts.map((p, i) =>
        p.type === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.type === 'added' ? (
          <ins key={i}>{p.text}</ins>
        ) : (
          <del key={i}>{p.text}</del>
        ),
      )}
    </p>
  );
}

/** The comparison with the previous round. */
export function CompareView({ comparison, against }: CompareViewProps) {
  const t = useT();
  const [onlyChanged, setOnlyChanged] = useState(true);
  const [rows, setRows] = useState(PAGE);
  const [items, setItems] = useState(PAGE);
  if (!comparison) {
    return (
      <p class="muted" data-testid="compare-none">
        {t('panel.compare.none')}
      </p>
    );
  }
  const c = comparison;
  const changedCount = c.pairs.length - c.counts.unchanged;

  const visible = c.pairs
    .map((p, k) => ({ p, k }))
    .filter(({ p }) => !onlyChanged || p.status !== 'unchanged');

  const reveal = (k: number) => {
    const pos = visible.findIndex((v) => v.k === k);
    if (pos >= rows) setRows(pos + 1);
    // After the row renders, bring it into view (a plain DOM call; no extension API).
    requestAnimationFrame(() =>
      document.getElementById(`cmp-row-${k}`)?.scrollIntoView({ block: 'start' }),
    );
  };

  const itemText = (it: ChangeItem) => {
    // The kind already says 删除/新增: the clause text is quoted as it is.
    if (it.kind === 'removed') return it.from ? t('panel.compare.quote', [it.from]) : '';
    if (it.kind === 'inserted') return it.to ? t('panel.compare.quote', [it.to]) : '';
    if (it.from && it.to) return t('panel.compare.fromTo', [it.from, it.to]);
    if (it.to) return t('panel.compare.insertedText', [it.to]);
    if (it.from) return t('panel.compare.removedText', [it.from]);
    return '';
  };

  return (
    <section class="compare" aria-labelledby="cmp-heading" data-testid="compare">
      <h3 id="cmp-heading">{t('panel.compare.heading')}</h3>
      {against && (
        <p class="muted">
          {t('panel.compare.against', [against.round, localDateTime(against.reviewedAt)])}
        </p>
      )}
      <p class="muted">
        {t(c.unit === 'article' ? 'panel.compare.unit.article' : 'panel.compare.unit.paragraph')}
      </p>
      <p class="cmp-counts" data-testid="compare-counts">
        {t('panel.compare.counts', [
          c.counts.modified,
          c.counts.inserted,
          c.counts.removed,
          c.counts.moved,
          c.counts.renumbered,
          c.counts.unchanged,
        ])}
      </p>
      {changedCount === 0 && <p data-testid="compare-same">{t('panel.compare.same')}</p>}

      {c.summary.length > 0 && (
        <>
          <h4>{t('panel.compare.summary')}</h4>
          <ol class="cmp-summary" data-testid="compare-summary">
            {c.summary.slice(0, items).map((it, i) => (
              <li
                key={i}
                class={`cmp-item ${it.kind}${important(it.kind) ? ' important' : ''}`}
                data-kind={it.kind}
              >
                <span class="cmp-kind">
                  {CLAUSE_EVENTS.has(it.kind)
                    ? t(KIND_KEY[it.kind])
                    : t('panel.compare.item', [
                        t(KIND_KEY[it.kind]),
                        t(DIRECTION_KEY[it.direction]),
                      ])}
                </span>{' '}
                <button type="button" class="link" onClick={() => reveal(it.pair)}>
                  {labels(t, it.oldLabel, it.newLabel)}
                </button>{' '}
                <span class="cmp-text">{itemText(it)}</span>
                {it.tags.some(important) && (
                  <span class="cmp-tags">
                    {' '}
                    {t('panel.compare.alsoTouches', [
                      it.tags
                        .filter(important)
                        .map((k) => t(KIND_KEY[k]))
                        .join('、'),
                    ])}
                  </span>
                )}
              </li>
            ))}
          </ol>
          {c.summary.length > items && (
            <button type="button" onClick={() => setItems(items + PAGE * 4)}>
              {t('panel.compare.more', [c.summary.length - items])}
            </button>
          )}
        </>
      )}

      {c.timedOut && <p class="muted">{t('panel.compare.timedOut')}</p>}

      <h4>{t('panel.compare.clauses')}</h4>
      <label class="choice">
        <input
          type="checkbox"
          checked={onlyChanged}
          onChange={(e) => setOnlyChanged((e.target as HTMLInputElement).checked)}
        />
        {t('panel.compare.onlyChanged')}
      </label>
      <ul class="cmp-rows" data-testid="compare-rows">
        {visible.slice(0, rows).map(({ p, k }) => (
          <li key={k} id={`cmp-row-${k}`} class={`cmp-row ${p.status}`} data-status={p.status}>
            <p class="cmp-head">
              <span class={`cmp-status ${p.status}`}>{t(STATUS_KEY[p.status])}</span>{' '}
              <strong>{labels(t, p.old?.label ?? null, p.new?.label ?? null)}</strong>
            </p>
            {p.status === 'removed' ? (
              <p class="diff">
                <del>{p.old!.body}</del>
              </p>
            ) : p.status === 'inserted' ? (
              <p class="diff">
                <ins>{p.new!.body}</ins>
              </p>
            ) : p.diff ? (
              <Diff parts={p.diff} />
            ) : (
              <p class="diff same">{clip(p.new!.body, 200)}</p>
            )}
          </li>
        ))}
      </ul>
      {visible.length > rows && (
        <button type="button" onClick={() => setRows(rows + PAGE * 4)}>
          {t('panel.compare.more', [visible.length - rows])}
        </button>
      )}
    </section>
  );
}
