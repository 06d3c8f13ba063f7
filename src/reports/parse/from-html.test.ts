import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeText } from './decode-text.ts';
import type { DocumentBlock } from './document.ts';
import { fromHtml } from './from-html.ts';

const fixture = (name: string): string =>
  decodeText(readFileSync(new URL(`../../../test/fixtures/sources/${name}`, import.meta.url)));

const text = (value: string, heading?: number): DocumentBlock =>
  heading === undefined ? { kind: 'text', text: value } : { kind: 'text', text: value, heading };
const row = (table: number, ...cells: string[]): DocumentBlock => ({ kind: 'row', cells, table });
const zeros = (n: number): string[] => Array.from({ length: n }, () => '0');

describe('fromHtml: text', () => {
  it('reads a clean report page in order, with heading levels', () => {
    const doc = fromHtml(`<!DOCTYPE html><html><head><title>某县2022年政府信息公开工作年度报告</title></head>
      <body><h1>某县2022年政府信息公开工作年度报告</h1>
      <h2>一、总体情况</h2><p>2022年，某县认真贯彻落实《条例》。</p>
      <p><b>二、主动公开政府信息情况</b></p>
      <h6>注</h6></body></html>`);
    assert.deepEqual(doc, {
      blocks: [
        text('某县2022年政府信息公开工作年度报告', 1),
        text('一、总体情况', 2),
        text('2022年，某县认真贯彻落实《条例》。'),
        text('二、主动公开政府信息情况'),
        text('注', 6),
      ],
      title: '某县2022年政府信息公开工作年度报告',
    });
  });

  it('splits a paragraph at <br> into one block per line, also inside headings', () => {
    const doc = fromHtml(
      '<p>承留镇人民政府<br>2023年1月20日<br/><br />　</p><h3>三、收到和处理<br>政府信息公开申请情况</h3>',
    );
    assert.deepEqual(doc.blocks, [
      text('承留镇人民政府'),
      text('2023年1月20日'),
      text('三、收到和处理', 3),
      text('政府信息公开申请情况', 3),
    ]);
  });

  it('turns &nbsp; and full-width spaces into spaces, collapses runs and trims', () => {
    const doc = fromHtml(
      '<p>　　主要问题：&nbsp;&nbsp;一是\t公开不够及时。\u3000\u3000二是目录需细化。&nbsp;</p><p>&nbsp;</p><p>\u3000</p>',
    );
    assert.deepEqual(doc.blocks, [text('主要问题： 一是 公开不够及时。 二是目录需细化。')]);
  });

  it('joins source line breaks inside Chinese text without a space, like browsers do', () => {
    const doc = fromHtml('<p>加强政策解读和回应群众\r\n关切，发布信息\n904\n条，《条例》\n有关要求</p>');
    assert.deepEqual(doc.blocks, [text('加强政策解读和回应群众关切，发布信息 904 条，《条例》有关要求')]);
  });

  it('joins inline pieces of a word without a separator', () => {
    const doc = fromHtml(
      "<p class=MsoNormal><span style='font-family:宋体'>本年新收</span><span lang=EN-US>政府</span><b>信息</b><o:p></o:p></p>",
    );
    assert.deepEqual(doc.blocks, [text('本年新收政府信息')]);
  });

  it('drops scripts, styles, noscript, templates, head content and comments', () => {
    const doc = fromHtml(`<html><head><meta charset="utf-8"><title>标题</title><style>p { color: red }</style>
      <script>var a = '<p>脚本</p>';</script><!--[if gte mso 9]><xml><o:Author>党政办</o:Author></xml><![endif]--></head>
      <body><!-- 注释 --><p>正文<script>document.write('写入')</script></p><noscript>请开启脚本</noscript>
      <template><p>模板</p></template><!--[if !mso]><p>条件注释</p><![endif]--><p>结尾</p></body></html>`);
    assert.deepEqual(doc.blocks, [text('正文'), text('结尾')]);
  });

  it("keeps the content of Word's downlevel-revealed <![if !supportLists]> blocks (list numbers)", () => {
    const doc = fromHtml(
      "<p class=MsoListParagraph><![if !supportLists]><span>1.<span style='font:7.0pt'>&nbsp;&nbsp; </span></span><![endif]><span>加强组织领导。</span></p>",
    );
    assert.deepEqual(doc.blocks, [text('1. 加强组织领导。')]);
  });

  it('splits lines in <pre> at its line breaks', () => {
    assert.deepEqual(fromHtml('<pre>第一行\n  第二行\n\n</pre>').blocks, [text('第一行'), text('第二行')]);
  });

  it('emits list items, divs and inline text between blocks as separate lines', () => {
    const doc = fromHtml(
      '<div>当前位置：<a>首页</a> &gt; <a>年报</a><ul><li>指南</li><li><a>目录</a></li></ul>尾</div>',
    );
    assert.deepEqual(doc.blocks, [text('当前位置：首页 > 年报'), text('指南'), text('目录'), text('尾')]);
  });
});

