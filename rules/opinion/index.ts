/**
 * The written opinion (合法性审查意见书) drafted from a review: pure, so the side panel, the
 * options page, the CLI and the tests build the same document.
 *
 * What goes in, in the order a reviewer writes it: the header (文件名称, 起草单位, 收到日期,
 * 审查机构), an opening paragraph, 审查依据 (the higher law the accepted findings cite, then the
 * rule packs used), one numbered 审查意见 item per accepted finding (where, what is wrong, the
 * basis, the 修改建议), the manual checklist items the reviewer marked, the 公平竞争审查
 * conclusion where the text concerns business, the 结论, and the reviewer block. Dismissed
 * findings stay out; with nothing to say the items section says 未发现问题 and the structure
 * stays.
 */
import { citationOf } from '../basis';
import { clauseRefIn, findingKey } from '../clauses';
import { competitionException, competitionScope, isCompetitionItem } from '../competition';
import { segmentClauses } from '../segment';
import {
  OPINION_LIMITS,
  OpinionSchema,
  type ChecklistResult,
  type Finding,
  type Opinion,
  type OpinionConclusion,
  type OpinionItem,
} from '../schema';

export { opinionPlainText, opinionSummary } from './text';

/** The document's 公平竞争审查 as the reviewer recorded it (lib/entities CompetitionReview). */
export interface OpinionCompetition {
  concerns: boolean | null;
  conclusion: '符合' | '不符合' | '适用例外' | null;
  exception?: string;
}

/** Everything an opinion is built from. */
export interface OpinionInput {
  /** The findings of the review (a stored finding may carry `dismissed`). */
  findings: readonly (Finding & { dismissed?: string })[];
  /** The reviewed text: article/款/项 references are read from it ('' when not kept). */
  text: string;
  /** The checklist of the report (absent for a stored record: it keeps none). */
  checklist?: readonly ChecklistResult[];
  /** The packs that produced the findings. */
  packs: readonly { id: string; version: string }[];
  /** Pack names by id (「国家规定」), for 审查依据; the id is used when a name is missing. */
  packNames?: Readonly<Record<string, string>>;
  /** Reasons of dismissed findings by `findingKey` (the side panel's state). */
  dismissed?: Readonly<Record<string, string>>;
  /** Manual checklist ticks by item id. */
  manual?: Readonly<Record<string, boolean>>;
  competition?: OpinionCompetition | undefined;
  /**
   * Where an offset is in a file (「第 3 页第 12 行」, 「第 12 段」) when the text came from a
   * .docx/.pdf/.ofd and no article holds the finding; '' for none.
   */
  locate?: (offset: number) => string;
  /** Also turn `info` findings into items (default: errors and warnings, the ones to act on). */
  includeInfo?: boolean;
  /** The header and the reviewer block. */
  docTitle: string;
  drafter?: string;
  receivedDate?: string | null;
  office?: string;
  reviewer?: string;
  /** The conclusion; default proposed from the items (修改后通过 with items, else 通过). */
  conclusion?: OpinionConclusion;
  /** The opinion's date, YYYY-MM-DD. */
  date: string;
}

// The engine's messages often end with the quote (「…：「罚款」」); the item quotes it itself.
const QUOTE_TAIL_RE = /[：:]\s*「[^「」]*」\s*$/;

/** Flattens whitespace and clips to `max` characters (an ellipsis marks the cut). */
export function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * What 审查依据 lists of a citation: its 《…》 titles; else the 发文字号 it starts with
 * (「国办发〔2018〕37号 （一）…」 → 国办发〔2018〕37号); else the citation without its article.
 */
export function lawsOf(citation: string): string[] {
  const titles = [...citation.matchAll(/《[^《》]{1,200}》/g)].map((m) => m[0]);
  if (titles.length) return titles;
  const number = /^[\u4e00-\u9fa5A-Za-z]{1,20}〔\d{4}〕\d{1,4}号/.exec(citation.trim());
  if (number) return [number[0]];
  return [citation.replace(/\s*第[一二三四五六七八九十百零〇\d.]+[条款项章节].*$/, '').trim()];
}

const CONCLUSION_TEXT: Record<OpinionConclusion, string> = {
  通过: '经审查，未发现该文件存在合法性问题，同意按程序印发。',
  修改后通过: '经审查，该文件存在上述问题，建议按照本审查意见修改完善后按程序印发。',
  不予通过:
    '经审查，该文件存在上述问题，不符合合法性要求，不予通过；请起草单位修改后重新报送审查。',
};

