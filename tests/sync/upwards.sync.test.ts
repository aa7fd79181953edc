/**
 * Beyond one office: a city (or province) server collects its offices' records with CouchDB's
 * replication and the office database's filter `guishen/records` — records only, never texts.
 * pouchdb-server has no `_replicator` database, so the test posts the same source, target and
 * filter to `_replicate` (one shot); the README's `_replicator` document (continuous) is the
 * same replication, kept running by CouchDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '@/lib/records';
import { recordInput } from '../unit/lib/fixtures';
import { startCouch, type CouchServer } from '../../scripts/couch-server.mjs';
import { freshOffice, replica, type Replica } from './helpers';

let city: CouchServer;
beforeAll(async () => {
  city = await startCouch();
});
afterAll(async () => {
  await city?.dispose();
});

const basic = (u: { user: string; password: string }) =>
  `Basic ${Buffer.from(`${u.user}:${u.password}`).toString('base64')}`;

describe('county → city: a collecting database on a second server', () => {
  it('receives the office database’s records and their deletions, and no draft text', async () => {
    const { url, admin } = await freshOffice({ shareTexts: true });
    const a: Replica = replica(url, 'alice', { shareTexts: true });
    try {
      const kept = await createRecord(
        a.db,
        recordInput({ title: '县里审查的文件', text: '草稿正文（保密）' }),
      );
      const gone = await createRecord(a.db, recordInput({ title: '后来删除的文件' }));
      await a.bridge.syncOnce();
      // The lead removes one from the office database (a real deletion, not the bin).
      const doc = (await (
        await fetch(`${url}/record:${gone.id}`, { headers: { authorization: basic(admin) } })
      ).json()) as { _rev: string };
      await fetch(`${url}/record:${gone.id}?rev=${doc._rev}`, {
        method: 'DELETE',
        headers: { authorization: basic(admin) },
      });
      const office = await (
        await fetch(`${url}/_all_docs`, { headers: { authorization: basic(admin) } })
      ).json();
      expect((office.rows as Array<{ id: string }>).some((r) => r.id.startsWith('text:'))).toBe(
        true,
      );

      const collecting = `${city.url}guishen-city`;
      const put = await fetch(collecting, {
        method: 'PUT',
        headers: { authorization: basic(city.admin) },
      });
      expect(put.status).toBe(201);
      const source = new URL(url);
      source.username = admin.user;
      source.password = admin.password;
      const res = await fetch(`${city.url}_replicate`, {
        method: 'POST',
        headers: { authorization: basic(city.admin), 'content-type': 'application/json' },
        body: JSON.stringify({
          source: source.href,
          target: 'guishen-city',
          filter: 'guishen/records',
        }),
      });
      const body = (await res.json()) as { ok?: boolean };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.ok).toBe(true);

      const got = (await (
        await fetch(`${collecting}/_all_docs?include_docs=true`, {
          headers: { authorization: basic(city.admin) },
        })
      ).json()) as { rows: Array<{ id: string; doc: { record?: { title: string } } }> };
      expect(got.rows.map((r) => r.id)).toEqual([`record:${kept.id}`]);
      expect(got.rows[0]!.doc.record?.title).toBe('县里审查的文件');
      expect(JSON.stringify(got)).not.toContain('草稿正文');
      // The deletion travelled too (a tombstone in the collecting database's changes).
      const feed = (await (
        await fetch(`${collecting}/_changes`, { headers: { authorization: basic(city.admin) } })
      ).json()) as { results: Array<{ id: string; deleted?: boolean }> };
      expect(feed.results.map((r) => [r.id, r.deleted ?? false]).sort()).toEqual(
        [
          [`record:${kept.id}`, false],
          [`record:${gone.id}`, true],
        ].sort(),
      );
    } finally {
      await a.close();
    }
  });
});
