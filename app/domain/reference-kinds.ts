/**
 * The reference lists an admin edits (domain notes, "Places and fields"): each item has a code,
 * Chinese and English labels, an order and an active flag; a park also names its district.
 */
export const REFERENCE_KINDS = ["district", "park", "industry", "country", "department", "request_category", "stage"] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];
