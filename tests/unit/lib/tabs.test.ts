/** Extension pages and the tab they describe (lib/tabs.ts), on WXT's fake browser. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  followTab,
  openChecklistForPage,
  resolveTabId,
  tabIdFromSearch,
  watchTabStatus,
} from '@/lib/tabs';

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

describe('the checklist asked for by the page (the badge)', () => {
  const b = fakeBrowser as unknown as Record<string, unknown>;
  afterEach(() => {
    delete b.sidePanel;
    delete b.sidebarAction;
  });

  it("opens Chrome's side panel for the tab", async () => {
    const opened: unknown[] = [];
    b.sidePanel = { open: async (o: unknown) => void opened.push(o) };
    const before = await fakeBrowser.tabs.query({});
    await openChecklistForPage(3);
    expect(opened).toEqual([{ tabId: 3 }]);
    expect(await fakeBrowser.tabs.query({})).toEqual(before);
  });

  it('opens the checklist page as a tab beside the document when Firefox refuses the sidebar', async () => {
    b.sidebarAction = {
      open: async () => {
        throw new Error('sidebarAction.open may only be called from a user input handler');
      },
    };
    const doc = await openActiveTab();
    const before = await fakeBrowser.tabs.query({});
    await openChecklistForPage(doc.id!);
    const added = (await fakeBrowser.tabs.query({})).filter(
      (t) => !before.some((b) => b.id === t.id),
    );
    expect(added.map((t) => t.url)).toEqual([
      fakeBrowser.runtime.getURL(`/sidepanel.html?tabId=${doc.id}`),
    ]);
  });

  it('passes on a side-panel failure in Chrome instead of opening a tab', async () => {
    b.sidePanel = {
      open: async () => {
        throw new Error('No active side panel');
      },
    };
    const before = await fakeBrowser.tabs.query({});
    await expect(openChecklistForPage(3)).rejects.toThrow('No active side panel');
    expect(await fakeBrowser.tabs.query({})).toEqual(before);
  });
});
