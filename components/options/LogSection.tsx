/**
 * The review log: search, filters, sort and paging over up to 100,000 records (pages come
 * from the API 50 at a time; nothing here holds the whole log), a record's details with
 * edit and delete-with-undo, the recycle bin, and CSV and .xlsx export of exactly what is
 * filtered (the .xlsx with progress: 20,000 records take a few seconds).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT, type MessageKey } from '../i18n';
import { KIND_KEY } from '../labels';
import {
  CONCLUSION_VALUES,
  useApi,
  type ClassificationKind,
  type Conclusion,
  type LogPageView,
  type LogQueryView,
  type ExportProgressView,
  type LogSortKey,
  type RecordMark,
  type RecordView,
} from './api';
import {
  ClassificationOptions,
  ConclusionOptions,
  ErrorLine,
  Section,
  Status,
  localDate,
} from './common';
import { RecordDialog } from './RecordDialog';
import { ConflictDialog } from './ConflictDialog';
import { fromISO, workingDaysBetween } from '../../rules/facts/dates';
import { competitionLabel } from '../../rules/competition';

/**
 * The 审查时限 of a record as the log shows it: the last day and the working days left from
 * today (Mon–Fri), or how many are past; empty without a received date.
 */
export function dueText(t: ReturnType<typeof useT>, due: string | null, today: string): string {
  if (!due) return '';
  const a = fromISO(today);
  const b = fromISO(due);
  if (!a || !b) return due;
  return today <= due
    ? t('options.log.dueLeft', [due, workingDaysBetween(a, b)])
    : t('options.log.dueOver', [due, workingDaysBetween(b, a)]);
}

/** Rows per page. */
export const PAGE_SIZE = 50;

/** The filter form's state (strings, as inputs hold them). */
export interface Filters {
  query: string;
  year: string;
  from: string;
  to: string;
  classification: '' | ClassificationKind;
  conclusion: '' | Conclusion;
  reviewer: string;
  sort: LogSortKey;
  desc: boolean;
  status: 'live' | 'deleted';
}

/** The filter form as the page opens on it: the live log, newest first. */
export const EMPTY_FILTERS: Filters = {
  query: '',
  year: '',
  from: '',
  to: '',
  classification: '',
  conclusion: '',
  reviewer: '',
  sort: 'reviewedAt',
  desc: true,
  status: 'live',
};

/** The query of a filter form (the first page of the empty form is what the page opens on). */
export function toQuery(f: Filters = EMPTY_FILTERS): Omit<LogQueryView, 'offset' | 'limit'> {
  const range = f.year
    ? { from: `${f.year}-01-01`, to: `${f.year}-12-31` }
    : f.from || f.to
      ? { from: f.from || '1900-01-01', to: f.to || '2999-12-31' }
      : undefined;
  return {
    ...(range ? { range } : {}),
    ...(f.classification ? { classification: f.classification } : {}),
    ...(f.conclusion ? { conclusion: f.conclusion } : {}),
    ...(f.reviewer.trim() ? { reviewer: f.reviewer.trim() } : {}),
    ...(f.query.trim() ? { query: f.query.trim() } : {}),
    status: f.status,
    sort: f.sort,
    desc: f.desc,
  };
}

const SORTS: Array<[LogSortKey, MessageKey]> = [
  ['reviewedAt', 'options.log.reviewedAt'],
  ['title', 'options.log.docTitle'],
  ['conclusion', 'options.log.conclusion'],
  ['classification', 'options.log.classification'],
  ['reviewer', 'options.log.reviewer'],
];

