import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { useId } from "react";
import { formatNumber } from "~/utils/format";

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
  const titleId = useId();
  const margin = { top: 12, right: 16, bottom: 30, left: 36 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const x = scaleBand<string>({ domain: columns.map((c) => c.key), range: [0, innerWidth], padding: 0.25 });
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const y = scaleLinear<number>({ domain: [0, max], range: [innerHeight, 0], nice: true });
  // Label at most ~12 periods so they never overlap.
  const every = Math.max(1, Math.ceil(columns.length / 12));
  const labelOf = new Map(columns.map((c) => [c.key, c.label]));
  const integerTicks = y.ticks(Math.min(5, max)).filter((t) => Number.isInteger(t));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={titleId}
      className="block h-auto"
      style={{ minWidth: 480 }}
    >
      <title id={titleId}>{title}</title>
      <Group left={margin.left} top={margin.top}>
        {integerTicks.map((tick) => (
          <line key={tick} x1={0} x2={innerWidth} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
        ))}
        {columns.map((c) => {
          let base = 0;
          return (
            <g key={c.key}>
              {c.values.map((v, i) => {
                const y0 = y(base);
                base += v;
                const y1 = y(base);
                return v > 0 ? (
                  <Bar key={i} x={x(c.key) ?? 0} y={y1} width={x.bandwidth()} height={y0 - y1} fill={colors[i % colors.length]} />
                ) : null;
              })}
            </g>
          );
        })}
        <AxisLeft
          scale={y}
          tickValues={integerTicks}
          stroke="#94a3b8"
          tickStroke="#94a3b8"
          tickFormat={(v) => formatNumber(Number(v), locale)}
          tickLabelProps={() => ({ fontSize: 11, fill: "#475569", textAnchor: "end", dx: -4, dy: "0.33em" })}
        />
        <AxisBottom
          top={innerHeight}
          scale={x}
          tickValues={columns.filter((_, i) => i % every === 0).map((c) => c.key)}
          stroke="#94a3b8"
          tickStroke="#94a3b8"
          tickFormat={(k) => labelOf.get(String(k)) ?? String(k)}
          tickLabelProps={() => ({ fontSize: 10, fill: "#475569", textAnchor: "middle" })}
        />
      </Group>
    </svg>
  );
}