describe('fromHtml: tables', () => {
  it('emits one row block per <tr>, with every table numbered in order', () => {
    const doc = fromHtml(`<p>前</p>
      <table><thead><tr><th>信息内容</th><th>本年制发件数</th></tr></thead>
      <tbody><tr><td>规章</td><td>0</td></tr></tbody></table>
      <p>中</p>
      <table><tr><td>行政复议</td><td>行政诉讼</td></tr></table>`);
    assert.deepEqual(doc.blocks, [
      text('前'),
      row(0, '信息内容', '本年制发件数'),
      row(0, '规章', '0'),
      text('中'),
      row(1, '行政复议', '行政诉讼'),
    ]);
  });

  it('joins the paragraphs of a cell with one space and its inline pieces with none', () => {
    const doc = fromHtml(`<table><tr>
      <td><p class=MsoNormal><span>（二）部分公开</span></p>
          <p class=MsoNormal><span>（区分处理的，只计这一</span><span lang=EN-US>情形</span>，不计其他情形）<o:p></o:p></p></td>
      <td>三、本年度<br>办理结果</td>
      <td>&nbsp;<span lang=EN-US>1</span><span>2</span>&nbsp;</td>
      <td>　<o:p>&nbsp;</o:p></td></tr></table>`);
    assert.deepEqual(doc.blocks, [
      row(0, '（二）部分公开 （区分处理的，只计这一情形，不计其他情形）', '三、本年度 办理结果', '12', ''),
    ]);
  });

  it('expands colspan on blank and numeric cells but not on labels', () => {
    const doc = fromHtml(`<table>
      <tr><td colspan=4>第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>
      <tr><td>行政许可</td><td colspan="3">1,024</td></tr>
      <tr><td>行政事业性收费</td><td colspan=2>0.5</td><td colspan=2>&nbsp;</td><td colspan=x>7</td></tr>
    </table>`);
    assert.deepEqual(doc.blocks, [
      row(0, '第二十条第（五）项'),
      row(0, '信息内容', '本年处理决定数量'),
      row(0, '行政许可', '1,024', '', ''),
      row(0, '行政事业性收费', '0.5', '', '', '', '7'),
    ]);
  });

  it('skips rows whose cells are all blank', () => {
    const doc = fromHtml(
      "<table><tr><td>规章</td><td>0</td></tr><![if !supportMisalignedColumns]><tr height=0><td style='border:none'></td><td></td></tr><![endif]></table>",
    );
    assert.deepEqual(doc.blocks, [row(0, '规章', '0')]);
  });

  it('reads rows wrapped in a <form> inside the table, as old portal pages have them', () => {
    const doc = fromHtml('<table><form action="/s"><tr><td>规章</td><td>0</td></tr></form></table>');
    assert.deepEqual(doc.blocks, [row(0, '规章', '0')]);
  });

  it('drops a caption: it names the table and is not narrative', () => {
    const doc = fromHtml('<table><caption>表三</caption><tr><td>总计</td><td>4</td></tr></table>');
    assert.deepEqual(doc.blocks, [row(0, '总计', '4')]);
  });

  it('reads layout tables as ordinary blocks and only innermost tables as rows', () => {
    const doc = fromHtml(`<table><tr>
      <td><div>导航</div><ul><li>指南</li></ul></td>
      <td><h1>年度报告</h1><p>正文</p>
        <table><tr><td>规章</td><td>0</td></tr></table>
        <p>四、行政复议</p>
        <table><tr><td>行政复议</td><td>行政诉讼</td></tr></table>
        <span>尾部</span></td>
    </tr></table>`);
    assert.deepEqual(doc.blocks, [
      text('导航'),
      text('指南'),
      text('年度报告', 1),
      text('正文'),
      row(0, '规章', '0'),
      text('四、行政复议'),
      row(1, '行政复议', '行政诉讼'),
      text('尾部'),
    ]);
  });

  it('reads a single-column table (an article wrapper) as ordinary blocks', () => {
    const doc = fromHtml(
      '<table><tr><td><h1>年度报告</h1></td></tr><tr><td><p>一、总体情况</p><p>正文第一段。</p></td></tr></table>',
    );
    assert.deepEqual(doc.blocks, [text('年度报告', 1), text('一、总体情况'), text('正文第一段。')]);
  });
});

