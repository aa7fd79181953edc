/** The page shell: navigation between sections, current page marked, and axe on the shell. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsApp, SECTIONS, type SectionId } from '../../../../components/options/OptionsApp';
import { axeViolations, setup, t } from './setup';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function Shell() {
  const [section, setSection] = useState<SectionId>('report');
  return <OptionsApp section={section} onSelect={setSection} />;
}

describe('options page shell', () => {
  it('navigates between sections, marks the current one, and passes axe', async () => {
    const s = await setup();
    cleanups.push(() => s.db.delete());
    const { container } = s.view(<Shell />);
    await screen.findByTestId('sentence');
    expect(screen.getByTestId('nav-report').getAttribute('aria-current')).toBe('page');
    expect(screen.getAllByRole('link')).toHaveLength(SECTIONS.length);
    expect(await axeViolations(container)).toEqual([]);
    fireEvent.click(screen.getByRole('link', { name: t('options.nav.packs') }));
    await screen.findByTestId('packs');
    expect(screen.getByTestId('nav-packs').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('sentence')).toBeNull();
    fireEvent.click(screen.getByTestId('nav-log'));
    await waitFor(() =>
      expect(screen.getByTestId('log-count').textContent).toContain(t('options.log.none')),
    );
  });
});
