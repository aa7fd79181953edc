/**
 * Talking to the office's CouchDB: which URLs are allowed, the cookie session (`_session`),
 * and the 连接测试 that says precisely what is wrong.
 *
 * Every request goes through `sessionFetch`: it logs in with CouchDB's cookie session (the
 * browser keeps the `AuthSession` cookie for the office origin; the password itself is only
 * sent to `_session`), logs in again once when the session expired, and refuses redirects —
 * so no host other than the office's is ever contacted.
 */
import { isLoopbackHost } from '../net';

/** An office connection problem, with a Chinese message the UI shows as it is. */
export class OfficeError extends Error {
  constructor(
    readonly code:
      | 'bad-url'
      | 'insecure'
      | 'unreachable'
      | 'not-couchdb'
      | 'html'
      | 'redirect'
      | 'wrong-password'
      | 'no-access'
      | 'no-database'
      | 'not-set-up'
      | 'server',
    message: string,
  ) {
    super(message);
  }
}

/** The server root of a database URL (the URL minus its last path segment), with a final /. */
export function serverRoot(dbUrl: string): string {
  const u = new URL(dbUrl);
  u.pathname = u.pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '/');
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * Check and normalise a database URL: https, or http on a loopback address (tests) or on a
 * host the office's managed policy lists (intranets often run plain HTTP; the UI then shows a
 * permanent warning). Returns the URL without a final slash and whether it is plain HTTP.
 */
export function checkOfficeUrl(
  input: string,
  httpHosts: readonly string[] = [],
): { url: string; origin: string; database: string; plainHttp: boolean } {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new OfficeError('bad-url', `“${input.slice(0, 100)}”不是有效的网址`);
  }
  if (u.username || u.password)
    throw new OfficeError('bad-url', '网址中不能包含用户名或密码，请填在下面的用户名和密码栏');
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new OfficeError('bad-url', '数据库地址应以 https:// 开头');
  const database = decodeURIComponent(u.pathname.replace(/\/+$/, '').split('/').pop() ?? '');
  if (!database || u.search || u.hash)
    throw new OfficeError(
      'bad-url',
      '网址应指向一个数据库，例如 https://couchdb.example.gov.cn/guishen-log（不带 ? 和 #）',
    );
  const plainHttp = u.protocol === 'http:';
  if (plainHttp && !isLoopbackHost(u.hostname) && !httpHosts.includes(u.hostname))
    throw new OfficeError(
      'insecure',
      `只允许 https 地址：${u.host} 使用不加密的 http，密码和审查记录会以明文传输。若单位内网只能用 http，请由管理员在策略中列出该主机`,
    );
  return { url: u.toString().replace(/\/+$/, ''), origin: u.origin, database, plainHttp };
}

/** A fetch that carries the CouchDB session and logs in again when it expired. */
export type SessionFetch = typeof fetch & { login(): Promise<void> };

/**
 * @param base the `fetch` to use (the global one in the extension; tests pass theirs).
 * Where `Set-Cookie` can be read (Node, the tests) the cookie is carried here; in the browser
 * it cannot be read and the browser's cookie store carries it (`credentials: 'include'`).
 */
