/**
 * This year's tallies (总数 / 规范性文件 / 非规范性文件) and a quick CSV export of the year's
 * log. The export is prepared on click and handed over as an `<a download>` link, which also
 * stays visible in case the browser did not start the download by itself.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from './i18n';

/** Props of YearTally. */
export interface YearTallyProps {
  year: number;
  total: number;
  normative: number;
  nonNormative: number;
  /** Builds the CSV of the year (lib/csv exportCsv) and its file name (csvFileName). */
  onExport?(): Promise<{ name: string; blob: Blob }>;
}

/** The tallies and the export link. */
export function YearTally({ year, total, normative, nonNormative, onExport }: YearTallyProps) {
  const t = useT();
  const [file, setFile] = useState<{ name: string; href: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = useRef<HTMLAnchorElement>(null);
  // Object URLs hold the CSV in memory until revoked.
  useEffect(() => () => file && URL.revokeObjectURL(file.href), [file]);
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  const exportCsv = async () => {
    if (!onExport) return;
    setBusy(true);
    setError(null);
    try {
      const { name, blob } = await onExport();
      setFile({ name, href: URL.createObjectURL(blob) });
    } catch (e) {
      setError(t('popup.exportFailed', [(e as Error)?.message ?? String(e)]));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="year" aria-label={t('popup.statsLabel')}>
      <h2>{t('popup.stats', [year])}</h2>
      <div class="tally" data-testid="tally">
        <div>
          <strong>{total}</strong>
          {t('popup.total')}
        </div>
        <div>
          <strong>{normative}</strong>
          {t('common.normative')}
        </div>
        <div>
          <strong>{nonNormative}</strong>
          {t('common.nonNormative')}
        </div>
      </div>
      {onExport && (
        <p class="export">
          <button type="button" onClick={exportCsv} disabled={busy} data-testid="export-csv">
            {busy ? t('popup.exporting') : t('popup.exportCsv')}
          </button>{' '}
          {file && (
            <a ref={link} href={file.href} download={file.name} data-testid="export-link">
              {t('popup.exportReady', [file.name])}
            </a>
          )}
        </p>
      )}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
