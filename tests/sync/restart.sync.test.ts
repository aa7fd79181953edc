/**
 * The background service worker stops whenever Chrome likes and starts again on the next alarm
 * or message: the bridge is rebuilt over the same log (Dexie) and the same local replica, and
 * nothing it needs may have lived only in the old worker's memory. Here the restart is a new
 * bridge on the same database and replica, while the office's server is down.
 */
import { describe, expect, it } from 'vitest';
import { createRecord } from '@/lib/records';
import { getState } from '@/lib/office/state';
import { recordInput } from '../unit/lib/fixtures';
import { startCouch } from '../../scripts/couch-server.mjs';
import { freshOffice, replica, trackReplicas } from './helpers';

const track = trackReplicas();

describe('a service worker restart while the server is down', () => {
  it('still knows what the server has: 待同步 counts only the new record, the rest stay 已上传', async () => {
    const server = await startCouch();
    try {
      const { url } = await freshOffice({ server });
      const a = track(replica(url, 'alice'));
      const b = track(replica(url, 'bob'));
      const mine = [
        await createRecord(a.db, recordInput({ title: '一' })),
        await createRecord(a.db, recordInput({ title: '二' })),
      ];
      const his = await createRecord(b.db, recordInput({ title: '同事的' }));
      await b.bridge.syncOnce();
      await a.bridge.syncOnce();
      expect(await a.db.records.count()).toBe(3);
      expect((await getState(a.db)).status).toBe('synced');

      await server.stop();
      const again = await a.restart();
      const offline = await createRecord(a.db, recordInput({ title: '断网时的第三份' }));
      await again.push();
      const state = await again.updateStatus();
      expect(state.pending).toBe(1);
      expect(state.status).toBe('offline');
      expect(state.error).toMatch(/^无法连接 127\.0\.0\.1:\d+：服务器没有应答/);
      expect(await again.marks([...mine.map((r) => r.id), his.id, offline.id])).toEqual({
        [mine[0]!.id]: 'uploaded',
        [mine[1]!.id]: 'uploaded',
        [his.id]: 'uploaded',
        [offline.id]: 'pending',
      });

      const back = await startCouch({ dir: server.dir, port: server.port, admin: server.admin });
      try {
        await again.syncOnce();
        const after = await getState(a.db);
        expect([after.status, after.pending]).toEqual(['synced', 0]);
        await b.bridge.syncOnce();
        expect((await b.db.records.get(offline.id))?.title).toBe('断网时的第三份');
      } finally {
        await back.stop();
      }
    } finally {
      await server.dispose();
    }
  });

  it('shows the stored 离线 until the server has answered, not 已同步', async () => {
    const server = await startCouch();
    try {
      const { url } = await freshOffice({ server });
      const a = track(replica(url, 'alice'));
      await createRecord(a.db, recordInput());
      await a.bridge.syncOnce();
      await server.stop();
      await expect(a.bridge.syncOnce()).rejects.toThrow();
      expect((await getState(a.db)).status).toBe('offline');
      // Nothing is pending, so nothing asks the server: the restarted bridge does not know it
      // is down, and must not claim 已同步.
      const again = await a.restart();
      const state = await again.updateStatus();
      expect([state.status, state.pending]).toEqual(['offline', 0]);
    } finally {
      await server.dispose();
    }
  });
});
