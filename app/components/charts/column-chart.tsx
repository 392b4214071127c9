import { scaleBand, scaleLinear } from "@visx/scale";
import { ChartSvg, GridLines, px, TimeAxis, ValueAxis } from "./chart-parts";
import { labelEvery } from "./label-spacing";

/** Vertical stacked columns per period (e.g. upgrades by kind), plain SVG rendered on the server. */
export type Column = { key: string; label: string; values: number[] };

export function ColumnChart({
  title,
  columns,
  colors,
  locale,
  width = 640,
  height = 220,
}: {
  title: string;
  columns: Column[];
  colors: string[];
  locale: string;
  width?: number;
  height?: number;
}) {
  const margin = { top: 12, right: 16, bottom: 30, left: 36 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const x = scaleBand<string>({ domain: columns.map((c) => c.key), range: [0, innerWidth], padding: 0.25 });
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: true });
  // Label every n-th period, so that no label overlaps the next (Chinese labels are wider).
  const every = labelEvery(
    columns.map((c) => c.label),
    innerWidth,
    10,
  );
  const labelOf = new Map(columns.map((c) => [c.key, c.label]));
  const integerTicks = y.ticks(Math.min(5, max)).filter((t) => Number.isInteger(t));
  return (
    <ChartSvg title={title} width={width} height={height} margin={margin} fit="min-width">
      <GridLines ticks={integerTicks} y={y} width={innerWidth} />
      {columns.map((c) => {
        let base = 0;
        return (
          <g key={c.key}>
            {c.values.map((v, i) => {
              const y0 = y(base);
              base += v;
              const y1 = y(base);
              return v > 0 ? (
                <rect
                  key={i}
                  x={px(x(c.key) ?? 0)}
                  y={px(y1)}
                  width={px(x.bandwidth())}
                  height={px(y0 - y1)}
                  fill={colors[i % colors.length]}
                />
              ) : null;
            })}
          </g>
        );
      })}
      <ValueAxis y={y} locale={locale} ticks={integerTicks} />
      <TimeAxis
        top={innerHeight}
        width={innerWidth}
        ticks={columns
          .filter((_, i) => i % every === 0)
          .map((c) => ({ key: c.key, x: (x(c.key) ?? 0) + x.bandwidth() / 2, label: labelOf.get(c.key) ?? c.key }))}
        fontSize={10}
      />
    </ChartSvg>
  );
}
