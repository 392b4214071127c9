/**
 * Every page of the app, per role, for the layout tests: one entry per route file, so a route
 * added without an entry fails (as in tests/integration/permission-matrix.test.ts).
 * "page" entries are HTML pages a role opens; "none" entries are files that render no page of
 * their own (downloads, JSON, redirects), with the reason.
 */
export type Role = "anon" | "admin" | "steward" | "official" | "enterprise";
export type Ids = { centreId: string; requestId: string; articleId: string };
export type PageEntry = { kind: "page"; roles: Role[]; url: (ids: Ids) => string } | { kind: "none"; why: string };

const STAFF: Role[] = ["admin", "steward", "official"];
const STEWARDS: Role[] = ["admin", "steward"];

export const PAGES: Record<string, PageEntry> = {
  "_index.tsx": { kind: "none", why: "redirects to the role's home" },
  "healthz.ts": { kind: "none", why: "JSON" },
  "bench.trivial.tsx": { kind: "none", why: "the bench's yardstick page (one SQLite read), not a page users open" },
  "bench.event-loop.ts": { kind: "none", why: "JSON for the bench (BENCH=1 only, else 404)" },
  "login.tsx": { kind: "page", roles: ["anon"], url: () => "/login" },
  "logout.tsx": { kind: "none", why: "redirect" },
  "invite.$token.tsx": { kind: "page", roles: ["anon"], url: () => "/invite/not-a-real-token" },
  "admin._index.tsx": { kind: "page", roles: ["admin"], url: () => "/admin" },
  "admin.users.tsx": { kind: "page", roles: ["admin"], url: () => "/admin/users" },
  "admin.reference.tsx": { kind: "page", roles: ["admin"], url: () => "/admin/reference" },
  "admin.checklists.tsx": { kind: "page", roles: ["admin"], url: () => "/admin/checklists" },
  "admin.outbox.tsx": { kind: "page", roles: ["admin"], url: () => "/admin/outbox" },
  "admin.api-tokens.tsx": { kind: "page", roles: ["admin"], url: () => "/admin/api-tokens" },
  "admin.settings.tsx": { kind: "page", roles: ["admin"], url: () => "/admin/settings" },
  "api.v1.stats.centres.ts": { kind: "none", why: "JSON" },
  "attachments.$attachmentId.tsx": { kind: "none", why: "file download" },
  "centres._index.tsx": { kind: "page", roles: STAFF, url: () => "/centres" },
  "centres.new.tsx": { kind: "page", roles: STEWARDS, url: () => "/centres/new" },
  "centres.import.tsx": { kind: "page", roles: STEWARDS, url: () => "/centres/import" },
  "centres.export[.]csv.ts": { kind: "none", why: "CSV download" },
  "centres.export[.]xlsx.ts": { kind: "none", why: "XLSX download" },
  "centres.$centreId.tsx": { kind: "page", roles: STAFF, url: (ids) => `/centres/${ids.centreId}` },
  "centres.$centreId_.edit.tsx": { kind: "page", roles: STEWARDS, url: (ids) => `/centres/${ids.centreId}/edit` },
  "centres.$centreId_.checklist.tsx": { kind: "page", roles: STAFF, url: (ids) => `/centres/${ids.centreId}/checklist` },
  "centres.$centreId_.follow-ups.tsx": { kind: "page", roles: STAFF, url: (ids) => `/centres/${ids.centreId}/follow-ups` },
  "centres.$centreId_.handover.tsx": { kind: "page", roles: STAFF, url: (ids) => `/centres/${ids.centreId}/handover` },
  "centres.$centreId_.interactions.new.tsx": {
    kind: "page",
    roles: STEWARDS,
    url: (ids) => `/centres/${ids.centreId}/interactions/new`,
  },
  "centres.$centreId_.invite.tsx": { kind: "page", roles: STEWARDS, url: (ids) => `/centres/${ids.centreId}/invite` },
  "pipeline.tsx": { kind: "page", roles: STAFF, url: () => "/pipeline" },
  "work.tsx": { kind: "page", roles: STEWARDS, url: () => "/work" },
  "dashboard._index.tsx": { kind: "page", roles: STAFF, url: () => "/dashboard" },
  "dashboard.centres.tsx": { kind: "page", roles: STAFF, url: () => "/dashboard/centres?by=level&key=global" },
  "dashboard.requests.tsx": { kind: "page", roles: STAFF, url: () => "/dashboard/requests?from=2025-01-01&to=2026-06-30" },
  "dashboard.print.tsx": { kind: "page", roles: STAFF, url: () => "/dashboard/print" },
  "dashboard.export[.]csv.ts": { kind: "none", why: "CSV download" },
  "dashboard.export[.]xlsx.ts": { kind: "none", why: "XLSX download" },
  "portal._index.tsx": { kind: "page", roles: ["enterprise"], url: () => "/portal" },
  "portal.requests.new.tsx": { kind: "page", roles: ["enterprise"], url: () => "/portal/requests/new" },
  "portal.requests.$requestId.tsx": { kind: "page", roles: ["enterprise"], url: (ids) => `/portal/requests/${ids.requestId}` },
  "requests._index.tsx": { kind: "page", roles: STAFF, url: () => "/requests" },
  "requests.new.tsx": { kind: "page", roles: STEWARDS, url: () => "/requests/new" },
  "requests.$requestId.tsx": { kind: "page", roles: STAFF, url: (ids) => `/requests/${ids.requestId}` },
  "search.tsx": { kind: "page", roles: STAFF, url: () => "/search?q=Helix" },
  "portal.search.tsx": { kind: "page", roles: ["enterprise"], url: () => "/portal/search?q=work" },
  "saved-views.tsx": { kind: "none", why: "a form posts here; a GET redirects" },
  "centres.bulk.tsx": { kind: "none", why: "the centre list's bulk form posts here; a GET redirects" },
  "centres.bulk_.$resultId.tsx": { kind: "none", why: "the result of one bulk action (tests/e2e/search.test.ts)" },
  "language.tsx": { kind: "none", why: "the header's language switch posts here; a GET redirects" },
  "forgot-password.tsx": { kind: "page", roles: ["anon"], url: () => "/forgot-password" },
  "reset-password.$token.tsx": { kind: "page", roles: ["anon"], url: () => "/reset-password/not-a-real-token" },
  "login_.two-factor.tsx": { kind: "none", why: "reached only between password and code (tests/e2e/two-factor.test.ts)" },
  "account.security.tsx": { kind: "page", roles: ["admin", "steward", "official", "enterprise"], url: () => "/account/security" },
  "notifications.tsx": { kind: "page", roles: STEWARDS, url: () => "/notifications" },
  "answers._index.tsx": { kind: "page", roles: STAFF, url: () => "/answers" },
  "answers.new.tsx": { kind: "page", roles: STEWARDS, url: () => "/answers/new" },
  "answers.$articleId.tsx": { kind: "page", roles: STAFF, url: (ids) => `/answers/${ids.articleId}` },
  "answers.$articleId_.edit.tsx": { kind: "page", roles: STEWARDS, url: (ids) => `/answers/${ids.articleId}/edit` },
  "answers.import.tsx": { kind: "page", roles: STEWARDS, url: () => "/answers/import" },
  "answers.export[.]csv.ts": { kind: "none", why: "CSV download" },
  "portal.answers._index.tsx": { kind: "page", roles: ["enterprise"], url: () => "/portal/answers" },
  "portal.answers.$articleId.tsx": { kind: "page", roles: ["enterprise"], url: (ids) => `/portal/answers/${ids.articleId}` },
  "portal.answers.suggest.ts": { kind: "none", why: "JSON for the new-request form's suggestions" },
  "stewards.options.ts": { kind: "none", why: "JSON for the steward pickers' suggestions" },
  "settings.notifications.tsx": { kind: "page", roles: ["admin", "steward", "enterprise"], url: () => "/settings/notifications" },
};