describe('fromHtml: container metadata', () => {
  it('reads the publication date from the usual meta tags', () => {
    const date = (meta: string) => fromHtml(`<head>${meta}</head><p>x</p>`).publishedOn;
    assert.equal(date('<meta name="PubDate" content="2023-01-20 10:00">'), '2023-01-20');
    assert.equal(date('<meta name="firstpublishedtime" content="2023-01-20-10:00:00">'), '2023-01-20');
    assert.equal(date('<meta name="publishdate" content="2023/1/5">'), '2023-01-05');
    assert.equal(
      date('<meta property="article:published_time" content="2023-01-31T08:00:00+08:00">'),
      '2023-01-31',
    );
    assert.equal(date('<meta name="PubDate" content="2023年1月9日">'), '2023-01-09');
    assert.equal(date('<meta name="PubDate" content="20230120">'), '2023-01-20');
  });

  it('prefers PubDate and skips invalid dates and unrelated meta tags', () => {
    const doc = fromHtml(`<meta name="lastmodifiedtime" content="2023-03-01">
      <meta name="firstpublishedtime" content="2023-01-21 09:00:00">
      <meta name="PubDate" content="2023-02-30 10:00">
      <meta name="publishdate" content="2023-01-22">`);
    assert.equal(doc.publishedOn, '2023-01-22');
    assert.equal(
      fromHtml(
        '<meta name="PubDate" content="2023-01-20"><meta name="firstpublishedtime" content="2023-01-21">',
      ).publishedOn,
      '2023-01-20',
    );
    assert.equal(fromHtml('<meta name="lastmodifiedtime" content="2023-03-01">').publishedOn, undefined);
  });

  it('omits title and date when the page has none', () => {
    assert.deepEqual(fromHtml('<title>  </title><p>正文</p>'), { blocks: [text('正文')] });
  });
});

