import { Group } from "@visx/group";
import type { scaleLinear } from "@visx/scale";
import { useId } from "react";
import { formatNumber } from "~/utils/format";

/** The colour of axis lines and ticks in every chart. */
export const AXIS_STROKE = { stroke: "#94a3b8", tickStroke: "#94a3b8" } as const;

/**
 * A chart's SVG, titled for screen readers, with its plot area moved inside the margin. It
 * scales with its box (viewBox); `fit` says whether it keeps a minimum width (the page scrolls
 * sideways on a phone) or never grows past its own width.
 */
export function ChartSvg({
  title,
  width,
  height,
  margin,
  fit,
  children,
}: {
  title: string;
  width: number;
  height: number;
  margin: { top: number; left: number };
  fit: "min-width" | "max-width";
  children: React.ReactNode;
}) {
  const titleId = useId();
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={titleId}
      className={fit === "min-width" ? "block h-auto" : "block h-auto max-w-full"}
      style={fit === "min-width" ? { minWidth: 480 } : { maxWidth: width }}
    >
      <title id={titleId}>{title}</title>
      <Group left={margin.left} top={margin.top}>
        {children}
      </Group>
    </svg>
  );
}

type LinearScale = ReturnType<typeof scaleLinear<number>>;

/** Light horizontal lines at the value axis's ticks. */
export function GridLines({ ticks, y, width }: { ticks: number[]; y: LinearScale; width: number }) {
  return <path d={ticks.map((tick) => `M0,${px(y(tick))}H${px(width)}`).join("")} stroke="#e2e8f0" fill="none" />;
}

/** A coordinate to a tenth of a unit: the charts scale with their box, and 16 digits are bytes on every view. */
export const px = (n: number) => Math.round(n * 10) / 10;

const TICK = 8;
const LABEL_FILL = "#475569";

/**
 * The value axis on the left: the line and its ticks as one path, each tick's value as one
 * plain text. visx's axes drew a group, a line and a text with a dozen attributes per tick, with
 * a component and a scale walk each (issue 14); this draws the same marks in the same places.
 */
export function ValueAxis({
  y,
  locale,
  ticks,
}: {
  y: LinearScale;
  locale: string;
  /** The values to mark; about five when left out. */
  ticks?: number[];
}) {
  const values = ticks ?? y.ticks(5);
  const [bottom, top] = y.range() as [number, number];
  const path = `M0,${px(bottom) + 0.5}V${px(top) + 0.5}${values.map((v) => `M${-TICK},${px(y(v))}H0`).join("")}`;
  return (
    <g fontSize={11} fill={LABEL_FILL} textAnchor="end">
      <path d={path} stroke={AXIS_STROKE.stroke} fill="none" shapeRendering="crispEdges" />
      {values.map((v) => (
        <text key={v} x={-TICK - 4} y={px(y(v))} dy="0.33em">
          {formatNumber(v, locale)}
        </text>
      ))}
    </g>
  );
}

/**
 * The time axis at the bottom (at `top`, the plot's height): the line along `width`, a tick and a
 * label at each of `ticks` (x in plot units), as ValueAxis draws its own.
 */
export function TimeAxis({
  top,
  width,
  ticks,
  fontSize,
}: {
  top: number;
  width: number;
  ticks: { key: string; x: number; label: string }[];
  fontSize: number;
}) {
  const path = `M0,0.5H${px(width)}${ticks.map((t) => `M${px(t.x)},0V${TICK}`).join("")}`;
  return (
    <g transform={`translate(0, ${px(top)})`} fontSize={fontSize} fill={LABEL_FILL} textAnchor="middle">
      <path d={path} stroke={AXIS_STROKE.stroke} fill="none" shapeRendering="crispEdges" />
      {ticks.map((t) => (
        <text key={t.key} x={px(t.x)} y={TICK + 10}>
          {t.label}
        </text>
      ))}
    </g>
  );
}
