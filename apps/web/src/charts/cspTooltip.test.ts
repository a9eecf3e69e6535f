import { describe, expect, it } from 'vitest';
import { cspSafeTooltip, esc, PALETTE, tooltipMarker, withCspSafeTooltips } from './common.ts';
import type { ChartOption } from './types.ts';

// ECharts' own marker (what `params.marker` holds): an inline style, which style-src 'self' blocks.
const ECHARTS = '<span style="display:inline-block;margin-right:4px;border-radius:10px;width:10px;height:10px;background-color:#e69f00;"></span>';

describe('tooltips under the Content-Security-Policy', () => {
  it('draws the series dot as SVG with a fill attribute, never an inline style', () => {
    const html = cspSafeTooltip(`<b>A</b><br/>${ECHARTS}Series：1`);
    expect(html).not.toContain('style=');
    expect(html).toContain('fill="#e69f00"');
    expect(html).toContain('<b>A</b><br/>');
    expect(html).toContain('Series：1');
  });

  it('turns a coloured span into a class of that colour and drops any other inline style, keeping the text', () => {
    const html = cspSafeTooltip('<span style="color:#c62828">▲ 值得关注</span><br/><div style="font-weight:bold">标题</div>');
    expect(html).not.toContain('style=');
    expect(html).toContain('▲ 值得关注</span>');
    expect(html).toContain('<div>标题</div>');
    const cls = /<span class="(mqa-tip-c\d+)">/.exec(html)?.[1];
    // Where the environment has constructable style sheets, the class carries the colour.
    if (cls) {
      const rules = document.adoptedStyleSheets.flatMap((sh) => [...sh.cssRules].map((r) => r.cssText));
      expect(rules.some((r) => r.includes(cls) && /#c62828|rgb\(198, 40, 40\)/.test(r))).toBe(true);
    }
  });

  it('keeps only plain colours; anything else becomes the palette’s first colour', () => {
    expect(tooltipMarker('rgba(31, 95, 168, 0.5)')).toContain('fill="rgba(31, 95, 168, 0.5)"');
    expect(tooltipMarker('"><script>')).toContain(`fill="${PALETTE[0]}"`);
    expect(tooltipMarker({ type: 'linear' })).toContain(`fill="${PALETTE[0]}"`);
  });

  it('wraps the chart’s and each series’ formatter, leaving escaped names as they are', () => {
    const name = esc('<img src=x onerror="window.__xss=1">');
    const option = {
      tooltip: { trigger: 'axis', formatter: (p: { marker: string }) => `${p.marker}${name}` },
      series: [
        { type: 'bar', data: [1], tooltip: { formatter: () => `${ECHARTS}${name}` } },
        { type: 'line', data: [2] },
      ],
    } as unknown as ChartOption;
    const safe = withCspSafeTooltips(option) as unknown as {
      tooltip: { trigger: string; formatter: (p: unknown) => string };
      series: { tooltip?: { formatter: () => string }; data: number[] }[];
    };
    expect(safe.tooltip.trigger).toBe('axis');
    const top = safe.tooltip.formatter({ marker: ECHARTS });
    expect(top).not.toContain('style=');
    expect(top).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(safe.series[0]!.tooltip!.formatter()).not.toContain('style=');
    expect(safe.series[1]!.data).toEqual([2]);
    // The option given is left as it was.
    expect((option as unknown as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter({ marker: ECHARTS })).toContain('style=');
  });
});
