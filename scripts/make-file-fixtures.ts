/**
 * Makes the file fixtures (tests/fixtures/files/) from the project's own authored texts:
 *
 *   npx tsx scripts/make-file-fixtures.ts            # .ofd and the hand-built .docx only
 *   npx tsx scripts/make-file-fixtures.ts --office   # also .docx/.pdf through LibreOffice
 *
 * - .docx and .pdf as a real editor writes them: each text becomes an OpenDocument file
 *   (title centred in 2号 type, body in 3号 with a two-character indent, tables, a running
 *   header and 「— N —」 page numbers in the footer) and LibreOffice (headless, `soffice`)
 *   saves it as Word and PDF. Run once; the small binaries are committed, so CI needs no
 *   LibreOffice.
 * - .ofd from a small generator here (GB/T 33190 structure: OFD.xml, Document.xml, one
 *   Content.xml per page with positioned TextCodes, a page number on each page).
 * - revisions.docx: WordprocessingML written by hand with tracked changes (w:ins/w:del),
 *   a comment and automatic 「第%1条」 numbering, the cases an editor's file carries.
 *
 * The texts: seed pages of the golden corpus (their extracted text) and the authored draft
 * tests/fixtures/files/src/tj-ddc-zqyjg.txt, which is also the demo portal's attachment
 * (seeds/documents/attach/2026/).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { modelFromHtml } from '../rules/model';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'tests/fixtures/files');
const ATTACH = join(ROOT, 'seeds/documents/attach/2026');

/** The fixture texts: id → text (one paragraph a line; '\t' separates table cells). */
export function fixtureTexts(): Record<string, string> {
  const seed = (f: string) =>
    modelFromHtml(readFileSync(join(ROOT, 'seeds/documents', f), 'utf8')).text;
  return {
    'road-excavation': seed('d-tingjiang-road-excavation-30d.html'),
    'innovation-voucher': seed('n-tingjiang-innovation-voucher-interim.html'),
    'dog-county-table': seed('d-xiyuan-dog-county-table.html'),
    'tj-ddc-zqyjg': readFileSync(join(OUT, 'src/tj-ddc-zqyjg.txt'), 'utf8').trim(),
  };
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Runs of spaces as ODF requires (a full-width space is an ordinary character). */
const odfText = (s: string) =>
  esc(s).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`);

/** Which lines are the title (centred, large): the first line and a 「（征求意见稿）」 line. */
function isTitle(line: string, i: number, lines: string[]): boolean {
  if (i === 0) return true;
  if (/^[（(](?:征求意见稿|送审稿|草案)[）)]$/.test(line.trim())) return true;
  // The title of a forwarded or attached document: a short line followed by 第一条 or 「（征求意见稿）」.
  const next = lines[i + 1] ?? '';
  return (
    line.length <= 40 &&
    !/[。；，：]/.test(line) &&
    (/^(?:第一条|一、)/.test(next) || /^[（(]征求意见稿[）)]$/.test(next.trim()))
  );
}

const isClosing = (line: string) =>
  /^\d{4}年\d{1,2}月\d{1,2}日$/.test(line.trim()) ||
  (/(?:局|政府|办公室|委员会)$/.test(line.trim()) && line.length <= 20);

/** An OpenDocument (flat XML) text of the lines, as a 公文 is set. */
export function fodt(lines: string[], header: string): string {
  const body: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes('\t')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.includes('\t')) rows.push(lines[i++]!.split('\t'));
      i--;
      const cols = Math.max(...rows.map((r) => r.length));
      body.push(
        `<table:table table:name="表${i}" table:style-name="Tbl"><table:table-column table:number-columns-repeated="${cols}"/>` +
          rows
            .map(
              (r) =>
                '<table:table-row>' +
                Array.from(
                  { length: cols },
                  (_, k) =>
                    `<table:table-cell office:value-type="string"><text:p text:style-name="Cell">${odfText(r[k] ?? '')}</text:p></table:table-cell>`,
                ).join('') +
                '</table:table-row>',
            )
            .join('') +
          '</table:table>',
      );
      continue;
    }
    const style = isTitle(line, i, lines) ? 'Title1' : isClosing(line) ? 'Right' : 'Body';
    body.push(`<text:p text:style-name="${style}">${odfText(line)}</text:p>`);
  }
  const font = 'WenQuanYi Micro Hei';
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="${font}" svg:font-family="'${font}'"/></office:font-face-decls>
<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:line-height="150%" style:punctuation-wrap="simple"/><style:text-properties style:font-name="${font}" fo:font-size="16pt" style:font-name-asian="${font}" style:font-size-asian="16pt"/></style:style>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/></style:style>
<style:style style:name="Title1" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Right" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end" fo:margin-right="32pt"/></style:style>
<style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:line-height="120%"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
<style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties style:font-name="${font}" fo:font-size="10.5pt" style:font-name-asian="${font}" style:font-size-asian="10.5pt"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties style:font-name="${font}" fo:font-size="14pt" style:font-name-asian="${font}" style:font-size-asian="14pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2.5cm" fo:margin-bottom="2.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/><style:header-style><style:header-footer-properties fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="15.6cm" table:align="center"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"><style:header><text:p text:style-name="Header">${esc(header)}</text:p></style:header><style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
${body.join('\n')}
</office:text></office:body></office:document>
`;
}

