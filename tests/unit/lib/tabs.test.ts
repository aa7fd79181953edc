/** Extension pages and the tab they describe (lib/tabs.ts), on WXT's fake browser. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followTab, resolveTabId, tabIdFromSearch, watchTabStatus } from '@/lib/tabs';

beforeEach(() => fakeBrowser.reset());

/** A new tab, active in a focused window (what `tabs.query({active, currentWindow})` finds). */
async function openActiveTab() {
  await fakeBrowser.windows.create({ focused: true });
  return fakeBrowser.tabs.create({ active: true });
}

/** Lets the pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the tab a page names', () => {
  it.each([
    ['?tabId=7', 7],
    ['?view=facts&tabId=12', 12],
    ['', null],
    ['?tabId=', null],
    ['?tabId=0', null],
    ['?tabId=-3', null],
    ['?tabId=1.5', null],
    ['?tabId=abc', null],
  ])('reads %j as %j', (search, id) => {
    expect(tabIdFromSearch(search)).toBe(id);
  });

  it('falls back to the active tab when the page names none', async () => {
    const tab = await openActiveTab();
    expect(await resolveTabId('?tabId=9')).toBe(9);
    expect(await resolveTabId('')).toBe(tab.id);
  });
});

describe('following a tab', () => {
  /** The tabs a page with `search` is about: first its own, then while another is activated. */
  async function followed(search: string): Promise<(number | null)[]> {
    const seen: (number | null)[] = [];
    const stop = followTab((id) => seen.push(id), search);
    await settle();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 42, windowId: 0 });
    stop();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 43, windowId: 0 });
    return seen;
  }

  it('follows the active tab as it changes, until stopped', async () => {
    const tab = await openActiveTab();
    expect(await followed('')).toEqual([tab.id, 42]);
  });

  it('stays on the tab the query string pins', async () => {
    expect(await followed('?tabId=5')).toEqual([5]);
  });

  it('stays on the active tab when the query string names a tab it cannot read', async () => {
    const tab = await openActiveTab();
    expect(await followed('?tabId=abc')).toEqual([tab.id]);
  });

  it('reports the loading status of its own tab only, until stopped', async () => {
    const seen: string[] = [];
    const stop = watchTabStatus(5, (status) => seen.push(status));
    const update = (id: number, info: { status?: string; title?: string }) =>
      fakeBrowser.tabs.onUpdated.trigger(id, info as never, { id } as never);
    await update(5, { status: 'loading' });
    await update(6, { status: 'loading' });
    await update(5, { title: '新标题' });
    await update(5, { status: 'complete' });
    stop();
    await update(5, { status: 'loading' });
    expect(seen).toEqual(['loading', 'complete']);
  });
});
