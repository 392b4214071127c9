/** A self-contained SVG chart of the bench: per endpoint, bars for p50 and p95 latency and a mark for the SQL time, on a log scale. */

export type ChartRow = {
  label: string;
  p50: number;
  p95: number;
  p99: number;
  sqlMs: number | null;
  rps: number;
  errors: number;
};

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

export function benchChart(rows: ChartRow[], title: string, subtitle: string): string {
  const labelW = 250;
  const plotW = 560;
  const rightW = 210;
  const rowH = 34;
  const top = 70;
  const width = labelW + plotW + rightW;
  const height = top + rows.length * rowH + 60;
  const values = rows.flatMap((r) => [r.p50, r.p95, r.p99, r.sqlMs ?? 0]).filter((v) => v > 0);
  const minExp = Math.floor(Math.log10(Math.max(0.01, Math.min(...values, 1))));
  const maxExp = Math.ceil(Math.log10(Math.max(...values, 10)));
  const x = (ms: number) => labelW + ((Math.log10(Math.max(ms, 10 ** minExp)) - minExp) / (maxExp - minExp)) * plotW;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="16" y="24" font-size="16" font-weight="600">${escape(title)}</text>`);
  parts.push(`<text x="16" y="44" fill="#555">${escape(subtitle)}</text>`);
  // Grid: one line per power of ten, with 2 and 5 in between.
  for (let e = minExp; e <= maxExp; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v > 10 ** maxExp) continue;
      const gx = x(v);
      parts.push(
        `<line x1="${gx.toFixed(1)}" y1="${top - 6}" x2="${gx.toFixed(1)}" y2="${top + rows.length * rowH}" stroke="${m === 1 ? "#ccc" : "#eee"}"/>`,
      );
      if (m === 1 || rows.length > 0)
        parts.push(
          `<text x="${gx.toFixed(1)}" y="${top + rows.length * rowH + 16}" text-anchor="middle" fill="#666" font-size="10">${v >= 1 ? v : v.toFixed(Math.max(0, -e))}</text>`,
        );
    }
  }
  parts.push(
    `<text x="${labelW + plotW / 2}" y="${top + rows.length * rowH + 32}" text-anchor="middle" fill="#444">latency, ms (log scale)</text>`,
  );
  parts.push(
    `<text x="${labelW + plotW + 10}" y="${top - 10}" fill="#444" font-weight="600">p50 / p95 ms · req/s · failures</text>`,
  );
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${labelW - 8}" y="${y + 20}" text-anchor="end">${escape(r.label)}</text>`);
    parts.push(
      `<rect x="${labelW}" y="${y + 5}" width="${Math.max(1, x(r.p95) - labelW).toFixed(1)}" height="11" fill="#9ec5fe"><title>p95 ${fmtMs(r.p95)} ms</title></rect>`,
    );
    parts.push(
      `<rect x="${labelW}" y="${y + 5}" width="${Math.max(1, x(r.p50) - labelW).toFixed(1)}" height="11" fill="#0d6efd"><title>p50 ${fmtMs(r.p50)} ms</title></rect>`,
    );
    parts.push(
      `<line x1="${x(r.p99).toFixed(1)}" y1="${y + 3}" x2="${x(r.p99).toFixed(1)}" y2="${y + 18}" stroke="#6c757d" stroke-width="2"><title>p99 ${fmtMs(r.p99)} ms</title></line>`,
    );
    if (r.sqlMs !== null && r.sqlMs > 0) {
      parts.push(
        `<rect x="${labelW}" y="${y + 19}" width="${Math.max(1, x(r.sqlMs) - labelW).toFixed(1)}" height="6" fill="#fd7e14"><title>SQL ${fmtMs(r.sqlMs)} ms</title></rect>`,
      );
    }
    parts.push(
      `<text x="${labelW + plotW + 10}" y="${y + 14}" fill="#333">${r.p50 > 0 ? `${fmtMs(r.p50)} / ${fmtMs(r.p95)}` : "no answer within the run"}</text>`,
    );
    parts.push(
      `<text x="${labelW + plotW + 10}" y="${y + 27}" fill="${r.errors > 0 ? "#b02a37" : "#666"}" font-size="10">${r.rps >= 10 ? r.rps.toFixed(0) : r.rps.toFixed(1)} req/s · ${r.errors} failures</text>`,
    );
  });
  const ly = height - 14;
  parts.push(`<rect x="16" y="${ly - 9}" width="12" height="9" fill="#0d6efd"/><text x="32" y="${ly}">p50</text>`);
  parts.push(`<rect x="70" y="${ly - 9}" width="12" height="9" fill="#9ec5fe"/><text x="86" y="${ly}">p95</text>`);
  parts.push(
    `<line x1="128" y1="${ly - 10}" x2="128" y2="${ly + 1}" stroke="#6c757d" stroke-width="2"/><text x="134" y="${ly}">p99</text>`,
  );
  parts.push(
    `<rect x="170" y="${ly - 7}" width="12" height="5" fill="#fd7e14"/><text x="186" y="${ly}">SQL of the page's loaders (p50, in-process)</text>`,
  );
  parts.push(`</svg>`);
  return parts.join("\n");
}
