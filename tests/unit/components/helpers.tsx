/** Rendering views with the real Chinese messages, and an axe-core check that suits happy-dom. */
import { cleanup, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import axe from 'axe-core';
import type { ComponentChild } from 'preact';
import { I18nContext } from '../../../components/i18n';
import { loadTranslate } from '../helpers/i18n';

/** The zh_CN translator (locales/zh_CN.yml), as the extension's default locale. */
export const t = loadTranslate('zh_CN');

// Globals are off in vitest, so testing-library cannot register its own cleanup.
afterEach(cleanup);

/** Renders a view inside the translator's provider; `rerender` keeps the provider. */
export function renderView(ui: ComponentChild) {
  const wrap = (child: ComponentChild) => (
    <I18nContext.Provider value={t}>{child}</I18nContext.Provider>
  );
  const result = render(wrap(ui));
  return { ...result, rerender: (next: ComponentChild) => result.rerender(wrap(next)) };
}

/**
 * axe-core violations of a rendered container. happy-dom does no layout, so checks that need
 * computed colours or geometry (contrast, target size, scrollable regions) are switched off;
 * the structural checks (names, labels, roles, ARIA) all run.
 */
export async function axeViolations(container: Element): Promise<string[]> {
  const result = await axe.run(container, {
    rules: {
      'color-contrast': { enabled: false },
      'target-size': { enabled: false },
      'scrollable-region-focusable': { enabled: false },
      region: { enabled: false },
    },
    resultTypes: ['violations'],
  });
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}
