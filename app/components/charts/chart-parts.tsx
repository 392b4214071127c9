import { AxisLeft, type TickRendererProps } from "@visx/axis";
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
  return (
    <>
      {ticks.map((tick) => (
        <line key={tick} x1={0} x2={width} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
      ))}
    </>
  );
}

/**
 * A tick's label as one plain SVG text: visx's own (`<Text>`) wraps each label in a nested SVG
 * and parses its offsets with a CSS calc() parser, a large part of the dashboard's rendering
 * (about 40 charts; issue 14). The offsets `dx`/`dy` are the text's own, so it sits where visx put it.
 */
export function tickLabel({ formattedValue, x, y, dx, dy, fontSize, fill, textAnchor }: TickRendererProps) {
  return (
    <text x={x} y={y} dx={dx} dy={dy} fontSize={fontSize} fill={fill} textAnchor={textAnchor}>
      {formattedValue}
    </text>
  );
}

/** The value axis on the left, its figures in the reader's number format. */
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
  return (
    <AxisLeft
      scale={y}
      {...(ticks ? { tickValues: ticks } : { numTicks: 5 })}
      {...AXIS_STROKE}
      tickFormat={(v) => formatNumber(Number(v), locale)}
      tickComponent={tickLabel}
      tickLabelProps={() => ({ fontSize: 11, fill: "#475569", textAnchor: "end", dx: -4, dy: "0.33em" })}
    />
  );
}
