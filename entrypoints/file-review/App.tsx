/**
 * The file review page (审查文件): a Word, PDF or OFD file — picked, dropped, or the one
 * attachment the reviewer clicked on a portal page — shown as text, reviewed by the same
 * session as a portal page (highlights, badge counts, hit cards, navigation), with the side
 * panel's checklist and the popup's record following this tab like any other.
 *
 * Wiring only: reading is lib/files/read.ts, showing is lib/files/render.ts, the review loop is
 * lib/page/session.ts, the badge and card are components. Reading and the engine's check run in
 * a module worker (lib/files/worker-client.ts), so the page's thread only draws.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { InPage } from '@/components/inpage/InPage';
import { I18nContext, useT, type Translate } from '@/components/i18n';
import { FormatError, locate, locationLabel } from '@/rules/formats';
import { openAttachment, openLocalFile, nameFromUrl, type OpenedFile } from '@/lib/files/read';
import { renderFileInSlices } from '@/lib/files/render';
import { fileWorker } from '@/lib/files/worker-client';
import { adoptHighlightSheet } from '@/lib/page/highlight-css';
import { UI_TAG } from '@/lib/page/review';
import { startReview, type SessionView } from '@/lib/page/session';
import { openSidePanel, readTabEntry } from '@/lib/tabs';
import css from '../review.content/badge.css?inline';

/**
 * The consultation notice this attachment came from (its tab): its 发布日期 and 征求意见截止
 * join the attachment's text, so the checks that need both (施行 at least 30 days after the
 * consultation closes) run on the pair. As metadata of the model, like a portal's info block.
 */
async function noticeMeta(tabId: number | null): Promise<Record<string, string>> {
  if (tabId === null) return {};
  const entry = await readTabEntry(tabId).catch(() => null);
  const f = entry?.report.facts;
  // Only a consultation notice's dates belong to its attachment.
  if (!f || !entry.report.classification.isDraft) return {};
  const cn = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  };
  const meta: Record<string, string> = {};
  if (f.publishDate) meta['发布日期'] = cn(f.publishDate);
  if (f.commentDeadline) meta['截止日期'] = cn(f.commentDeadline);
  return meta;
}

type State =
  | { kind: 'idle' }
  | { kind: 'loading'; name: string; progress: string | null }
  | { kind: 'error'; name: string | null; message: string }
  | { kind: 'permission'; name: string; origin: string }
  | { kind: 'ready'; file: OpenedFile };

const FORMAT_LABEL = { docx: 'Word（.docx）', pdf: 'PDF', ofd: 'OFD' } as const;

/** The badge and card, drawn into their own shadow root (the portal page's look). */
function mountBadge(t: Translate): {
  draw(view: SessionView | null, locate?: (offset: number) => string): void;
  remove(): void;
} {
  const host = document.createElement(UI_TAG);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  // The portal page's badge stylesheet, pinned to the top right as the overlay is there.
  style.textContent = `${css}\n.gs-fixed{position:fixed;top:8px;right:8px;z-index:10}`;
  const box = document.createElement('div');
  box.className = 'gs-fixed';
  root.append(style, box);
  document.body.append(host);
  return {
    draw(view, locate) {
      if (!view) return render(null, box);
      render(
        <I18nContext.Provider value={t}>
          <InPage view={view} cardId="gs-card" locate={locate} />
        </I18nContext.Provider>,
        box,
      );
    },
    remove() {
      render(null, box);
      host.remove();
    },
  };
}

