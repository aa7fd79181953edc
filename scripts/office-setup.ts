/**
 * `npm run office:setup -- <database URL> [--share-texts on|off] [--reviewer NAME | --lead NAME]`
 *
 * Sets up the office's shared log on an Apache CouchDB 3.x server (or any server that speaks
 * its protocol): creates the database, its `_security` object (members: role guishen-reviewer;
 * admins: role guishen-lead) and the `_design/guishen` design document with the
 * `validate_doc_update` of seeds/office/validate_doc_update.js. Re-running it updates them in
 * place. `--reviewer NAME` (or `--lead NAME`) adds or updates a user in `_users` with that
 * role; the password is read from standard input, never from the command line.
 *
 * Admin credentials come from COUCHDB_USER and COUCHDB_PASSWORD, as the CouchDB image names them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { serverRoot } from '../lib/office/connect';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The role of the office's reviewers (database members). */
export const REVIEWER_ROLE = 'guishen-reviewer';
/** The role of the office's leads (database admins: may correct any record). */
export const LEAD_ROLE = 'guishen-lead';
/** The design document's id. */
export const DESIGN_ID = '_design/guishen';

/** The `_security` object of an office database (seeds/office/security.json). */
export function securityObject(): { admins: unknown; members: unknown } {
  return JSON.parse(readFileSync(join(HERE, '../seeds/office/security.json'), 'utf8'));
}

/**
 * The replication filter `guishen/records` (the design document's `filters.records`): review
 * records and their deletions, never texts or anything else. A county → city → province
 * set-up replicates office databases upwards with CouchDB's `_replicator` and this filter
 * (README, 办公室共享日志).
 */
export const RECORDS_FILTER =
  "function (doc) { return doc.type === 'guishen-record' || (doc._deleted === true && doc._id.indexOf('record:') === 0); }";

/** The design document: the validator as its source text, and the office's sharing choice. */
export function designDoc(shareTexts: boolean): Record<string, unknown> {
  const source = readFileSync(join(HERE, '../seeds/office/validate_doc_update.js'), 'utf8');
  const start = source.indexOf('function validate(');
  return {
    _id: DESIGN_ID,
    language: 'javascript',
    validate_doc_update: source.slice(start).trim(),
    filters: { records: RECORDS_FILTER },
    guishen: { schema: 1, shareTexts },
  };
}

export interface AdminConnection {
  /** The database URL, e.g. https://couch.office.local/guishen-log */
  url: string;
  user: string;
  password: string;
  fetch?: typeof fetch;
}

async function call(
  conn: AdminConnection,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const f = conn.fetch ?? fetch;
  let res: Response;
  try {
    res = await f(url, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${conn.user}:${conn.password}`).toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new Error(`无法连接服务器 ${new URL(url).origin}：${(e as Error).message}`, { cause: e });
  }
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `${method} ${url} 的应答不是 JSON（HTTP ${res.status}），这不是 CouchDB 服务器`,
    );
  }
  if (res.status === 401)
    throw new Error('管理员用户名或密码错误（COUCHDB_USER / COUCHDB_PASSWORD）');
  return { status: res.status, json };
}

function fail(what: string, r: { status: number; json: Record<string, unknown> }): never {
  throw new Error(
    `${what}失败（HTTP ${r.status}）：${String(r.json.reason ?? r.json.error ?? '')}`,
  );
}

/** Create or update the database, its security object and its design document. */
export async function setupOffice(
  conn: AdminConnection,
  options: { shareTexts?: boolean } = {},
): Promise<string[]> {
  const done: string[] = [];
  const db = conn.url.replace(/\/+$/, '');
  const created = await call(conn, 'PUT', db);
  if (created.status === 201 || created.status === 202) done.push(`已创建数据库 ${db}`);
  else if (created.status === 412) done.push(`数据库 ${db} 已存在`);
  else fail('创建数据库', created);

  const sec = await call(conn, 'PUT', `${db}/_security`, securityObject());
  if (sec.status >= 300) fail('设置 _security', sec);
  done.push(`_security：成员角色 ${REVIEWER_ROLE}，管理员角色 ${LEAD_ROLE}`);

  const current = await call(conn, 'GET', `${db}/${DESIGN_ID}`);
  const prev =
    current.status === 200
      ? (current.json as { _rev?: string; guishen?: { shareTexts?: boolean } })
      : null;
  const share = options.shareTexts ?? prev?.guishen?.shareTexts ?? false;
  const doc = { ...designDoc(share), ...(prev?._rev ? { _rev: prev._rev } : {}) };
  const put = await call(conn, 'PUT', `${db}/${DESIGN_ID}`, doc);
  if (put.status >= 300) fail('写入设计文档', put);
  done.push(`设计文档 ${DESIGN_ID}（validate_doc_update；草稿文本共享：${share ? '开' : '关'}）`);
  return done;
}

/** Add a user with the reviewer (or lead) role, or set an existing user's password and role. */
export async function addUser(
  conn: AdminConnection,
  name: string,
  password: string,
  role: typeof REVIEWER_ROLE | typeof LEAD_ROLE = REVIEWER_ROLE,
): Promise<string> {
  if (!/^[^_:][^:]{0,99}$/.test(name))
    throw new Error(`用户名“${name}”不可用（不能以 _ 开头，不能含冒号）`);
  if (password.length < 8) throw new Error('密码至少 8 个字符');
  const url = `${serverRoot(conn.url)}_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  const current = await call(conn, 'GET', url);
  const prev = current.status === 200 ? (current.json as { _rev: string; roles?: string[] }) : null;
  const roles = [...new Set([...(prev?.roles ?? []), role])];
  const put = await call(conn, 'PUT', url, {
    ...(prev ?? {}),
    _id: `org.couchdb.user:${name}`,
    name,
    type: 'user',
    roles,
    password,
  });
  if (put.status >= 300) fail(`保存用户 ${name} `, put);
  return `${prev ? '已更新' : '已添加'}用户 ${name}（角色 ${roles.join('、')}）`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<void> {
  const url = argv.find((a) => !a.startsWith('--') && /^https?:\/\//.test(a));
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!url)
    throw new Error(
      '用法：npm run office:setup -- <数据库地址> [--reviewer 用户名 | --lead 用户名] [--share-texts on|off]',
    );
  const user = process.env.COUCHDB_USER;
  const password = process.env.COUCHDB_PASSWORD;
  if (!user || !password)
    throw new Error('请在环境变量 COUCHDB_USER 和 COUCHDB_PASSWORD 中给出服务器管理员账号');
  const conn = { url, user, password };
  const share = flag('--share-texts');
  for (const line of await setupOffice(conn, share ? { shareTexts: share === 'on' } : {}))
    console.log(line);
  const reviewer = flag('--reviewer');
  const lead = flag('--lead');
  const name = reviewer ?? lead;
  if (name) {
    if (process.stdin.isTTY) process.stderr.write(`请输入 ${name} 的密码，回车后按 Ctrl-D：`);
    console.log(await addUser(conn, name, await readStdin(), lead ? LEAD_ROLE : REVIEWER_ROLE));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`office:setup：${(e as Error).message}`);
    process.exit(1);
  });
}
