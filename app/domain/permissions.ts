/**
 * Permissions as data: typed strings `action:entity:scope`.
 * `assigned` means the centres a steward leads or is district steward of; `own` means an
 * enterprise user's own centre. Ownership is checked by the model functions on top of these.
 */
export const ROLES = ["admin", "steward", "official", "enterprise"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "manage:users:any",
  "manage:reference:any",
  "read:admin:any",
  "read:centre:any",
  "create:centre:any",
  "update:centre:any",
  "update:centre:assigned",
  "import:centre:any",
  "read:work:own",
  "read:dashboard:any",
  "read:portal:own",
  "read:request:any",
  "handle:request:any",
  "handle:request:assigned",
  "invite:enterprise:any",
  "invite:enterprise:assigned",
  "manage:outbox:any",
  "manage:checklists:any",
  "read:work:any",
  "update:centre-work:any",
  "update:centre-work:assigned",
  "read:stats:any",
  "manage:api-tokens:any",
  "read:notifications:own",
  "update:notification-settings:own",
  "read:answers:any",
  "write:answers:any",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What an admin may not do: the enterprise portal, and the `:assigned` scopes of centre edits,
 * centre work and invitations, which their `:any` covers. (They keep `handle:request:assigned`:
 * the routes that log and handle a request ask for it, and admins handle any request.)
 */
const NOT_FOR_ADMINS: readonly Permission[] = [
  "read:portal:own",
  "update:centre:assigned",
  "update:centre-work:assigned",
  "invite:enterprise:assigned",
];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS.filter((p) => !NOT_FOR_ADMINS.includes(p)),
  steward: [
    "read:request:any",
    "handle:request:assigned",
    "read:centre:any",
    "create:centre:any",
    "import:centre:any",
    "update:centre:assigned",
    "read:work:own",
    "read:dashboard:any",
    "update:centre-work:assigned",
    "invite:enterprise:assigned",
    "read:notifications:own",
    "update:notification-settings:own",
    "read:answers:any",
    "write:answers:any",
  ],
  official: ["read:request:any", "read:centre:any", "read:dashboard:any", "read:stats:any", "read:answers:any"],
  enterprise: ["read:portal:own", "update:notification-settings:own"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Where each role lands after signing in. */
export const HOME_BY_ROLE: Record<Role, string> = {
  admin: "/admin",
  steward: "/work",
  official: "/dashboard",
  enterprise: "/portal",
};

/** A centre's stewards: its lead steward (city level) and its district steward. */
export type CentreStewards = { leadStewardId: string | null; districtStewardId: string | null };

/** Is the user one of the centre's stewards? This is what `:assigned` means. */
export function isStewardOf(user: { id: string }, centre: CentreStewards): boolean {
  return centre.leadStewardId === user.id || centre.districtStewardId === user.id;
}

/** The `:any` permission on every centre, or the `:assigned` one on a centre the user stewards. */
function canOnCentre(user: { id: string; role: Role }, centre: CentreStewards, any: Permission, assigned: Permission) {
  if (can(user.role, any)) return true;
  return can(user.role, assigned) && isStewardOf(user, centre);
}

type CentreCheck = (user: { id: string; role: Role }, centre: CentreStewards) => boolean;

/** May this user edit this centre (its record, stage and level events)? */
export const canEditCentre: CentreCheck = (user, centre) =>
  canOnCentre(user, centre, "update:centre:any", "update:centre:assigned");

/** May this user write a centre's checklist, interactions and follow-ups ("centre work")? */
export const canWorkOnCentre: CentreCheck = (user, centre) =>
  canOnCentre(user, centre, "update:centre-work:any", "update:centre-work:assigned");

/** May this user invite enterprise users to this centre? */
export const canInviteToCentre: CentreCheck = (user, centre) =>
  canOnCentre(user, centre, "invite:enterprise:any", "invite:enterprise:assigned");

/** May this user handle (accept, refer, answer…) the support requests of this centre? */
export const canHandleRequests: CentreCheck = (user, centre) =>
  canOnCentre(user, centre, "handle:request:any", "handle:request:assigned");

/**
 * A `redirectTo` from a user is kept only when it is a path on this site:
 * it starts with a single "/" and is not protocol-relative or a backslash trick.
 */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  // Percent-encode what a Location header cannot carry (e.g. an ideographic space) the way a URL does.
  const url = new URL(to, "http://site.invalid");
  if (url.origin !== "http://site.invalid") return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