/** The default 结论 paragraph of a conclusion. */
export function conclusionText(c: OpinionConclusion): string {
  return CONCLUSION_TEXT[c];
}

/** The default opening paragraph from the header fields. */
export function introText(
  o: Pick<Opinion, 'docTitle' | 'drafter' | 'receivedDate' | 'office'>,
): string {
  const who = o.office || '本机关';
  const from = o.drafter || '起草单位';
  const when = o.receivedDate ? `${chineseDate(o.receivedDate)}` : '';
  // A title with 《…》 inside goes in 《…〈…〉…》 (GB/T 15834: the inner pair is single).
  const inner = o.docTitle
    .replace(/^《(.*)》$/, '$1')
    .replace(/《/g, '〈')
    .replace(/》/g, '〉');
  const title = inner ? `《${inner}》` : '该文件';
  return `${who}${when ? `于${when}` : ''}收到${from}报送的${title}，依据有关法律、法规、规章和规定进行了合法性审查，现提出审查意见如下：`;
}

/** 2026-12-06 → 2026年12月6日 (as an official document dates itself). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

const COMPETITION_TEXT: Record<NonNullable<OpinionCompetition['conclusion']>, string> = {
  符合: '经公平竞争审查，未发现违反公平竞争审查标准的内容，符合公平竞争审查要求。',
  不符合:
    '经公平竞争审查，文件存在排除、限制竞争的内容，不符合公平竞争审查要求，应当修改或者删除相关内容。',
  适用例外:
    '经公平竞争审查，文件存在限制竞争的内容，但符合《公平竞争审查条例》第十二条规定的例外情形，可以出台。',
};

/** The 公平竞争审查 paragraph, or null when the text does not concern business. */
function competitionParagraph(input: OpinionInput, findings: readonly Finding[]): string | null {
  const scope = competitionScope(findings);
  const c = input.competition;
  const concerns = c?.concerns ?? scope !== null;
  if (!concerns) return null;
  const head = scope ? `该文件涉及${scope}等经营者经济活动。` : '该文件涉及经营者经济活动。';
  if (!c?.conclusion) {
    const exc = competitionException(findings);
    return `${head}公平竞争审查尚未作出结论${exc && !exc.complete ? `（${clip(exc.message, 200)}）` : ''}，请起草单位按照《公平竞争审查条例》的规定进行公平竞争审查并作出结论。`;
  }
  const exception =
    c.conclusion === '适用例外' && c.exception ? `例外情形：${clip(c.exception, 1000)}。` : '';
  return `${head}${COMPETITION_TEXT[c.conclusion]}${exception}`;
}

/** The place of a finding: its article, 款 and 项, else its location in the file. */
function placeOf(
  clauses: ReturnType<typeof segmentClauses>,
  input: OpinionInput,
  offset: number,
): string {
  return clauseRefIn(clauses, offset)?.text ?? input.locate?.(offset) ?? '';
}

/** The numbered items: one per accepted finding, same rule + place + problem merged. */
function findingItems(input: OpinionInput): { items: OpinionItem[]; bases: string[] } {
  const dismissed = input.dismissed ?? {};
  const clauses = segmentClauses(input.text);
  const accepted = input.findings
    .filter(
      (f) =>
        f.dismissed === undefined &&
        dismissed[findingKey(f)] === undefined &&
        (f.severity !== 'info' || input.includeInfo) &&
        // Competition scope/exception notes feed the 公平竞争审查 paragraph, not an item.
        !/\/FC-(SCOPE|EXCEPTION)$/.test(f.ruleId),
    )
    .sort((a, b) => a.range.start - b.range.start);
  const byKey = new Map<string, OpinionItem & { quotes: string[] }>();
  const bases: string[] = [];
  for (const f of accepted) {
    const place = clip(placeOf(clauses, input, f.range.start), OPINION_LIMITS.short);
    const problem = clip(f.message.replace(QUOTE_TAIL_RE, ''), OPINION_LIMITS.text);
    const basis = clip(citationOf(f), 1000);
    for (const law of basis ? lawsOf(basis) : []) if (law && !bases.includes(law)) bases.push(law);
    const key = `${place}|${f.ruleId}|${problem}`;
    const quote = clip(f.anchor.exact, 40);
    const seen = byKey.get(key);
    if (seen) {
      if (quote && !seen.quotes.includes(quote) && seen.quotes.length < 3) seen.quotes.push(quote);
      continue;
    }
    byKey.set(key, {
      id: `f${byKey.size + 1}`,
      source: 'finding',
      ruleId: f.ruleId,
      findingKey: findingKey(f).slice(0, 400),
      severity: f.severity,
      place,
      quote: '',
      quotes: quote ? [quote] : [],
      problem,
      basis,
      suggestion: clip(f.suggestion ?? '', OPINION_LIMITS.text),
    });
  }
  const items = [...byKey.values()].slice(0, OPINION_LIMITS.items).map(({ quotes, ...it }) => ({
    ...it,
    quote: clip(quotes.map((q) => `「${q}」`).join(''), OPINION_LIMITS.short),
  }));
  return { items, bases };
}