export function sessionFetch(
  dbUrl: string,
  user: string,
  password: () => Promise<string>,
  base: typeof fetch = fetch,
): SessionFetch {
  const root = serverRoot(dbUrl);
  let cookie: string | undefined;
  const raw = async (url: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    let res: Response;
    try {
      res = await base(url, { ...init, headers, credentials: 'include', redirect: 'manual' });
    } catch (e) {
      throw new OfficeError(
        'unreachable',
        `无法连接 ${new URL(root).host}：服务器没有应答（地址错误、服务器未启动、网络不通，或证书不受信任）。${(e as Error).message ?? ''}`.trim(),
      );
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400))
      throw new OfficeError(
        'redirect',
        `服务器把请求转到了别的地址（HTTP ${res.status || 302}），规审不跟随转向，只连接设置的服务器`,
      );
    const set = res.headers.get('set-cookie');
    const m = set && /AuthSession=[^;]*/.exec(set);
    if (m) cookie = m[0];
    return res;
  };
  const login = async () => {
    const res = await raw(`${root}_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: user, password: await password() }),
    });
    if (res.status === 401)
      throw new OfficeError('wrong-password', `用户名“${user}”或密码错误（服务器拒绝登录）`);
    await readJson(res, '登录');
    if (!res.ok) throw new OfficeError('server', `登录失败（HTTP ${res.status}）`);
  };
  const f = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const res = await raw(url, init);
    if (res.status !== 401) return res;
    await login();
    return raw(url, init);
  }) as SessionFetch;
  f.login = login;
  return f;
}

/** The JSON body of a CouchDB answer, or the precise reason it is not one. */
export async function readJson(res: Response, what: string): Promise<Record<string, unknown>> {
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (/html/i.test(type) || /^\s*</.test(text))
    throw new OfficeError(
      'html',
      `${what}时服务器返回的是网页（HTTP ${res.status}），不是 CouchDB 的应答：地址可能指向登录门户、代理或其他网站`,
    );
  try {
    const json = JSON.parse(text);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json;
  } catch {
    /* below */
  }
  throw new OfficeError(
    'not-couchdb',
    `${what}时服务器的应答不是 CouchDB 的格式（HTTP ${res.status}${text.length ? '' : '，应答为空'}）`,
  );
}

/** What a successful 连接测试 learned. */
export interface ConnectionInfo {
  url: string;
  origin: string;
  database: string;
  plainHttp: boolean;
  /** The server's name and version (CouchDB 3.3.3 …). */
  server: string;
  shareTexts: boolean;
  lead: boolean;
  /** Records in the database now. */
  docCount: number;
}

/**
 * 连接测试: the server answers as a CouchDB, the user logs in, is a member of the database,
 * and the database was set up by `office:setup` (its design document). Throws `OfficeError`.
 */
export async function testConnection(
  input: string,
  user: string,
  password: string,
  base: typeof fetch = fetch,
  httpHosts: readonly string[] = [],
): Promise<ConnectionInfo> {
  const target = checkOfficeUrl(input, httpHosts);
  if (!user.trim()) throw new OfficeError('bad-url', '请填写用户名');
  const f = sessionFetch(target.url, user.trim(), async () => password, base);
  const root = serverRoot(target.url);
  const welcome = await readJson(
    await f(root, { headers: { accept: 'application/json' } }),
    '连接服务器',
  );
  if (typeof welcome.version !== 'string' || typeof welcome.vendor !== 'object')
    throw new OfficeError(
      'not-couchdb',
      `${target.origin} 不是 CouchDB 服务器（应答中没有 CouchDB 的版本信息）`,
    );
  const vendor = welcome.vendor as { name?: unknown };
  await f.login();
  const session = await readJson(await f(`${root}_session`), '读取登录信息');
  const roles = ((session.userCtx as { roles?: unknown })?.roles ?? []) as string[];
  const dbRes = await f(target.url, { headers: { accept: 'application/json' } });
  const info = await readJson(dbRes, '打开数据库');
  if (dbRes.status === 401 || dbRes.status === 403)
    throw new OfficeError(
      'no-access',
      `账号“${user}”无权访问数据库“${target.database}”（不是该数据库的成员，请负责人用 office:setup --reviewer 添加）`,
    );
  if (dbRes.status === 404)
    throw new OfficeError(
      'no-database',
      `服务器上没有数据库“${target.database}”（请负责人先运行 npm run office:setup）`,
    );
  if (!dbRes.ok)
    throw new OfficeError(
      'server',
      `打开数据库失败（HTTP ${dbRes.status}）：${String(info.reason ?? '')}`,
    );
  const ddocRes = await f(`${target.url}/_design/guishen`, {
    headers: { accept: 'application/json' },
  });
  const ddoc = await readJson(ddocRes, '读取设计文档');
  if (ddocRes.status === 404)
    throw new OfficeError(
      'not-set-up',
      `数据库“${target.database}”不是规审的办公室日志（没有 _design/guishen 设计文档，请负责人运行 npm run office:setup）`,
    );
  const share = (ddoc.guishen as { shareTexts?: unknown } | undefined)?.shareTexts === true;
  return {
    ...target,
    server: `${String(vendor?.name ?? 'CouchDB')} ${welcome.version}`,
    shareTexts: share,
    lead: roles.includes('guishen-lead') || roles.includes('_admin'),
    docCount: typeof info.doc_count === 'number' ? info.doc_count : 0,
  };
}
