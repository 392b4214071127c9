import { scaleLinear, scaleUtc } from "@visx/scale";
import { Area } from "@visx/shape";
import { formatNumber } from "~/utils/format";
import { ChartSvg, GridLines, TimeAxis, ValueAxis } from "./chart-parts";

/**
 * The recognised count over time: stacked areas by level (their top is the total), the target as a
 * dashed horizontal line and the projection as a dashed line to the target date. Plain SVG
 * rendered on the server; dates are 'YYYY-MM-DD' handled in UTC, so server and browser agree.
 */
export type CumulativePoint = { date: string; count: number; layers: number[] };
export type Layer = { key: string; label: string; color: string };

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);

// Building an Intl formatter costs more than the chart's other work: one per locale.
const yearFormats = new Map<string, Intl.DateTimeFormat>();
function yearFormatOf(locale: string) {
  let format = yearFormats.get(locale);
  if (!format) yearFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { year: "numeric", timeZone: "UTC" })));
  return format;
}

export function CumulativeChart({
  title,
  points,
  layers,
  target,
  projection,
  locale,
  labels,
  width = 640,
  height = 300,
}: {
  title: string;
  points: CumulativePoint[];
  layers: Layer[];
  target: { count: number; date: string };
  projection: { from: string; fromValue: number; value: number } | null;
  locale: string;
  labels: { target: string; projection: string };
  width?: number;
  height?: number;
}) {
  const margin = { top: 16, right: 24, bottom: 30, left: 44 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const first = points[0]?.date ?? target.date;
  const last = [target.date, points.at(-1)?.date ?? target.date].sort().at(-1)!;
  const x = scaleUtc<number>({ domain: [toDate(first), toDate(last)], range: [0, innerWidth] });
  const maxValue = Math.max(target.count, projection?.value ?? 0, ...points.map((p) => p.count), 1);
  const y = scaleLinear<number>({ domain: [0, maxValue * 1.08], range: [innerHeight, 0], nice: true });
  const stacked = points.map((p) => {
    let sum = 0;
    return { date: p.date, bands: p.layers.map((v) => [sum, (sum += v)] as const) };
  });
  const yearFormat = yearFormatOf(locale);
  const years: Date[] = [];
  for (let yr = toDate(first).getUTCFullYear() + 1; yr <= toDate(last).getUTCFullYear(); yr++)
    years.push(new Date(Date.UTC(yr, 0, 1)));
  return (
    <ChartSvg title={title} width={width} height={height} margin={margin} fit="min-width">
      <GridLines ticks={y.ticks(5)} y={y} width={innerWidth} />
      {layers.map((layer, i) => (
        <Area
          key={layer.key}
          data={stacked}
          x={(d) => x(toDate(d.date))}
          y0={(d) => y(d.bands[i]![0])}
          y1={(d) => y(d.bands[i]![1])}
          fill={layer.color}
          fillOpacity={0.85}
        />
      ))}
      <line
        x1={0}
        x2={innerWidth}
        y1={y(target.count)}
        y2={y(target.count)}
        stroke="#b45309"
        strokeWidth={1.5}
        strokeDasharray="6 4"
      />
      <text x={4} y={y(target.count) - 6} fontSize={12} fill="#92400e">
        {labels.target}
      </text>
      <line
        x1={x(toDate(target.date))}
        x2={x(toDate(target.date))}
        y1={0}
        y2={innerHeight}
        stroke="#b45309"
        strokeDasharray="2 3"
      />
      {projection ? (
        <>
          <line
            x1={x(toDate(projection.from))}
            y1={y(projection.fromValue)}
            x2={x(toDate(target.date))}
            y2={y(projection.value)}
            stroke="#475569"
            strokeWidth={1.5}
            strokeDasharray="4 4"
          />
          <circle cx={x(toDate(target.date))} cy={y(projection.value)} r={3.5} fill="#475569" />
          <text
            x={x(toDate(target.date)) - 6}
            y={y(projection.value) + (projection.value > target.count ? -8 : 16)}
            fontSize={12}
            textAnchor="end"
            fill="#334155"
          >
            {labels.projection} {formatNumber(Math.round(projection.value), locale)}
          </text>
        </>
      ) : null}
      <ValueAxis y={y} locale={locale} />
      <TimeAxis
        top={innerHeight}
        width={innerWidth}
        ticks={years.map((d) => ({ key: String(d.getUTCFullYear()), x: x(d), label: yearFormat.format(d) }))}
        fontSize={11}
      />
    </ChartSvg>
  );
}

/** The colour key of a chart, as HTML (readable at any size, and it prints). */
export function Legend({ items }: { items: { label: string; color: string; dashed?: boolean }[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block h-2.5 w-4 rounded-sm"
            style={item.dashed ? { borderTop: `2px dashed ${item.color}`, height: 0 } : { background: item.color }}
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
