/**
 * A rule's basis as a reviewer cites it: the citation form first (「《行政许可法》第十七条」), the
 * pack's source keys after it, small, each a link into the pack's source list when the view
 * can link there (extension pages), plain text otherwise (the in-page card).
 */
import { citationOf, splitBasis } from '../rules/basis';
import { useT } from './i18n';

/** Props of Basis. */
export interface BasisProps {
  cite?: string | undefined;
  basis: string;
  /** Prefix of a source key's link (`options.html#src-`); absent: keys are not links. */
  sourceHref?: string;
  /** The element's class (the in-page card styles its own). */
  class?: string;
}

/** 依据：《…》第N条 · 来源 S-XX S-YY */
export function Basis({ cite, basis, sourceHref, class: cls = 'basis' }: BasisProps) {
  const t = useT();
  const { keys } = splitBasis(basis);
  const text = citationOf({ cite, basis }) || t('common.basisMissing');
  return (
    <p class={cls}>
      {t('panel.findings.basis', [text])}
      {keys.length > 0 && (
        <small class="src-keys">
          {' '}
          {t('common.sources')}
          {keys.map((k) => (
            <span key={k}>
              {' '}
              {sourceHref ? (
                <a href={`${sourceHref}${k}`} target="_blank" rel="noopener">
                  {k}
                </a>
              ) : (
                k
              )}
            </span>
          ))}
        </small>
      )}
    </p>
  );
}
