import { and, eq, inArray, sql } from "drizzle-orm";
import { users } from "../../db/schema";
import { pickSteward, stewardsMatching, type StewardChoice, type StewardPick } from "~/domain/steward-pick";
import { parseCentreFilters, type CentreFilters } from "~/schemas/centre-filters";
import { preparedQuery } from "~/utils/prepared-query.server";
import { listStewards } from "./centre.server";

/** Suggestions a steward picker shows while a name is typed. */
export const MAX_SUGGESTIONS = 8;

/**
 * A steward or admin by id, disabled or not (a saved view may name a steward who has since left;
 * an assignment checks that the steward is active itself).
 */
const stewardWithId = preparedQuery((conn) =>
  conn
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, sql.placeholder("id")), inArray(users.role, ["steward", "admin"])))
    .prepare(),
);

export function stewardById(id: string): StewardChoice | null {
  return stewardWithId().get({ id }) ?? null;
}

/** The active stewards a picker suggests for typed text (see `stewardsMatching`). */
export function stewardSuggestions(text: string): StewardChoice[] {
  return stewardsMatching(text, listStewards()).slice(0, MAX_SUGGESTIONS);
}

/** The steward a picker's two fields name (rules in app/domain/steward-pick.ts); `text` null when not sent. */
export function stewardPicked(sent: { id: string | null; text: string | null }): StewardPick {
  const id = sent.id?.trim() || null;
  if (sent.text === null && !id) return { kind: "none" };
  return pickSteward({ id, text: sent.text }, id ? stewardById(id) : null, sent.text?.trim() ? listStewards() : []);
}

/**
 * Stands for a steward filter whose typed text named nobody or several stewards: it matches no
 * centre, so the list, its exports and "all matching" in bulk never widen to every steward's
 * centres because a name was mistyped.
 */
export const UNMATCHED_STEWARD = "(unmatched steward)";

/** A steward filter as a list shows it: the chosen steward, or the problem with the text typed. */
export type StewardFilterShown = {
  chosen: StewardChoice | null;
  problem: Extract<StewardPick, { kind: "unknown" | "several" }> | null;
};

/**
 * A list's steward filter (`id` and `text` from its URL) resolved: the steward id to filter by
 * (UNMATCHED_STEWARD when the text named nobody or several) and what the picker shows. A URL
 * naming a steward by id alone (a link, a saved view from before the picker) filters by that id,
 * as it always did.
 */
export function stewardFilter(
  id: string | undefined,
  text: string | undefined,
): { id: string | undefined; shown: StewardFilterShown } {
  if (text === undefined) return { id, shown: { chosen: id ? stewardById(id) : null, problem: null } };
  const pick = stewardPicked({ id: id ?? null, text });
  switch (pick.kind) {
    case "one":
      return { id: pick.steward.id, shown: { chosen: pick.steward, problem: null } };
    case "none":
      return { id: undefined, shown: { chosen: null, problem: null } };
    default:
      return { id: UNMATCHED_STEWARD, shown: { chosen: null, problem: pick } };
  }
}

/** The centre list's filters with the steward picker's text resolved (`stewardFilter`). */
export function withStewardPicked(filters: CentreFilters): { filters: CentreFilters; steward: StewardFilterShown } {
  const { steward_text: text, ...rest } = filters;
  const { id, shown } = stewardFilter(filters.steward, text);
  return { filters: { ...rest, steward: id }, steward: shown };
}

/** The centre list's filters of a URL (`parseCentreFilters`), the steward picker's text resolved. */
export function centreFiltersOf(searchParams: URLSearchParams) {
  return withStewardPicked(parseCentreFilters(searchParams));
}

/**
 * A form's steward picker (`idName`, `textName`) resolved: the values with the id field set to the
 * steward the two fields name ("" for none), or the message for the id field when the text named
 * nobody or several stewards. A form without the text field (a one-click form) is left as sent.
 */
export function withPickedSteward<V extends Record<string, unknown>>(
  values: V,
  idName: string,
  textName: string,
  options: { by?: "id" | "email" } = {},
): { values: V; error: null } | { values: V; error: string } {
  const text = values[textName];
  if (typeof text !== "string") return { values, error: null };
  const sent = typeof values[idName] === "string" ? (values[idName] as string).trim() : "";
  const id = options.by === "email" ? (sent ? (stewardWithEmail().get({ email: sent.toLowerCase() })?.id ?? null) : null) : sent;
  const pick = stewardPicked({ id: id || null, text });
  if (pick.kind === "unknown") return { values, error: "validation.stewardUnknown" };
  if (pick.kind === "several") return { values, error: "validation.stewardSeveral" };
  const chosen = pick.kind === "one" ? (options.by === "email" ? pick.steward.email : pick.steward.id) : "";
  return { values: { ...values, [idName]: chosen }, error: null };
}

/** A steward or admin by email (the centre form names stewards by email, as the import does). */
const stewardWithEmail = preparedQuery((conn) =>
  conn
    .select({ id: users.id })
    .from(users)
    // Emails are kept in lower case (insertUser, the user model).
    .where(and(eq(users.email, sql.placeholder("email")), inArray(users.role, ["steward", "admin"])))
    .prepare(),
);