/** An OFD package of the lines: A4 pages, 3号-sized text wrapped at 28 characters a line. */
export function ofd(lines: string[]): Uint8Array {
  const size = 5.6; // mm, about 16pt
  const lineGap = size * 1.6;
  const left = 28;
  const perLine = 28;
  const top = 37;
  const bottom = 297 - 35;
  const pages: string[][] = [[]];
  let y = top;
  let id = 10;
  const put = (text: string, x: number, yy: number, s = size) => {
    const chars = [...text];
    const dx = chars.length > 1 ? ` DeltaX="g ${chars.length - 1} ${s}"` : '';
    pages[pages.length - 1]!.push(
      `<ofd:TextObject ID="${id++}" Boundary="${x.toFixed(2)} ${(yy - s).toFixed(2)} ${(chars.length * s + 1).toFixed(2)} ${(s * 1.4).toFixed(2)}" Font="1" Size="${s}"><ofd:TextCode X="0" Y="${s.toFixed(2)}"${dx}>${esc(text)}</ofd:TextCode></ofd:TextObject>`,
    );
  };
  const newLine = () => {
    y += lineGap;
    if (y > bottom) {
      pages.push([]);
      y = top;
    }
  };
  lines.forEach((line, i) => {
    const chars = [...line.replace(/\t/g, '　')];
    if (isTitle(line, i, lines)) {
      // A long title is set over centred lines of at most 20 characters.
      const s = 7.7;
      for (let k = 0; k < chars.length; k += 20) {
        const part = chars.slice(k, k + 20);
        put(part.join(''), 105 - (part.length * s) / 2, y, s);
        newLine();
      }
      return;
    }
    if (isClosing(line)) {
      put(line, 210 - 26 - 11 - chars.length * size, y);
      newLine();
      return;
    }
    // Body: a two-character indent on the first line, then full lines at the margin. Latin
    // words and numbers are not broken (as a word processor sets them): the line breaks
    // before the word and is spread to the full measure (justified), as in print.
    let rest = chars;
    let first = true;
    while (rest.length) {
      const width = first ? perLine - 2 : perLine;
      let n = Math.min(width, rest.length);
      if (n < rest.length) {
        let k = n;
        while (k > 0 && /[A-Za-z0-9@._-]/.test(rest[k]!) && /[A-Za-z0-9@._-]/.test(rest[k - 1]!))
          k--;
        if (k > width / 2) n = k;
      }
      const part = rest.slice(0, n);
      const x0 = left + (first ? 2 * size : 0);
      const justify =
        n < rest.length && part.length > 1
          ? (width * size - part.length * size) / (part.length - 1)
          : 0;
      let x = x0;
      if (justify === 0) put(part.join(''), x0, y);
      else
        for (const ch of part) {
          put(ch, x, y);
          x += size + justify;
        }
      rest = rest.slice(n);
      first = false;
      newLine();
    }
  });
  const files: Record<string, Uint8Array> = {
    'OFD.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>guishen-fixture</ofd:DocID><ofd:Creator>guishen make-file-fixtures</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    ),
    'Doc_0/Document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:MaxUnitID>${id + 1}</ofd:MaxUnitID></ofd:CommonData><ofd:Pages>${pages.map((_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('')}</ofd:Pages></ofd:Document>`,
    ),
    'Doc_0/PublicRes.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`,
    ),
  };
  pages.forEach((objs, i) => {
    // The page number, as printed in a 公文's footer.
    const n = `— ${i + 1} —`;
    objs.push(
      `<ofd:TextObject ID="${id++}" Boundary="95 275 30 8" Font="1" Size="4.9"><ofd:TextCode X="0" Y="4.9" DeltaX="g ${[...n].length - 1} 2.8">${esc(n)}</ofd:TextCode></ofd:TextObject>`,
    );
    files[`Doc_0/Pages/Page_${i}/Content.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="${id++}">${objs.join('')}</ofd:Layer></ofd:Content></ofd:Page>`,
    );
  });
  return zipSync(files, { level: 6, mtime: new Date('2026-11-18T00:00:00Z') });
}

