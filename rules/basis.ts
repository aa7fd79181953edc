/**
 * Bases as a reviewer cites them. A pack's `basis` keeps its research trail — prose and source
 * keys such as [S-SZ] that point into the pack's source list — while `cite` is the citation
 * form (「《行政许可法》第十七条」, 「国办发〔2018〕37号 第三条第（一）项」) the screens show first.
 */

/** A source key as packs write it: `[S-SZ]`, `[S-DB-16813996]`, `[FC-CH]`. */
const SOURCE_KEY = /\[([A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9-]*)\]/g;

/** A basis split into its prose and its source keys (in order, each once). */
export function splitBasis(basis: string): { text: string; keys: string[] } {
  const keys: string[] = [];
  for (const m of basis.matchAll(SOURCE_KEY)) if (!keys.includes(m[1]!)) keys.push(m[1]!);
  const text = basis
    .replace(SOURCE_KEY, '')
    .replace(/[ \t]+([；;，,。、）)])/g, '$1')
    .replace(/([；;，,、])(?:\s*[；;，,、])+/g, '$1')
    .replace(/^[\s；;，,、]+|[\s；;，,、]+$/g, '')
    .replace(/\s{2,}/g, ' ');
  return { text, keys };
}

/** True when a basis says nothing but source keys (「[S-SZ][S-SZ2]」): no reviewer can cite it. */
export function basisIsOnlyKeys(basis: string): boolean {
  return splitBasis(basis).text === '' && splitBasis(basis).keys.length > 0;
}

/**
 * What the screens show first for a rule, parameter or checklist item: its `cite`, else the
 * prose of its basis without the source keys.
 */
export function citationOf(item: {
  cite?: string | undefined;
  basis?: string | undefined;
}): string {
  return item.cite?.trim() || splitBasis(item.basis ?? '').text;
}
