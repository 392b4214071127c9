/**
 * How many columns apart an axis's labels stand so that none overlaps the next one. A label's
 * width is estimated from its characters: a CJK character is about as wide as the font size,
 * any other about 0.6 of it ("2024年第1季度" needs about twice the room of "Q1 2024").
 */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

export function estimatedTextWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? fontSize : fontSize * 0.6;
  return width;
}

/** Label every n-th of `labels` across `width` (at least 8 units between labels). */
export function labelEvery(labels: readonly string[], width: number, fontSize: number): number {
  if (labels.length === 0 || width <= 0) return 1;
  const widest = Math.max(...labels.map((label) => estimatedTextWidth(label, fontSize))) + 8;
  const slot = width / labels.length;
  return Math.max(1, Math.ceil(widest / slot));
}
