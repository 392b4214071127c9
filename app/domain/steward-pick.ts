/**
 * Which steward a steward picker names. The picker is a text field with a hidden id beside it,
 * both sent with the form: with JavaScript, choosing a suggestion fills in both (the name and the
 * id); without it, the person types a name or an email and the id stays as the page set it.
 *
 * Rules:
 * 1. No text sent: the id decides (a link or a saved view names a steward by id alone).
 * 2. Text sent but empty: no steward ("any" in a filter, "none" in an assignment), whatever the id.
 * 3. Text equal to the name of the steward the id names: that steward (the page as it was rendered).
 * 4. Otherwise the text decides: a steward whose name or email equals it, ignoring case and
 *    surrounding spaces; else those whose name or email contains it. One is chosen; none or
 *    several are reported, with the first few candidates so the person can choose.
 */

export type StewardChoice = { id: string; name: string; email: string };

export type StewardPick =
  | { kind: "none" }
  | { kind: "one"; steward: StewardChoice }
  | { kind: "unknown"; text: string }
  | { kind: "several"; text: string; candidates: StewardChoice[] };

/** Candidates reported when typed text matches several stewards. */
export const MAX_CANDIDATES = 8;

const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase();

/** The stewards whose name or email contains `text` (folded), those equal to it first, each group by name. */
export function stewardsMatching(text: string, stewards: readonly StewardChoice[]): StewardChoice[] {
  const wanted = fold(text);
  if (!wanted) return [];
  const exact: StewardChoice[] = [];
  const partial: StewardChoice[] = [];
  for (const s of stewards) {
    const name = fold(s.name);
    const email = fold(s.email);
    if (name === wanted || email === wanted) exact.push(s);
    else if (name.includes(wanted) || email.includes(wanted)) partial.push(s);
  }
  // As the steward lists order them (by name as stored, then email), whatever the ICU data.
  const code = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byName = (a: StewardChoice, b: StewardChoice) => code(a.name, b.name) || code(a.email, b.email);
  return [...exact.sort(byName), ...partial.sort(byName)];
}

/**
 * The steward a picker's fields name, from the id and text sent (`text` null when the text field
 * was not sent: a link or a form from before the picker), `byId` the steward or admin with that id
 * (disabled or not: the page may show one who has left) and `stewards` every active steward.
 */
export function pickSteward(
  sent: { id: string | null; text: string | null },
  byId: StewardChoice | null,
  stewards: readonly StewardChoice[],
): StewardPick {
  if (sent.text === null) return byId ? { kind: "one", steward: byId } : { kind: "none" };
  const text = sent.text.trim();
  if (!text) return { kind: "none" };
  if (byId && fold(byId.name) === fold(text)) return { kind: "one", steward: byId };
  const matches = stewardsMatching(text, stewards);
  const exact = matches.filter((s) => fold(s.name) === fold(text) || fold(s.email) === fold(text));
  const chosen = exact.length > 0 ? exact : matches;
  if (chosen.length === 1) return { kind: "one", steward: chosen[0]! };
  if (chosen.length === 0) return { kind: "unknown", text };
  return { kind: "several", text, candidates: chosen.slice(0, MAX_CANDIDATES) };
}
