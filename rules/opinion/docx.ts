/**
 * The written opinion as a Word document (.docx), in the usual layout of an official document
 * (GB/T 9704-2012 党政机关公文格式): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right
 * 26 mm; the title in a 小标宋-style face at 二号 (22 pt), centred; the body in 仿宋 at 三号
 * (16 pt) with a fixed 28.95 pt line (22 lines to the page), first lines indented two
 * characters; section headings in 黑体; the numbered items; the reviewer block right-aligned.
 *
 * Built with the `docx` package, which escapes every text it is given: nothing the page or the
 * reviewer typed becomes markup. Characters XML 1.0 cannot carry (control characters, lone
 * surrogates, U+FFFE/U+FFFF) are removed first, because Word refuses a file that has them.
 * Pure (no browser or Node APIs): the side panel, the options page and the CLI share it.
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import type { Opinion } from '../schema';
import { OPINION_TITLE, headerLines, opinionSections, signatureLines } from './text';

/** Fonts as official templates name them; Word, WPS and LibreOffice substitute when absent. */
export const OPINION_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  latin: 'Times New Roman',
} as const;

/** Sizes in half-points: 二号 22 pt, 三号 16 pt. */
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
/** Fixed line pitch of 28.95 pt (22 lines on a GB/T 9704 page), in twips. */
const LINE = 579;
/** Millimetres to twips, rounded (A4 is 11906 × 16838 twips, as Word writes it). */
const mm = (x: number) => Math.round((x * 1440) / 25.4);
/** Two 三号 characters. */
const INDENT = 640;

// Characters not allowed in XML 1.0 (besides tab, LF and CR) and lone surrogates.
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters XML 1.0 cannot carry. */
export function xmlSafe(s: string): string {
  return s.replace(XML_INVALID, '');
}

/**
 * A file name for the opinion of a document: the document's name without what file systems
 * refuse (\ / : * ? " < > | and control characters), trimmed, at most 80 characters, then
 * `.审查意见书.docx`.
 */
export function opinionFileName(name: string): string {
  const base =
    xmlSafe(name)
      .replace(/\.(html?|txt|docx?|pdf|ofd|wps)$/i, '')
      .replace(/[\\/:*?"<>|\u0000-\u001F\u007F]+/g, '_')
      .replace(/\s+/g, ' ')
      .replace(/^[\s._]+|[\s._]+$/g, '')
      .slice(0, 80)
      .trim() || '未命名文件';
  return `${base}.审查意见书.docx`;
}

const run = (text: string, font: string, size = BODY_SIZE, bold = false) =>
  new TextRun({
    text: xmlSafe(text),
    size,
    bold,
    font: { ascii: OPINION_FONTS.latin, hAnsi: OPINION_FONTS.latin, eastAsia: font },
  });

const body = (text: string, opts: { indent?: boolean; align?: 'right' | 'left' } = {}) =>
  new Paragraph({
    children: [run(text, OPINION_FONTS.body)],
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    ...(opts.indent !== false ? { indent: { firstLine: INDENT } } : {}),
    ...(opts.align === 'right' ? { alignment: AlignmentType.RIGHT } : {}),
  });

/** The paragraphs of the document, in order (title, header, intro, sections, reviewer block). */
function paragraphs(o: Opinion): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({
      children: [run(OPINION_TITLE, OPINION_FONTS.title, TITLE_SIZE)],
      alignment: AlignmentType.CENTER,
      spacing: { line: LINE * 2, lineRule: LineRuleType.EXACT },
    }),
  ];
  for (const h of headerLines(o)) out.push(body(h, { indent: false }));
  out.push(body(o.intro));
  for (const s of opinionSections(o)) {
    out.push(
      new Paragraph({
        children: [run(s.heading, OPINION_FONTS.heading)],
        spacing: { line: LINE, lineRule: LineRuleType.EXACT },
        indent: { firstLine: INDENT },
      }),
    );
    s.paragraphs.forEach((p, i) => out.push(body(s.numbered ? `${i + 1}. ${p}` : p)));
  }
  // The reviewer block: a blank line, then right-aligned (four characters from the margin).
  out.push(body('', { indent: false }));
  for (const line of signatureLines(o))
    out.push(
      new Paragraph({
        children: [run(line, OPINION_FONTS.body)],
        alignment: AlignmentType.RIGHT,
        spacing: { line: LINE, lineRule: LineRuleType.EXACT },
        indent: { right: INDENT * 2 },
      }),
    );
  return out;
}

/** The opinion as a `docx` Document (A4, GB/T 9704 margins). */
export function opinionDocument(o: Opinion): Document {
  return new Document({
    creator: '规审 Guishen',
    title: xmlSafe(`${OPINION_TITLE}：${o.docTitle}`).slice(0, 200),
    styles: {
      default: {
        document: {
          run: {
            size: BODY_SIZE,
            font: {
              ascii: OPINION_FONTS.latin,
              hAnsi: OPINION_FONTS.latin,
              eastAsia: OPINION_FONTS.body,
            },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
            },
          },
        },
        children: paragraphs(o),
      },
    ],
  });
}

/** The .docx bytes of an opinion. */
export async function opinionDocx(o: Opinion): Promise<Uint8Array> {
  return Packer.pack(opinionDocument(o), 'uint8array');
}

/** The MIME type of a .docx. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