describe('fromHtml: Word "Save as Web Page" export in GB2312', () => {
  const doc = fromHtml(fixture('word-export-gb2312.html'));
  const rows = (table: number) => doc.blocks.filter((b) => b.kind === 'row' && b.table === table);

  it('reads the title and all text lines in order', () => {
    assert.equal(doc.title, '承留镇人民政府2022年政府信息公开工作年度报告');
    assert.equal(doc.publishedOn, undefined);
    assert.deepEqual(
      doc.blocks.filter((b) => b.kind === 'text'),
      [
        text('承留镇人民政府2022年政府信息公开工作年度报告'),
        text('一、总体情况', 2),
        text(
          '2022年，承留镇严格按照《中华人民共和国政府信息公开条例》有关要求，加强政策解读和回应群众关切，深入推动重点领域信息公开。',
        ),
        text('（一）主动公开情况。2022年全年共发布信息904条。'),
        text('其中通过政府网站发布信息259条。'),
        text('1. 加强组织领导。'),
        text('二、主动公开政府信息情况'),
        text('三、收到和处理政府信息公开申请情况'),
        text('四、政府信息公开行政复议、行政诉讼情况'),
        text('五、存在的主要问题及改进情况'),
        text('主要问题：一是部分信息公开不够及时。 二是政府信息公开目录还需进一步细化和完善。'),
        text('六、其他需要报告的事项'),
        text('2022年未收取信息处理费。'),
        text('承留镇人民政府'),
        text('2023年1月20日'),
      ],
    );
  });

  it('puts each table right after its heading', () => {
    const order = doc.blocks.map((b) => (b.kind === 'text' ? b.text.slice(0, 2) : `#${b.table}`));
    const dedup = order.filter((item, i) => item !== order[i - 1]);
    assert.deepEqual(dedup.slice(6), [
      '二、',
      '#0',
      '三、',
      '#1',
      '四、',
      '#2',
      '五、',
      '主要',
      '六、',
      '20',
      '承留',
      '20',
    ]);
  });

  it('reads table 二 with merged value cells spread over their columns', () => {
    assert.deepEqual(rows(0), [
      row(0, '第二十条第（一）项'),
      row(0, '信息内容', '本年制发件数', '本年废止件数', '现行有效件数'),
      row(0, '规章', '0', '0', '0'),
      row(0, '行政规范性文件', '0', '0', '2'),
      row(0, '第二十条第（五）项'),
      row(0, '信息内容', '本年处理决定数量'),
      row(0, '行政许可', '0', '', ''),
      row(0, '第二十条第（六）项'),
      row(0, '信息内容', '本年处理决定数量'),
      row(0, '行政处罚', '60', '', ''),
      row(0, '行政强制', '0', '', ''),
      row(0, '第二十条第（八）项'),
      row(0, '信息内容', '本年收费金额（单位：万元）'),
      row(0, '行政事业性收费', '0', '', ''),
    ]);
  });

  it('reads table 三 with its rowspan/colspan labels as single cells', () => {
    const table3 = rows(1);
    assert.equal(table3.length, 28);
    assert.deepEqual(table3.slice(0, 8), [
      row(1, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'),
      row(1, '自然人', '法人或其他组织', '总计'),
      row(1, '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'),
      row(1, '一、本年新收政府信息公开申请数量', '3', '1', '0', '0', '0', '0', '4'),
      row(1, '二、上年结转政府信息公开申请数量', '1', '0', '0', '0', '0', '0', '1'),
      row(1, '三、本年度 办理结果', '（一）予以公开', '2', '1', '0', '0', '0', '0', '3'),
      row(1, '（二）部分公开 （区分处理的，只计这一情形，不计其他情形）', ...zeros(7)),
      row(1, '（三）不予公开', '1.属于国家秘密', ...zeros(7)),
    ]);
    assert.deepEqual(table3.slice(9, 10), [row(1, '3.危及“三安全一稳定”', ...zeros(7))]);
    assert.deepEqual(table3.slice(15, 16), [
      row(1, '（四）无法提供', '1.本机关不掌握相关政府信息', '1', '0', '0', '0', '0', '0', '1'),
    ]);
    assert.deepEqual(table3.slice(23), [
      row(
        1,
        '（六）其他处理',
        '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
        ...zeros(7),
      ),
      row(1, '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', ...zeros(7)),
      row(1, '3.其他', ...zeros(7)),
      row(1, '（七）总计', '3', '1', '0', '0', '0', '0', '4'),
      row(1, '四、结转下年度继续办理', '1', '0', '0', '0', '0', '0', '1'),
    ]);
  });

  it('reads table 四, with a value merged over a whole group spread as blanks', () => {
    const results = ['结果 维持', '结果 纠正', '其他 结果', '尚未 审结', '总计'];
    assert.deepEqual(rows(2), [
      row(2, '行政复议', '行政诉讼'),
      row(2, ...results, '未经复议直接起诉', '复议后起诉'),
      row(2, ...results, ...results),
      row(2, '0', '0', '0', '1', '1', '0', '', '', '', '', '0', '0', '0', '0', '0'),
    ]);
  });
});

describe('fromHtml: a whole government portal page', () => {
  it('emits every visible line and the report tables in reading order, without scripts or head', () => {
    const doc = fromHtml(fixture('portal-page.html'));
    assert.deepEqual(doc, {
      title: '承留镇人民政府2022年政府信息公开工作年度报告_政府信息公开年报_济源市人民政府',
      publishedOn: '2023-01-20',
      blocks: [
        text('今天是： 无障碍浏览 | 手机版'),
        text('搜索'),
        text('首页'),
        text('政务公开'),
        text('政务服务'),
        text('互动交流'),
        text('政府信息公开'),
        text('政府信息公开指南'),
        text('政府信息公开目录'),
        text('政府信息公开年报'),
        text('当前位置：首页 > 政务公开 > 政府信息公开年报'),
        text('承留镇人民政府2022年政府信息公开工作年度报告', 1),
        text('发布时间：2023-01-20 来源：承留镇人民政府 【字体：大 中 小】'),
        text('本报告根据《中华人民共和国政府信息公开条例》要求编制。'),
        text('一、总体情况'),
        text('2022年，承留镇依托公开载体全年共发布信息904条。'),
        text('二、主动公开政府信息情况'),
        row(0, '第二十条第（一）项'),
        row(0, '信息内容', '本年制发件数', '本年废止件数', '现行有效件数'),
        row(0, '规章', '0', '0', '0'),
        row(0, '行政规范性文件', '0', '0', '2'),
        row(0, '第二十条第（八）项'),
        row(0, '信息内容', '本年收费金额（单位：万元）'),
        row(0, '行政事业性收费', '0', '', ''),
        text('四、政府信息公开行政复议、行政诉讼情况'),
        row(1, '行政复议', '行政诉讼'),
        row(1, '结果 维持', '结果 纠正', '其他 结果', '尚未 审结', '总计', '未经复议直接起诉', '复议后起诉'),
        row(
          1,
          '结果维持',
          '结果纠正',
          '其他结果',
          '尚未审结',
          '总计',
          '结果维持',
          '结果纠正',
          '其他结果',
          '尚未审结',
          '总计',
        ),
        row(1, ...zeros(15)),
        text('六、其他需要报告的事项'),
        text('2022年未收取信息处理费。'),
        text('承留镇人民政府'),
        text('2023年1月20日'),
        text('分享到：微信微博'),
        text('主办：济源市人民政府办公室 承办：济源市大数据管理局'),
        text('网站标识码：4190010001 豫ICP备05012345号'),
      ],
    });
  });
});

describe('fromHtml: damaged input', () => {
  it('returns no blocks for an empty or blank document', () => {
    assert.deepEqual(fromHtml(''), { blocks: [] });
    assert.deepEqual(fromHtml(' \r\n '), { blocks: [] });
  });

  it('reads plain text without markup as one line', () => {
    assert.deepEqual(fromHtml('政府信息公开 < 年度报告 & 2022').blocks, [
      text('政府信息公开 < 年度报告 & 2022'),
    ]);
  });

  it('returns what it can from truncated HTML', () => {
    const doc = fromHtml(
      '<p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr><tr><td>行政规范性文件</td><td>0',
    );
    assert.deepEqual(doc.blocks, [text('一、总体情况'), row(0, '规章', '0'), row(0, '行政规范性文件', '0')]);
  });

  it('reads the Word export cut off in the middle of table 三', () => {
    const html = fixture('word-export-gb2312.html');
    const doc = fromHtml(html.slice(0, html.indexOf('重复申请')));
    const last = doc.blocks.at(-1);
    assert.deepEqual(last, row(1, '2.'));
    assert.equal(doc.blocks.filter((b) => b.kind === 'row' && b.table === 1).length, 20);
  });

  it('survives tags left unclosed thousands deep', () => {
    assert.deepEqual(fromHtml(`${'<font><span>'.repeat(8000)}正文`).blocks, [text('正文')]);
    assert.equal(fromHtml('<div>行'.repeat(12000)).blocks.length, 12000);
    const nestedTables = fromHtml(
      `${'<table><tr><td>布局'.repeat(3000)}<table><tr><td>规章</td><td>0</td></tr></table>`,
    );
    assert.equal(nestedTables.blocks.length, 3001);
    assert.deepEqual(nestedTables.blocks.at(-1), row(0, '规章', '0'));
  });

  it('never throws on random characters', () => {
    const alphabet = '<>/="\' &;!-[]abcdtrp政府\n';
    for (let seed = 1; seed <= 200; seed++) {
      let state = seed;
      const chars = Array.from({ length: 300 }, () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return alphabet[state % alphabet.length];
      });
      const doc = fromHtml(chars.join(''));
      for (const block of doc.blocks) {
        if (block.kind === 'text') assert.notEqual(block.text, '');
        else assert.ok(block.cells.every((cell) => cell === cell.trim()));
      }
    }
  });
});
