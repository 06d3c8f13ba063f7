// A composed letter as a Word document in the layout of Chinese official letters (GB/T 9704 in
// spirit): A4 with its margins, the title centred in 宋体 二号 bold, the 文号 at the right, the body in
// 仿宋 三号 with two-character first-line indents at a fixed 28 pt line, the 落款 at the right.
import { AlignmentType, Document, LineRuleType, Packer, PageOrientation, Paragraph, TextRun } from 'docx';
import { type ComposedLetter, itemNumber } from './letter.ts';

/** East Asian text in 仿宋 (body) and 宋体 (title); Latin text and digits in Times New Roman. */
const BODY_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '仿宋',
  cs: 'Times New Roman',
};
const TITLE_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '宋体',
  cs: 'Times New Roman',
};

/** Half-points: 二号 22 pt title, 三号 16 pt body. */
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
/** One character of body text in twips (16 pt × 20). */
const CHAR = BODY_SIZE * 10;
/** A fixed 28 pt line, 22 lines to the page. */
const LINE = 560;

/** A4 in twips; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (1 mm ≈ 56.7 twips). */
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 };

export async function renderLetterDocx(letter: ComposedLetter): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: LINE / 2 },
      children: [new TextRun({ text: letter.title, font: TITLE_FONT, size: TITLE_SIZE, bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { after: LINE / 2 },
      children: [new TextRun({ text: letter.documentNumber })],
    }),
  ];
  if (letter.salutation)
    children.push(new Paragraph({ children: [new TextRun({ text: letter.salutation })] }));
  for (const block of letter.blocks) {
    if (block.type === 'paragraph') children.push(bodyParagraph(block.text));
    else {
      if (block.lead) children.push(bodyParagraph(block.lead));
      // Numbers as text (1．2．), as official letters print them; Word numbering would renumber on edits.
      block.items.forEach((item, i) => {
        children.push(bodyParagraph(`${itemNumber(i)}${item}`));
      });
    }
  }
  // 落款: a blank line, then the organ and the date at the right, four characters in from the margin.
  children.push(new Paragraph({ children: [] }));
  for (const line of [letter.closing.agencyName, letter.closing.date]) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: CHAR * 4 },
        children: [new TextRun({ text: line })],
      }),
    );
  }

  const document = new Document({
    title: letter.title,
    creator: letter.closing.agencyName,
    lastModifiedBy: letter.closing.agencyName,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { ...PAGE, orientation: PageOrientation.PORTRAIT },
            margin: MARGIN,
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: CHAR * 2 },
    children: [new TextRun({ text })],
  });
}
