/** The list pages whose filters a user may keep as a named view. */
export const SAVED_VIEW_PAGES = ["centres", "requests"] as const;
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number];
