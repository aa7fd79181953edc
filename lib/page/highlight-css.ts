/**
 * The names and the `::highlight()` stylesheet of the in-page highlights, with nothing else.
 * The build writes the sheet to `content-scripts/highlight.css` (wxt.config.ts), which the
 * browser injects with the loader on matched pages before they are parsed; elsewhere (the
 * popup's 审查此页面, editor iframes) it is adopted as a constructed sheet. This module must
 * stay small and import nothing that runs code at load (the loader and wxt.config.ts use it).
 */
import type { Category, FactSpan, Severity } from '@/rules/schema';

export const SEVERITY_CODES: Record<Severity, string> = {
  error: 'err',
  warning: 'warn',
  info: 'info',
};

export const CATEGORY_CODES: Record<Category, string> = {
  三统一: 'unify',
  有效期: 'validity',
  合法性: 'legal',
  程序: 'procedure',
  格式: 'format',
  公平竞争: 'competition',
};

export const FACT_CODES: Record<FactSpan['name'], string> = {
  title: 'title',
  docNumber: 'docnum',
  citedDocNumber: 'citednum',
  registrationNumber: 'regnum',
  issuer: 'issuer',
  publishDate: 'pubdate',
  signedDate: 'signdate',
  effectiveDate: 'effdate',
  validity: 'validity',
  trial: 'trial',
  draft: 'draft',
  commentDeadline: 'deadline',
  attachment: 'attach',
};

/** Registry name of the highlight for a finding's severity and category. */
export function findingHighlightName(severity: Severity, category: Category): string {
  return `gs-${SEVERITY_CODES[severity]}-${CATEGORY_CODES[category]}`;
}

/** Registry name of the highlight for a fact kind. */
export function factHighlightName(name: FactSpan['name']): string {
  return `gs-fact-${FACT_CODES[name]}`;
}

const SEVERITY_STYLE: Record<Severity, string> = {
  error:
    'background-color: rgba(220, 38, 38, 0.16); text-decoration: underline wavy #dc2626; text-decoration-thickness: 1.5px;',
  warning:
    'background-color: rgba(245, 158, 11, 0.18); text-decoration: underline wavy #d97706; text-decoration-thickness: 1.5px;',
  info: 'text-decoration: underline dotted #2563eb; text-decoration-thickness: 1.5px;',
};

/** Facts are marked, not flagged: a background tint with no wavy line. */
const FACT_STYLE = 'background-color: rgba(16, 185, 129, 0.16);';
const FACT_STYLE_STRONG =
  'background-color: rgba(16, 185, 129, 0.22); text-decoration: underline solid #059669;';

/** Priority: errors paint over warnings over info over facts where ranges overlap. */
export const PRIORITY: Record<Severity, number> = { error: 30, warning: 20, info: 10 };

/** The complete `::highlight()` stylesheet. */
export function highlightCss(): string {
  // One rule per style with a selector list, not one rule per name: the sheet is parsed at
  // document_start on every matched page, and fewer declaration blocks parse faster.
  const rules: string[] = [];
  for (const sev of Object.keys(SEVERITY_CODES) as Severity[]) {
    const sel = (Object.keys(CATEGORY_CODES) as Category[]).map(
      (cat) => `::highlight(${findingHighlightName(sev, cat)})`,
    );
    rules.push(`${sel.join(', ')} { ${SEVERITY_STYLE[sev]} }`);
  }
  const facts = Object.keys(FACT_CODES) as FactSpan['name'][];
  const strong = (f: FactSpan['name']) =>
    f === 'docNumber' || f === 'registrationNumber' || f === 'effectiveDate';
  const sel = (list: FactSpan['name'][]) =>
    list.map((f) => `::highlight(${factHighlightName(f)})`).join(', ');
  rules.push(`${sel(facts.filter((f) => !strong(f)))} { ${FACT_STYLE} }`);
  rules.push(`${sel(facts.filter(strong))} { ${FACT_STYLE_STRONG} }`);
  return rules.join('\n');
}

/**
 * Where the sheet lives, on the global of the content script's isolated world: the loader
 * and the review bundle are separate scripts with their own copy of this module, but share
 * that global (per frame), so they see one sheet per document.
 */
interface SheetGlobal {
  __guishenSheets?: WeakMap<Document, CSSStyleSheet>;
  /** The loader's frame got the sheet as content-script CSS (manifest or registration). */
  __guishenCssInjected?: boolean;
}

function sheetGlobal(): SheetGlobal {
  return globalThis as SheetGlobal;
}

/**
 * Called by the loader: this frame's document got the highlight stylesheet from the browser
 * as content-script CSS (`content-scripts/highlight.css`, injected before the page is parsed,
 * with no script work), so {@link adoptHighlightSheet} need not adopt a copy into it.
 */
export function markHighlightCssInjected(): void {
  sheetGlobal().__guishenCssInjected = true;
}

/**
 * Adopt the highlight stylesheet into `doc` (once; again if the page replaced
 * `adoptedStyleSheets` wholesale) — unless `doc` is this frame's own document and already
 * has the sheet as injected content-script CSS. An adopted sheet belongs to the Document
 * object, not to the node tree: no <style> element is inserted and `outerHTML` is unchanged.
 * Returns false where constructable stylesheets are missing (then highlights stay unstyled
 * rather than inserting markup into the page). Never throws.
 */
export function adoptHighlightSheet(doc: Document): boolean {
  try {
    const g = sheetGlobal();
    if (g.__guishenCssInjected && typeof document !== 'undefined' && doc === document) return true;
    const sheets = (g.__guishenSheets ??= new WeakMap());
    let sheet = sheets.get(doc);
    if (!sheet) {
      const view = doc.defaultView as (Window & typeof globalThis) | null;
      // The document's own window's constructor: adopting a sheet made by another window's
      // constructor throws NotAllowedError (same-origin editor iframes).
      const Sheet = view?.CSSStyleSheet;
      if (!Sheet || !('adoptedStyleSheets' in doc)) return false;
      sheet = new Sheet();
      sheet.replaceSync(highlightCss());
      sheets.set(doc, sheet);
    }
    if (!doc.adoptedStyleSheets.includes(sheet))
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return true;
  } catch {
    return false;
  }
}

/** Remove the highlight stylesheet from `doc`. Never throws. */
export function dropHighlightSheet(doc: Document): void {
  const sheet = sheetGlobal().__guishenSheets?.get(doc);
  if (!sheet) return;
  try {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((x) => x !== sheet);
  } catch {
    /* the document went away */
  }
}