/** A minimal Word package around a document.xml body (and optional numbering, comments). */
export function docxPackage(parts: {
  body: string;
  numbering?: string;
  comments?: string;
}): Uint8Array {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${parts.body}</w:body></w:document>`,
    ),
  };
  if (parts.numbering)
    files['word/numbering.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}>${parts.numbering}</w:numbering>`,
    );
  if (parts.comments)
    files['word/comments.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:comments ${W}>${parts.comments}</w:comments>`,
    );
  return zipSync(files, { level: 6, mtime: new Date('2026-11-18T00:00:00Z') });
}

/** The tracked-changes fixture: what an office's file looks like after a round of 修订. */
function revisionsDocx(): Uint8Array {
  const p = (inner: string, num = false) =>
    `<w:p>${num ? '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' : ''}${inner}</w:p>`;
  const r = (t: string) => `<w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`;
  const ins = (t: string) =>
    `<w:ins w:id="1" w:author="法规科" w:date="2026-11-20T09:00:00Z">${r(t)}</w:ins>`;
  const del = (t: string) =>
    `<w:del w:id="2" w:author="法规科" w:date="2026-11-20T09:00:00Z"><w:r><w:delText xml:space="preserve">${esc(t)}</w:delText></w:r></w:del>`;
  const body = [
    p(r('汀江市城市道路挖掘修复管理办法')),
    p(r('（征求意见稿）')),
    p(
      r(
        '为了加强城市道路挖掘修复管理，保障城市道路完好和交通安全，根据《城市道路管理条例》等有关规定，结合本市实际，制定本办法。',
      ),
      true,
    ),
    p(r('本办法适用于本市城市规划区内城市道路的挖掘、修复及其监督管理。'), true),
    p(
      r('挖掘城市道路未经批准的，由市城市管理局') +
        del('处五千元罚款') +
        ins('依照《城市道路管理条例》第四十二条的规定处理') +
        r('。') +
        '<w:commentRangeStart w:id="0"/>' +
        '<w:r><w:commentReference w:id="0"/></w:r>',
      true,
    ),
    p(r('本办法由市城市管理局负责解释。'), true),
    p(r('本办法自') + del('发布之日') + ins('2027年3月1日') + r('起施行，有效期5年。'), true),
  ].join('');
  const numbering =
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>';
  const comments =
    '<w:comment w:id="0" w:author="法规科" w:date="2026-11-20T09:00:00Z"><w:p><w:r><w:t>规范性文件不得设定罚款，已改为引用条例。</w:t></w:r></w:p></w:comment>';
  return docxPackage({ body, numbering, comments });
}

function main(): void {
  const office = process.argv.includes('--office');
  mkdirSync(OUT, { recursive: true });
  mkdirSync(ATTACH, { recursive: true });
  const texts = fixtureTexts();
  const work = mkdtempSync(join(tmpdir(), 'guishen-fixtures-'));
  for (const [id, text] of Object.entries(texts)) {
    const lines = text.split('\n').filter((l) => l.trim());
    writeFileSync(join(OUT, `${id}.txt`), lines.join('\n') + '\n');
    writeFileSync(join(OUT, `${id}.ofd`), ofd(lines));
    if (office) {
      const src = join(work, `${id}.fodt`);
      writeFileSync(src, fodt(lines, '规审 Guishen 测试文件（虚构文本）'));
      for (const fmt of ['docx:MS Word 2007 XML', 'pdf:writer_pdf_Export'])
        execFileSync(
          'soffice',
          ['--headless', '--norestore', '--convert-to', fmt, '--outdir', OUT, src],
          { stdio: 'inherit', env: { ...process.env, HOME: work } },
        );
    }
  }
  if (office) {
    // A password-protected PDF (open password 「guishen」): must be refused, not read as empty.
    const src = join(work, 'encrypted.fodt');
    writeFileSync(src, fodt(texts['tj-ddc-zqyjg']!.split('\n'), '加密测试'));
    execFileSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"guishen"}}',
        '--outdir',
        OUT,
        src,
      ],
      { stdio: 'inherit', env: { ...process.env, HOME: work } },
    );
  }
  writeFileSync(join(OUT, 'revisions.docx'), revisionsDocx());
  // The demo portal's attachment (the draft of d-tingjiang-ebike-files.html).
  for (const ext of ['docx', 'pdf'])
    copyFileSync(join(OUT, `tj-ddc-zqyjg.${ext}`), join(ATTACH, `tj-ddc-zqyjg.${ext}`));
  console.log(`fixtures written to ${OUT}`);
}

if (/make-file-fixtures\.ts$/.test(process.argv[1] ?? '')) main();