export function App() {
  const t = useT();
  const params = new URLSearchParams(location.search);
  const src = params.get('src');
  const notice = Number(params.get('notice'));
  const noticeTab = Number.isInteger(notice) && notice > 0 ? notice : null;
  const [joined, setJoined] = useState<Record<string, string>>({});
  const [state, setState] = useState<State>(
    src
      ? { kind: 'loading', name: params.get('name') || nameFromUrl(src), progress: null }
      : { kind: 'idle' },
  );
  const [dragging, setDragging] = useState(false);
  const docRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const badgeRef = useRef<ReturnType<typeof mountBadge> | null>(null);
  const tabRef = useRef<Promise<number | undefined> | null>(null);
  tabRef.current ??= browser.tabs.getCurrent().then((tab) => tab?.id ?? undefined);

  // The worker reports every page: the line is redrawn at most every 100 ms (and at the end).
  const progress = (name: string) => {
    let shown = 0;
    return (done: number, total: number) => {
      if (done < total && performance.now() - shown < 100) return;
      shown = performance.now();
      setState({ kind: 'loading', name, progress: t('fileReview.pages', [done, total]) });
    };
  };

  const fail = (name: string | null, e: unknown) => {
    stopRef.current?.();
    stopRef.current = null;
    badgeRef.current?.draw(null);
    setState({
      kind: 'error',
      name,
      message:
        e instanceof FormatError
          ? e.message
          : t('fileReview.failed', [String((e as Error)?.message ?? e)]),
    });
  };

  const open = async (load: () => Promise<OpenedFile>, name: string) => {
    stopRef.current?.();
    stopRef.current = null;
    setState({ kind: 'loading', name, progress: null });
    try {
      const file = await load();
      setState({ kind: 'ready', file });
    } catch (e) {
      fail(name, e);
    }
  };

  const fetchAttachment = (url: string) => {
    const name = params.get('name') || nameFromUrl(url);
    void open(() => openAttachment(url, name, progress(name)), name);
  };

  // An attachment named in the address: fetched once, now (the reviewer's click opened this
  // page). A site the extension may not read is asked for first (optional host permission).
  useEffect(() => {
    if (!src) return;
    void (async () => {
      let origin = '';
      try {
        origin = new URL(src).origin;
      } catch {
        /* refused by openAttachment */
      }
      const allowed = origin
        ? await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => true)
        : true;
      if (allowed) fetchAttachment(src);
      else
        setState({
          kind: 'permission',
          name: params.get('name') || nameFromUrl(src),
          origin,
        });
    })();
  }, []);

  // Once the text is on the page: start the review session on it.
  useEffect(() => {
    if (state.kind !== 'ready' || !docRef.current) return;
    const file = state.file;
    const el = docRef.current;
    document.title = `${file.name} · ${t('fileReview.title')}`;
    if ('highlights' in CSS) adoptHighlightSheet(document);
    badgeRef.current ??= mountBadge(t);
    const badge = badgeRef.current;
    let stopped = false;
    void (async () => {
      // Drawn a few pages at a time (no long task of the page); the review starts once all of
      // the text is there.
      const extract = await renderFileInSlices(el, file.doc, { cancelled: () => stopped });
      if (!extract) return;
      const tabId = (await tabRef.current) ?? undefined;
      const meta = file.sourceUrl ? await noticeMeta(noticeTab) : {};
      setJoined(meta);
      // The shown text is the file's text, so a finding's offset locates it in the file.
      const where = (o: number) => locationLabel(locate(file.doc, o));
      const stop = await startReview({
        render: (view) => badge.draw(view, where),
        source: {
          url: file.sourceUrl ?? `file:///${encodeURIComponent(file.name)}`,
          ...(tabId !== undefined ? { tabId } : {}),
          file: {
            name: file.name,
            sha256: file.sha256,
            size: file.size,
            format: file.doc.format,
            ...(file.sourceUrl ? { sourceUrl: file.sourceUrl } : {}),
          },
          extract: () => ({
            target: { kind: 'page', doc: document },
            extract,
            text: extract.text,
            title: null,
            meta,
            attachments: [],
            state: null,
            incremental: false,
          }),
          locate: where,
          // The engine runs in the page's worker, like the reading: no long task here.
          checker: fileWorker(),
          openPanel: () => {
            if (tabId !== undefined) void openSidePanel(tabId).catch(() => {});
          },
        },
      });
      if (stopped) stop();
      else stopRef.current = stop;
    })().catch((e) => fail(file.name, e));
    return () => {
      stopped = true;
    };
  }, [state]);

  const pick = (files: FileList | null | undefined) => {
    const f = files?.[0];
    if (f) void open(() => openLocalFile(f, progress(f.name)), f.name);
  };

  const ready = state.kind === 'ready' ? state.file : null;
  return (
    <div
      class={`file-page${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        pick(e.dataTransfer?.files);
      }}
    >
      <header class="bar">
        <h1>{t('fileReview.title')}</h1>
        <span class="sub">{t('fileReview.subtitle')}</span>
      </header>
      <main>
        <div class="file-pick">
          <input
            ref={inputRef}
            id="file-input"
            type="file"
            accept=".docx,.pdf,.ofd,.doc,.wps,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            onChange={(e) => pick((e.currentTarget as HTMLInputElement).files)}
          />
          <label for="file-input" class="primary button-like">
            {t('fileReview.choose')}
          </label>
          <span class="muted">{t('fileReview.dropHint')}</span>
        </div>
        {state.kind === 'loading' && (
          <p class="muted" role="status">
            {t('fileReview.reading', [state.name])}
            {state.progress ? ` ${state.progress}` : ''}
          </p>
        )}
        {state.kind === 'permission' && src && (
          <div class="error-box" role="alert" data-testid="file-permission">
            <p>{t('fileReview.permission', [state.origin])}</p>
            <button
              type="button"
              class="primary"
              onClick={() =>
                void browser.permissions
                  .request({ origins: [`${state.origin}/*`] })
                  .then((ok) => (ok ? fetchAttachment(src) : undefined))
                  .catch((e) => fail(state.name, e))
              }
            >
              {t('fileReview.allow', [state.origin])}
            </button>
          </div>
        )}
        {state.kind === 'error' && (
          <p class="error-box" role="alert" data-testid="file-error">
            {state.name ? `${state.name}：` : ''}
            {state.message}
          </p>
        )}
        {ready && (
          <section class="file-info" aria-label={t('fileReview.fileInfo')}>
            <p>
              <strong>{ready.name}</strong>{' '}
              <span class="muted">
                {t(ready.doc.pages === null ? 'fileReview.metaWord' : 'fileReview.meta', [
                  FORMAT_LABEL[ready.doc.format],
                  ready.doc.pages ?? ready.doc.spans.at(-1)?.paragraph ?? 0,
                  ready.doc.text.length,
                  ready.sha256.slice(0, 12),
                ])}
              </span>
            </p>
            {ready.sourceUrl && (
              <p class="muted">
                {t('fileReview.source')}
                {ready.sourceUrl}
              </p>
            )}
            {Object.keys(joined).length > 0 && (
              <p class="muted" data-testid="joined-notice">
                {t('fileReview.joined', [joined['发布日期'] ?? '—', joined['截止日期'] ?? '—'])}
              </p>
            )}
            {ready.doc.notices.length > 0 && (
              <ul class="file-notices" data-testid="file-notices">
                {ready.doc.notices.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            )}
          </section>
        )}
        <article
          ref={docRef}
          id="gs-doc"
          class={`file-doc${ready ? ` file-${ready.doc.format}` : ''}`}
          hidden={!ready}
          aria-label={t('fileReview.text')}
        />
      </main>
    </div>
  );
}
