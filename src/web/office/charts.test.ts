// The inline SVG chart: an image with its title and a description of every value, text escaped,
// bars proportional to the values, blanks said in words, nothing the CSP refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barChartSvg, chartDescription } from './charts.ts';

const chart = {
  id: 'c1',
  title: '对比 <2025>',
  categories: ['新收申请', '主动公开'],
  series: [
    { label: '2025年', values: [10, 200] },
    { label: '2024年', values: [5, null] },
  ],
  unit: '件',
  units: ['件', '条'],
};

describe('barChartSvg', () => {
  it('is an accessible image: title, description of every value, escaped text', () => {
    const svg = barChartSvg(chart);
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    assert.match(svg, /<title id="c1-title">对比 &lt;2025(>|&gt;)<\/title>/);
    assert.equal(
      chartDescription(chart),
      '新收申请：2025年10件，2024年5件；主动公开：2025年200条，2024年无数据',
    );
    assert.match(
      svg,
      /<desc id="c1-desc">新收申请：2025年10件，2024年5件；主动公开：2025年200条，2024年无数据<\/desc>/,
    );
    assert.doesNotMatch(svg, /<script|style=|<style|javascript:|href=/);
    assert.doesNotMatch(svg, /<2025>/);
  });

  it('draws bars in proportion, none for a blank or zero', () => {
    const svg = barChartSvg(chart);
    const bars = [...svg.matchAll(/<rect x="191" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    // 10, 5 and 200 on a 360-unit axis whose maximum is 200.
    assert.deepEqual(bars, [18, 9, 360]);
    const rate = barChartSvg({ ...chart, series: [{ label: '率', values: [50, 0] }], max: 100 });
    assert.deepEqual(
      [...rate.matchAll(/<rect x="191" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1])),
      [180],
    );
  });
});