/**
 * The manual (and 待核实) checklist items the reviewer marked as checked, as 「组·项」 labels;
 * the 公平竞争 items go into their own paragraph.
 */
function checkedItems(input: OpinionInput): string[] {
  const manual = input.manual ?? {};
  return (input.checklist ?? [])
    .filter(
      (i) =>
        !isCompetitionItem(i) &&
        (i.status === 'manual' || i.status === 'review' || i.status === 'unknown') &&
        manual[i.id] === true,
    )
    .map((i) => clip(`${i.group}：${i.label}`, OPINION_LIMITS.short));
}

/**
 * The opinion for a review. Pure and deterministic (item ids are their order, `f1`, `f2` …).
 * The result always parses with `OpinionSchema`: long quotes, messages and titles are clipped
 * to its limits.
 */
export function buildOpinion(input: OpinionInput): Opinion {
  const { items, bases } = findingItems(input);
  const packNames = input.packNames ?? {};
  const packLine = input.packs.length
    ? `规审规则包：${input.packs.map((p) => `${packNames[p.id] ?? p.id}（${p.id} ${p.version}）`).join('、')}`
    : '';
  const conclusion: OpinionConclusion = input.conclusion ?? (items.length ? '修改后通过' : '通过');
  const header = {
    docTitle: clip(input.docTitle, 500),
    drafter: clip(input.drafter ?? '', OPINION_LIMITS.short),
    receivedDate: input.receivedDate ?? null,
    office: clip(input.office ?? '', OPINION_LIMITS.short),
  };
  const opinion: Opinion = {
    format: 1,
    ...header,
    intro: introText(header),
    bases: [
      ...bases.slice(0, OPINION_LIMITS.bases - 1),
      ...(packLine ? [clip(packLine, 1000)] : []),
    ],
    packs: input.packs.slice(0, 100).map((p) => ({ id: p.id, version: p.version })),
    items,
    checked: checkedItems(input).slice(0, 200),
    competition: competitionParagraph(
      input,
      input.findings.filter((f) => f.dismissed === undefined),
    ),
    conclusion,
    conclusionText: conclusionText(conclusion),
    remarks: '',
    reviewer: clip(input.reviewer ?? '', OPINION_LIMITS.short),
    date: input.date,
  };
  return OpinionSchema.parse(opinion);
}

/**
 * A new conclusion for an edited opinion: the 结论 paragraph follows unless the reviewer
 * rewrote it (it no longer equals the old conclusion's default text).
 */
export function withConclusion(o: Opinion, conclusion: OpinionConclusion): Opinion {
  const rewritten = o.conclusionText !== conclusionText(o.conclusion);
  return {
    ...o,
    conclusion,
    conclusionText: rewritten ? o.conclusionText : conclusionText(conclusion),
  };
}

/** Moves item `from` to position `to` (both 0-based, clamped); a new array. */
export function moveItem(items: readonly OpinionItem[], from: number, to: number): OpinionItem[] {
  const out = [...items];
  if (from < 0 || from >= out.length) return out;
  const [it] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, it!);
  return out;
}

/** A new, empty item written by the reviewer, with an id not used in `items`. */
export function newItem(items: readonly OpinionItem[]): OpinionItem {
  let n = items.length + 1;
  while (items.some((i) => i.id === `m${n}`)) n++;
  return {
    id: `m${n}`,
    source: 'manual',
    place: '',
    quote: '',
    problem: '',
    basis: '',
    suggestion: '',
  };
}