export const DEMO_ACCOUNTS: Record<Exclude<Role, "anon">, string> = {
  admin: "admin@demo.local",
  steward: "steward@demo.local",
  official: "official@demo.local",
  enterprise: "enterprise@demo.local",
};

/** The URLs each role visits, in route-file order. */
export function pagesByRole(ids: Ids): Record<Role, string[]> {
  const out: Record<Role, string[]> = { anon: [], admin: [], steward: [], official: [], enterprise: [] };
  for (const entry of Object.values(PAGES)) {
    if (entry.kind !== "page") continue;
    for (const role of entry.roles) out[role].push(entry.url(ids));
  }
  return out;
}

/**
 * Runs in the page: how far the document reaches past the viewport, what sticks out, and every
 * table row whose cell count (with colspans) differs from its header's.
 */
export function measureInPage() {
  const viewport = document.documentElement.clientWidth;
  const width = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const culprits: string[] = [];
  if (width > viewport) {
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right > viewport + 1 && r.width > 0) {
        // Only the outermost offender of each branch.
        const parent = el.parentElement;
        if (parent && parent.getBoundingClientRect().right > viewport + 1) continue;
        culprits.push(
          `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : ""}.${String(el.className).slice(0, 60)} → ${Math.round(r.right)}`,
        );
        if (culprits.length >= 5) break;
      }
    }
  }
  const badRows: string[] = [];
  for (const table of Array.from(document.querySelectorAll("table"))) {
    const headRow = table.tHead?.rows[0];
    if (!headRow) continue;
    // (No helper functions in here: the function is serialised into the page as it is.)
    let columns = 0;
    for (const cell of Array.from(headRow.cells)) columns += cell.colSpan || 1;
    for (const body of Array.from(table.tBodies)) {
      for (const row of Array.from(body.rows)) {
        let cells = 0;
        for (const cell of Array.from(row.cells)) cells += cell.colSpan || 1;
        if (cells !== columns) {
          badRows.push(
            `${table.caption?.textContent ?? table.getAttribute("data-testid") ?? "table"}: ${cells} cells under ${columns} headers`,
          );
          break;
        }
      }
    }
  }
  return { viewport, width, culprits, badRows };
}
