/**
 * What the reader does not see or does not read: tags never entered, page chrome by tag, role,
 * class/id or first words (soft boilerplate, decided when its size is known), hidden
 * attributes and the host's costly hidden check.
 */
import { F_PHRASE_CHECK, F_SOFT, type Tree } from './tree';
import type { TreeAdapter } from './types';

/** Never entered: cannot hold document text a reviewer reads. */
export const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'textarea',
  'button',
  'input',
  'option',
  'optgroup',
  'datalist',
  'map',
  'link',
  'head',
  'title',
  'meta',
  'base',
  'dialog',
]);

/** Never entered: navigation and page chrome by tag. `header` is soft (article headers). */
export const HARD_BOILER_TAGS = new Set(['nav', 'aside', 'footer', 'menu']);
export const HARD_ROLES = new Set(['navigation', 'search', 'menu', 'menubar', 'complementary']);

/** id/class values of the main-content containers of common CMSs (TRS, Hanweb, UCAP, …). */
export const KNOWN_MAIN_RE =
  /(?:^|[\s_-])(?:zoom|fontzoom|trs_editor|ucap-content|article[-_]?content|articlecontent|article[-_]?body|pages?_content|main[-_]?content|news[-_]?content|content|contents|zw|zwnr|wzcon|detail|details|view|xxgk_content|text|txt|conTxt|mainText|bt_content)(?:$|[\s_-])/i;

/** id/class of page chrome. Soft: overruled when the element turns out to hold prose. */
export const SOFT_BOILER_RE =
  /(?:^|[\s_-])(?:nav|navbar|menu|menus|breadcrumbs?|crumbs?|footer|foot|header|head|topbar|toolbar|share|sharebox|sidebar|side|aside|copyright|related|relate|comments?|pager|pagination|location|position|dqwz|weizhi|mianbao|fenxiang|print|tools?|friendlink|search|login|banner|bottom|ad|ads|advert)(?:$|[\s_-])|breadcrumb|bdshare|jiathis|fenxiang|copyright|sharebutton|social/i;

/** First words of widgets and page chrome, for small blocks only. */
export const BOILER_PHRASE_RE =
  /^(?:分享到|分享：|当前位置|您(?:现在)?的位置|您所在(?:的)?位置|所在位置|位置[：:]|首页\s*[>＞»›]|打印本页|【\s*打印|\[\s*打印|打印\s*[|｜]|关闭窗口|【\s*关闭|返回顶部|扫一扫|【\s*字[体号]|\[\s*字[体号]|字[体号][：:]\s*[大中小]|上一篇|下一篇|相关链接|相关文章|相关阅读|相关信息|友情链接|网站地图|(?:免责)?声明[：:]\s*本(?:站|网))/;

export function classId<N>(adapter: TreeAdapter<N>, n: N): string {
  const c = adapter.attr(n, 'class');
  const i = adapter.attr(n, 'id');
  if (c && i) return `${i} ${c}`;
  return c || i || '';
}

export function attrHidden<N>(adapter: TreeAdapter<N>, n: N): boolean {
  if (adapter.attr(n, 'hidden') !== null) return true;
  if (adapter.attr(n, 'aria-hidden') === 'true') return true;
  const style = adapter.attr(n, 'style');
  return !!style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Whether element `i`, finished with its current figures, is boilerplate (see the walk). */
export function decideBoiler<N>(t: Tree<N>, i: number): boolean {
  const fl = t.flags[i];
  if (!(fl & (F_SOFT | F_PHRASE_CHECK))) return false;
  const proseLike = t.textLen[i] >= 300 && t.prose[i] >= 5;
  if (fl & F_SOFT && !proseLike) return true;
  return !!(fl & F_PHRASE_CHECK && t.textLen[i] <= 80 && BOILER_PHRASE_RE.test(t.firstText[i]));
}

export function safeHidden<N>(adapter: TreeAdapter<N>, n: N): boolean {
  try {
    return !!adapter.hidden?.(n);
  } catch {
    return false;
  }
}
