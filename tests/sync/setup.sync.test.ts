/**
 * `npm run office:setup` and the 连接测试 against the test server: what the one command
 * creates, and the precise Chinese message for each thing that can be wrong.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testConnection } from '@/lib/office/connect';
import { freePort } from '../../scripts/couch-server.mjs';
import { addUser, DESIGN_ID, setupOffice } from '../../scripts/office-setup';
import { asUser, freshOffice, PASSWORDS } from './helpers';

const couch = () => inject('couch');
const admin = (url: string) => ({
  url,
  user: couch().admin.user,
  password: couch().admin.password,
});

describe('office:setup', () => {
  it('creates the database, its _security and the validator, and a second run only updates them', async () => {
    const url = `${couch().url}setup-${Date.now().toString(36)}`;
    const first = await setupOffice(admin(url));
    expect(first[0]).toBe(`已创建数据库 ${url}`);
    const second = await setupOffice(admin(url), { shareTexts: true });
    expect(second[0]).toBe(`数据库 ${url} 已存在`);
    expect(second[2]).toBe(`设计文档 ${DESIGN_ID}（validate_doc_update；草稿文本共享：开）`);
    await addUser(admin(url), 'alice', PASSWORDS.alice!);
    const sec = (await asUser('alice', 'GET', `${url}/_security`)).json;
    expect(sec).toEqual({
      admins: { names: [], roles: ['guishen-lead'] },
      members: { names: [], roles: ['guishen-reviewer'] },
    });
    const ddoc = (await asUser('alice', 'GET', `${url}/${DESIGN_ID}`)).json;
    expect(ddoc.guishen).toEqual({ schema: 1, shareTexts: true });
    expect(String(ddoc.validate_doc_update)).toMatch(
      /^function validate\(newDoc, oldDoc, userCtx, secObj\)/,
    );
    // A third run keeps the office's sharing choice when none is given.
    await setupOffice(admin(url));
    expect((await asUser('alice', 'GET', `${url}/${DESIGN_ID}`)).json.guishen).toEqual({
      schema: 1,
      shareTexts: true,
    });
  });

  it('keeps strangers out: no anonymous read, and a member cannot change the design document', async () => {
    const { url } = await freshOffice();
    expect((await fetch(`${url}/_all_docs`)).status).toBe(401);
    const ddoc = (await asUser('alice', 'GET', `${url}/${DESIGN_ID}`)).json;
    const put = await asUser('alice', 'PUT', `${url}/${DESIGN_ID}`, {
      ...ddoc,
      validate_doc_update: 'function(){}',
    });
    expect(put.status).toBeGreaterThanOrEqual(401);
  });

  it('refuses a short password and a user name CouchDB reserves', async () => {
    const { url } = await freshOffice();
    await expect(addUser(admin(url), 'dave', 'short')).rejects.toThrow('密码至少 8 个字符');
    await expect(addUser(admin(url), '_admin', 'long-enough-1')).rejects.toThrow(
      '用户名“_admin”不可用',
    );
  });

  it('says so when the admin password is wrong', async () => {
    const url = `${couch().url}nope`;
    await expect(setupOffice({ url, user: 'admin', password: 'wrong' })).rejects.toThrow(
      '管理员用户名或密码错误（COUCHDB_USER / COUCHDB_PASSWORD）',
    );
  });
});

/** A small HTTP server that answers every request with one fixed response. */
async function answering(
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
) {
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${port}`;
}
const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('连接测试 says precisely what is wrong', () => {
  it('connects a member and reads what the office chose', async () => {
    const { url } = await freshOffice({ shareTexts: true });
    const info = await testConnection(url, 'alice', PASSWORDS.alice!);
    expect(info).toMatchObject({ database: url.split('/').pop(), shareTexts: true, lead: false });
    expect((await testConnection(url, 'carol', PASSWORDS.carol!)).lead).toBe(true);
  });

  it('tells a wrong password apart from a missing database, a user without access and an office not set up', async () => {
    const { url } = await freshOffice();
    await expect(testConnection(url, 'alice', 'wrong-password')).rejects.toThrow(
      '用户名“alice”或密码错误（服务器拒绝登录）',
    );
    await expect(testConnection(`${url}-missing`, 'alice', PASSWORDS.alice!)).rejects.toThrow(
      /无权访问数据库|服务器上没有数据库/,
    );
    // A user of the server who is not a member of this office.
    const outsider = `${couch().url}_users/org.couchdb.user:erin`;
    const basic = `Basic ${Buffer.from(`${couch().admin.user}:${couch().admin.password}`).toString('base64')}`;
    await fetch(outsider, {
      method: 'PUT',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'erin', password: 'erin-password-1', roles: [], type: 'user' }),
    });
    await expect(testConnection(url, 'erin', 'erin-password-1')).rejects.toThrow(
      `账号“erin”无权访问数据库“${url.split('/').pop()}”`,
    );
    // A database that office:setup never touched.
    const bare = `${couch().url}bare-${Date.now().toString(36)}`;
    await fetch(bare, { method: 'PUT', headers: { authorization: basic } });
    await expect(testConnection(bare, 'admin', couch().admin.password)).rejects.toThrow(
      /不是规审的办公室日志（没有 _design\/guishen 设计文档/,
    );
  });

  it.each([
    [
      'an HTML login portal',
      200,
      'text/html',
      '<html><form>统一身份认证</form></html>',
      {},
      /返回的是网页.*登录门户/,
    ],
    [
      'a JSON answer that is not CouchDB',
      200,
      'application/json',
      '{"hello":"world"}',
      {},
      /不是 CouchDB 服务器/,
    ],
    [
      'a server error page',
      500,
      'text/plain',
      'Internal Server Error',
      {},
      /应答不是 CouchDB 的格式（HTTP 500）/,
    ],
    [
      'a redirect to another host',
      302,
      'text/plain',
      '',
      { location: 'https://elsewhere.example/' },
      /转到了别的地址/,
    ],
  ])('%s', async (_what, status, type, body, headers, message) => {
    const base = await answering(status, type, body, headers);
    await expect(testConnection(`${base}/office`, 'alice', 'x')).rejects.toThrow(message);
  });

  it('refuses plain http outside loopback, and an address that is no database', async () => {
    await expect(testConnection('http://couch.example.gov.cn/office', 'a', 'b')).rejects.toThrow(
      /只允许 https 地址/,
    );
    await expect(testConnection('https://couch.example.gov.cn/', 'a', 'b')).rejects.toThrow(
      /网址应指向一个数据库/,
    );
    await expect(testConnection('couch', 'a', 'b')).rejects.toThrow('“couch”不是有效的网址');
  });

  it('says the server is unreachable', async () => {
    const port = await freePort();
    await expect(testConnection(`http://127.0.0.1:${port}/office`, 'a', 'b')).rejects.toThrow(
      /无法连接 127\.0\.0\.1:\d+：服务器没有应答/,
    );
  });
});