export function LogSection({ years, initial }: { years?: number[]; initial?: LogPageView }) {
  const t = useT();
  const api = useApi();
  const today = api.today();
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [offset, setOffset] = useState(0);
  // The entrypoint may hand over the first page, read while the script loaded.
  const [page, setPage] = useState<LogPageView | null>(initial ?? null);
  const useInitial = useRef(!!initial);
  const [error, setError] = useState<string | null>(null);
  const [reviewers, setReviewers] = useState<string[]>([]);
  const [indexing, setIndexing] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  /** The office's shared log: 已上传 / 待上传 / 冲突 of the rows on screen (null: no office). */
  const [marks, setMarks] = useState<Record<string, RecordMark> | null>(null);
  const [conflictId, setConflictId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [undo, setUndo] = useState<RecordView | null>(null);
  /**
   * An .xlsx export under way: its progress feed (the page stays usable meanwhile). Only the
   * progress line follows each step; the log itself does not re-render per step.
   */
  const [exporting, setExporting] = useState<ProgressFeed | null>(null);
  const generation = useRef(0);
  /** The generation of the query whose result is on screen (benchmarks and tests wait on it). */
  const [shown, setShown] = useState(0);
  const thisYear = new Date().getFullYear();
  const yearList = years ?? Array.from({ length: 8 }, (_, i) => thisYear - i);

  const load = async (f: Filters, off: number) => {
    const mine = ++generation.current;
    try {
      // Marks for the benchmark (scripts/bench-options.ts): query time vs. page time.
      performance.mark?.(`guishen:log-query-${mine}`);
      const p = await api.queryLog({ ...toQuery(f), offset: off, limit: PAGE_SIZE });
      performance.mark?.(`guishen:log-result-${mine}`);
      if (mine !== generation.current) return; // a newer query is on its way
      setPage(p);
      setShown(mine);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError((e as Error).message);
    }
  };

  useEffect(() => {
    if (useInitial.current) useInitial.current = false;
    else void load(filters, offset);
    // Records arrive from the popup and side panel while this page stays open: refresh the
    // page when the reviewer comes back to it.
    const refresh = () => document.visibilityState === 'visible' && void load(filters, offset);
    addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [filters, offset, ready]);

  useEffect(() => {
    // One request for the page's rows (never one per row), after the page is on screen.
    if (!page) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ids = page.rows.map((r) => r.id);
    const ask = () =>
      api
        .officeMarks(ids)
        .then((m) => {
          if (!live) return;
          setMarks(m);
          // While something is on its way, look again a little later (same one request).
          if (m && Object.values(m).some((x) => x !== 'uploaded')) timer = setTimeout(ask, 5000);
        })
        .catch(() => live && setMarks(null));
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, page]);

  const firstPageShown = page !== null;
  useEffect(() => {
    // The search snapshot loads after the first page is on screen (it reads the whole log
    // index and must not delay that page); searches before it is ready scan instead.
    if (!firstPageShown) return;
    let live = true;
    api
      .warmLog((done, total) => {
        if (live) setIndexing(t('options.log.indexing', [done, total]));
      })
      .then((names) => {
        if (!live) return;
        setReviewers(names);
        setIndexing(null);
        setReady(true);
      })
      .catch(() => live && setIndexing(null));
    return () => {
      live = false;
    };
  }, [api, firstPageShown]);

  const change = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    setOffset(0);
  };

  const remove = async (row: RecordView) => {
    let deletedAt: string;
    try {
      // Made on the row as shown: an office pull that replaced it meanwhile makes a conflict.
      deletedAt = await api.deleteRecord(row.id, row.updatedAt);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setOpenId(null);
    // 撤销 restores the version this deletion made.
    setUndo({ ...row, deletedAt, updatedAt: deletedAt });
    setStatus(t('options.log.deleted', [row.title]));
    await load(filters, offset);
  };

  const restore = async (row: RecordView) => {
    try {
      await api.restoreRecord(row.id, row.updatedAt);
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    setUndo(null);
    setStatus(t('options.log.restored', [row.title]));
    await load(filters, offset);
  };

  /**
   * Export the log as shown (all pages) as CSV or .xlsx. The file is made off the page's main
   * thread; the page shows progress (reading, then writing) and offers the file.
   */
  const exportAs = async (format: 'csv' | 'xlsx') => {
    const feed = progressFeed({ phase: 'read', done: 0, total: 0 }, format);
    setExporting(feed);
    setStatus(null);
    try {
      let rows = 0;
      const onProgress = (p: ExportProgressView) => {
        rows = p.total;
        feed.set(p);
      };
      const q = toQuery(filters);
      api.download(
        format === 'csv'
          ? await api.exportLogCsv(q, onProgress)
          : await api.exportLogXlsx(q, onProgress),
      );
      setStatus(
        format === 'csv' ? t('options.log.exported') : t('options.log.exportedXlsx', [rows]),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setExporting(null);
    }
  };

  const total = page ? page.total : undefined;
  const from = page && page.rows.length ? page.offset + 1 : 0;
  const to = page ? page.offset + page.rows.length : 0;
  // While the total is unknown (a scan), a full page means there may be more.
  const hasNext =
    !!page && (page.total === null ? page.rows.length === PAGE_SIZE : to < page.total);
  const lastOffset = total ? Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE : 0;

  return (
    <Section
      id="log"
      title={t('options.log.title')}
      actions={
        <>
          <button
            type="button"
            data-testid="export-csv"
            disabled={exporting !== null}
            onClick={() => void exportAs('csv')}
          >
            {t('options.log.export')}
          </button>
          <button
            type="button"
            data-testid="export-xlsx"
            disabled={exporting !== null}
            onClick={() => void exportAs('xlsx')}
          >
            {t('options.log.exportXlsx')}
          </button>
        </>
      }
    >
      <form
        class="filters"
        role="search"
        aria-label={t('options.log.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label class="grow">
          {t('options.log.search')}
          <input
            type="search"
            data-testid="log-search"
            placeholder={t('options.log.searchHint')}
            value={filters.query}
            onInput={(e) => change({ query: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <label>
          {t('options.log.year')}
          <select
            data-testid="log-year"
            value={filters.year}
            onChange={(e) =>
              change({ year: (e.currentTarget as HTMLSelectElement).value, from: '', to: '' })
            }
          >
            <option value="">{t('options.log.allYears')}</option>
            {yearList.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('options.log.from')}
          <input
            type="date"
            value={filters.from}
            onChange={(e) =>
              change({ from: (e.currentTarget as HTMLInputElement).value, year: '' })
            }
          />
        </label>
        <label>
          {t('options.log.to')}
          <input
            type="date"
            value={filters.to}
            onChange={(e) => change({ to: (e.currentTarget as HTMLInputElement).value, year: '' })}
          />
        </label>
        <label>
          {t('options.log.classification')}
          <select
            data-testid="log-classification"
            value={filters.classification}
            onChange={(e) =>
              change({
                classification: (e.currentTarget as HTMLSelectElement)
                  .value as Filters['classification'],
              })
            }
          >
            <option value="">{t('options.log.any')}</option>
            <ClassificationOptions />
          </select>
        </label>
        <label>
          {t('options.log.conclusion')}
          <select
            data-testid="log-conclusion"
            value={filters.conclusion}
            onChange={(e) =>
              change({
                conclusion: (e.currentTarget as HTMLSelectElement).value as Filters['conclusion'],
              })
            }
          >
            <option value="">{t('options.log.any')}</option>
            <ConclusionOptions />
          </select>
        </label>
        <label>
          {t('options.log.reviewer')}
          <input
            type="text"
            list="log-reviewers"
            data-testid="log-reviewer"
            value={filters.reviewer}
            onChange={(e) => change({ reviewer: (e.currentTarget as HTMLInputElement).value })}
          />
          <datalist id="log-reviewers">
            {reviewers.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </label>
        <label>
          {t('options.log.sort')}
          <select
            data-testid="log-sort"
            value={`${filters.sort}:${filters.desc ? 'desc' : 'asc'}`}
            onChange={(e) => {
              const [sort, dir] = (e.currentTarget as HTMLSelectElement).value.split(':');
              change({ sort: sort as LogSortKey, desc: dir === 'desc' });
            }}
          >
            {SORTS.flatMap(([key, label]) =>
              (['desc', 'asc'] as const).map((dir) => (
                <option key={`${key}:${dir}`} value={`${key}:${dir}`}>
                  {t(label)} {t(dir === 'desc' ? 'options.log.desc' : 'options.log.asc')}
                </option>
              )),
            )}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="log-bin"
            checked={filters.status === 'deleted'}
            onChange={(e) =>
              change({ status: (e.currentTarget as HTMLInputElement).checked ? 'deleted' : 'live' })
            }
          />{' '}
          {t('options.log.bin')}
        </label>
        <button type="button" onClick={() => change(EMPTY_FILTERS)}>
          {t('options.log.clear')}
        </button>
      </form>
      <ErrorLine error={error} />
      <p
        class="muted"
        aria-live="polite"
        data-testid="log-count"
        data-search-ready={ready}
        data-generation={shown}
        data-total={page?.total ?? ''}
      >
        {page &&
          (total === null
            ? t('options.log.countScanning', [from, to])
            : total === 0
              ? t('options.log.none')
              : t('options.log.count', [total ?? 0, from, to]))}
        {indexing && ` · ${indexing}`}
      </p>
      {undo && (
        <p class="undo" role="status">
          {t('options.log.deleted', [undo.title])}{' '}
          <button type="button" data-testid="undo" onClick={() => void restore(undo)}>
            {t('options.log.undo')}
          </button>
        </p>
      )}
      <Status text={undo ? null : status} />
      {exporting && <ExportProgress feed={exporting} />}
      <div class="table-wrap">
        <table class="list log" data-testid="log">
          <caption class="sr-only">{t('options.log.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('options.log.reviewedAt')}</th>
              <th scope="col">{t('options.log.docTitle')}</th>
              <th scope="col">{t('options.log.docNumber')}</th>
              <th scope="col">{t('options.log.classification')}</th>
              <th scope="col">{t('options.log.conclusion')}</th>
              <th scope="col">{t('options.log.competition')}</th>
              <th scope="col">{t('options.log.reviewer')}</th>
              <th scope="col">{t('options.log.findings')}</th>
              <th scope="col">{t('options.log.due')}</th>
            </tr>
          </thead>
          <tbody>
            {page?.rows.map((r) => (
              <tr key={r.id} data-id={r.id}>
                <td>{localDate(r.reviewedAt)}</td>
                <td>
                  <button type="button" class="link" onClick={() => setOpenId(r.id)}>
                    {r.docTitle || r.title || t('common.untitled')}
                  </button>
                  {r.drafter && <small class="muted"> {r.drafter}</small>}
                  {r.round > 1 && <small class="muted"> {t('options.log.round', [r.round])}</small>}
                  {marks?.[r.id] && (
                    <SyncMark mark={marks[r.id]!} onConflict={() => setConflictId(r.id)} />
                  )}
                </td>
                <td>{r.docNumber ?? ''}</td>
                <td>{t(KIND_KEY[r.classification])}</td>
                <td>
                  <span class={`conclusion c-${CONCLUSION_VALUES.indexOf(r.conclusion)}`}>
                    {r.conclusion}
                  </span>
                  {r.conclusionReason && (
                    <small class="muted" title={r.conclusionReason}>
                      {' '}
                      {t('options.record.withReason')}
                    </small>
                  )}
                </td>
                <td class="competition" title={competitionLabel(r.competition)}>
                  {competitionLabel(r.competition, false)}
                </td>
                <td>{r.reviewer}</td>
                <td class="counts">
                  <span class="sev-error" title={t('common.error')}>
                    {r.findingCounts.error}
                  </span>{' '}
                  /{' '}
                  <span class="sev-warning" title={t('common.warning')}>
                    {r.findingCounts.warning}
                  </span>
                </td>
                <td class="due">{dueText(t, r.dueDate ?? null, today)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label={t('options.log.pages')}>
        <button type="button" disabled={offset === 0} onClick={() => setOffset(0)}>
          {t('options.log.first')}
        </button>
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          {t('options.log.prev')}
        </button>
        <span>
          {total
            ? t('options.log.page', [
                Math.floor(offset / PAGE_SIZE) + 1,
                Math.floor((total - 1) / PAGE_SIZE) + 1,
              ])
            : ''}
        </span>
        <button
          type="button"
          data-testid="next-page"
          disabled={!hasNext}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          {t('options.log.next')}
        </button>
        <button
          type="button"
          disabled={!total || offset >= lastOffset}
          onClick={() => setOffset(lastOffset)}
        >
          {t('options.log.last')}
        </button>
      </nav>
      {conflictId && (
        <ConflictDialog
          id={conflictId}
          onClose={() => setConflictId(null)}
          onResolved={(r) => {
            setConflictId(null);
            setStatus(t('options.conflict.resolved', [r.title]));
            void load(filters, offset);
          }}
        />
      )}
      {openId && (
        <RecordDialog
          id={openId}
          onClose={() => setOpenId(null)}
          onChanged={() => void load(filters, offset)}
          onDelete={(row) => void remove(row)}
        />
      )}
    </Section>
  );
}

/** A row's place in the office's shared log: on the server, not yet, or in conflict. */
function SyncMark({ mark, onConflict }: { mark: RecordMark; onConflict(): void }) {
  const t = useT();
  if (mark === 'conflict')
    return (
      <>
        {' '}
        <button
          type="button"
          class="link conflict-mark"
          data-testid="sync-mark"
          data-mark={mark}
          onClick={onConflict}
        >
          {t('options.log.markConflict')}
        </button>
      </>
    );
  const key =
    mark === 'uploaded'
      ? 'options.log.markUploaded'
      : mark === 'pending'
        ? 'options.log.markPending'
        : mark === 'local'
          ? 'options.log.markLocal'
          : 'options.log.markUnknown';
  return (
    <small
      class={`sync-mark sync-${mark}`}
      data-testid="sync-mark"
      data-mark={mark}
      title={t('options.log.markTitle')}
    >
      {' '}
      {t(key)}
    </small>
  );
}

/** The progress of an .xlsx export: a labelled progress bar and the phase in words. */
/** The latest progress of an export and who shows it. */
interface ProgressFeed {
  /** The file being made. */
  format: 'csv' | 'xlsx';
  get(): ExportProgressView;
  set(p: ExportProgressView): void;
  subscribe(show: (p: ExportProgressView) => void): () => void;
}

function progressFeed(first: ExportProgressView, format: 'csv' | 'xlsx'): ProgressFeed {
  let last = first;
  const shows = new Set<(p: ExportProgressView) => void>();
  return {
    format,
    get: () => last,
    set(p) {
      last = p;
      for (const show of shows) show(p);
    },
    subscribe(show) {
      shows.add(show);
      return () => void shows.delete(show);
    },
  };
}

function ExportProgress({ feed }: { feed: ProgressFeed }) {
  const t = useT();
  const [progress, setProgress] = useState(feed.get());
  useEffect(() => {
    setProgress(feed.get());
    return feed.subscribe(setProgress);
  }, [feed]);
  const { phase, done, total } = progress;
  const csv = feed.format === 'csv';
  const key =
    phase === 'read'
      ? csv
        ? 'options.log.csvReading'
        : 'options.log.xlsxReading'
      : csv
        ? 'options.log.csvWriting'
        : 'options.log.xlsxWriting';
  const text = t(key, [done, total]);
  // Reading is the first third of the bar, writing the rest (writing takes longer).
  const value = total
    ? phase === 'read'
      ? done / total / 3
      : 1 / 3 + ((2 / 3) * done) / total
    : 0;
  return (
    <p
      class="export-progress"
      data-testid="export-progress"
      data-phase={phase}
      data-format={feed.format}
    >
      <progress aria-label={t('options.log.exportProgress')} max={1} value={value} />{' '}
      <span>{text}</span>
    </p>
  );
}
