import { scaleBand, scaleLinear } from "@visx/scale";
import { ChartSvg, px } from "./chart-parts";

/**
 * A horizontal bar chart drawn as plain SVG on the server (visx primitives, no measuring, no
 * animation), so it shows with JavaScript off and prints. It scales with its box (viewBox);
 * the figures themselves are in the table the caller puts beside it.
 */
export type BarDatum = { key: string; label: string; value: number };

const wide = (ch: string) => /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch);
/** Rough width of a label at 12px (no measuring on the server): CJK characters are square. */
export function textWidth(label: string): number {
  let width = 0;
  for (const ch of label) width += wide(ch) ? 12 : 7;
  return width;
}

/** Shortens a label to fit `max` pixels at 12px. */
export function clip(label: string, max: number): string {
  if (textWidth(label) <= max) return label;
  let out = "";
  for (const ch of label) {
    if (textWidth(`${out}${ch}…`) > max) break;
    out += ch;
  }
  return `${out}…`;
}

export function BarChart({
  title,
  data,
  format = (n) => String(n),
  barArea = 240,
  barHeight = 20,
  maxLabelWidth = 180,
  color = "#21636d",
}: {
  title: string;
  data: BarDatum[];
  format?: (n: number) => string;
  /** Width of the bars' area (viewBox units); the label column is sized to the labels. */
  barArea?: number;
  barHeight?: number;
  maxLabelWidth?: number;
  color?: string;
}) {
  const labelWidth = Math.min(maxLabelWidth, Math.max(40, ...data.map((d) => textWidth(d.label)))) + 10;
  const margin = { top: 4, right: 48, bottom: 4, left: labelWidth };
  const width = labelWidth + barArea + margin.right;
  const height = Math.max(1, data.length) * (barHeight + 6) + margin.top + margin.bottom;
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const y = scaleBand<string>({ domain: data.map((d) => d.key), range: [0, innerHeight], padding: 0.2 });
  const max = Math.max(1, ...data.map((d) => d.value));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, innerWidth] });
  return (
    <ChartSvg title={title} width={width} height={height} margin={margin} fit="max-width">
      <line x1={0} x2={0} y1={0} y2={innerHeight} stroke="#94a3b8" />
      {data.map((d) => {
        const top = px(y(d.key) ?? 0);
        const w = px(x(d.value));
        const middle = px(top + y.bandwidth() / 2);
        return (
          <g key={d.key}>
            <text x={-8} y={middle} dy="0.35em" textAnchor="end" fontSize={12} fill="#334155">
              {clip(d.label, labelWidth - 10)}
            </text>
            <rect x={0} y={top} width={Math.max(w, d.value > 0 ? 1 : 0)} height={px(y.bandwidth())} fill={color} rx={2} />
            <text x={w + 6} y={middle} dy="0.35em" fontSize={12} fill="#0f172a">
              {format(d.value)}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