/**
 * A minimal PDF written by hand: one page per entry, each with the given ASCII text in
 * Helvetica, or (null) only a filled rectangle, as a scanned page carries an image and no
 * text. For the tests of scans and page limits; not a fixture file.
 */
export function minimalPdf(pages: (string | null)[]): Uint8Array {
  const objs: string[] = [];
  const add = (s: string) => objs.push(s) - 1 + 1; // object numbers from 1
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids: number[] = [];
  for (const p of pages) {
    const content =
      p === null
        ? '0.5 g 72 72 451 698 re f'
        : `BT /F1 12 Tf 72 700 Td (${p.replace(/[()\\]/g, '\\$&')}) Tj ET`;
    const c = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${c} 0 R >>`,
      ),
    );
  }
  return pdfFile(objs, catalog, pagesObj, kids);
}

/**
 * Writes a PDF file: fills the catalog and page-tree objects reserved at `catalog` and
 * `pagesObj` (1-based numbers), then the objects, the cross-reference table and the trailer.
 */
function pdfFile(objs: string[], catalog: number, pagesObj: number, kids: number[]): Uint8Array {
  objs[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objs[pagesObj - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return strToU8(out);
}

/**
 * A PDF of Chinese text in the way older office software writes it: the standard Adobe-GB1
 * font STSong-Light, not embedded, addressed through the predefined UniGB-UCS2-H CMap (pdf.js
 * needs its CMap files to read it). One page per entry, its lines set at 3号 size from the top
 * margin with a two-character indent on every paragraph, and 「— N —」 at the foot; with
 * `header`, that line in 五号 type above the top margin of every page (a running header). For
 * the benchmark's 100-page PDF and the tests of the CMap path and of line numbering.
 */
export function cjkPdf(
  pages: { text: string; indent: boolean }[][],
  opts: { header?: string } = {},
): Uint8Array {
  const objs: string[] = [];
  const add = (s: string) => objs.push(s);
  const catalog = add('');
  const pagesObj = add('');
  const font = add(
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [' +
      String(objs.length + 2) +
      ' 0 R] >>',
  );
  add(
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [1 95 500] /FontDescriptor ' +
      String(objs.length + 2) +
      ' 0 R >>',
  );
  add(
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  );
  const hex = (s: string) =>
    [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
  const kids: number[] = [];
  pages.forEach((lines, i) => {
    const size = 16;
    let y = 842 - 72;
    const ops: string[] = ['BT', `/F1 ${size} Tf`];
    for (const line of lines) {
      const x = line.indent ? 79.5 + 2 * size : 79.5;
      ops.push(`1 0 0 1 ${x} ${y} Tm <${hex(line.text)}> Tj`);
      y -= size * 1.75;
    }
    const foot = `— ${i + 1} —`;
    ops.push(`/F1 14 Tf 1 0 0 1 276 50 Tm <${hex(foot)}> Tj`);
    if (opts.header) ops.push(`/F1 10.5 Tf 1 0 0 1 79.5 800 Tm <${hex(opts.header)}> Tj`);
    ops.push('ET');
    const content = ops.join('\n');
    const c = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${c} 0 R >>`,
      ),
    );
  });
  return pdfFile(objs, catalog, pagesObj, kids);
}

/** Authored paragraphs (the fixture texts), renumbered as one long 办法 of `chars` characters. */
export function benchParagraphs(chars: number): string[] {
  const pool = ['road-excavation', 'innovation-voucher', 'tj-ddc-zqyjg', 'dog-county-table']
    .flatMap((id) => readFileSync(join(OUT, `${id}.txt`), 'utf8').split('\n'))
    .map((l) => l.replace(/^第[一二三四五六七八九十]+条　/, ''))
    .filter((l) => l.length > 30);
  const out = ['汀江市城市综合管理办法（征求意见稿）'];
  let n = 0;
  let total = 0;
  while (total < chars) {
    const p = `第${n + 1}条　${pool[n % pool.length]!}`;
    out.push(p);
    total += p.length;
    n++;
  }
  out.push(`第${n + 1}条　本办法自2027年3月1日起施行，有效期5年。`);
  return out;
}

/**
 * Sets paragraphs as the lines of printed pages: 28 characters a line (the first line of a
 * paragraph indented by two characters), `perPage` lines a page.
 */
export function setInPages(
  paragraphs: string[],
  perPage = 22,
): { text: string; indent: boolean }[][] {
  const lines: { text: string; indent: boolean }[] = [];
  for (const p of paragraphs) {
    let rest = [...p];
    let first = true;
    while (rest.length) {
      const n = first ? 26 : 28;
      lines.push({ text: rest.slice(0, n).join(''), indent: first });
      rest = rest.slice(n);
      first = false;
    }
  }
  const pages: { text: string; indent: boolean }[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return pages;
}
