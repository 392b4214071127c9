/**
 * Permissions as data: typed strings `action:entity:scope`.
 * `assigned` means the centres a steward leads or is district steward of; `own` means an
 * enterprise user's own centre. Ownership is checked by the model functions on top of these.
 */
export type Role = "admin" | "steward" | "official" | "enterprise";

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

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    "read:request:any",
    "handle:request:assigned",
    "invite:enterprise:any",
    "manage:outbox:any",
    "manage:users:any",
    "manage:reference:any",
    "read:admin:any",
    "read:centre:any",
    "create:centre:any",
    "update:centre:any",
    "import:centre:any",
    "read:work:own",
    "read:dashboard:any",
    "manage:checklists:any",
    "read:work:any",
    "update:centre-work:any",
    "read:stats:any",
    "manage:api-tokens:any",
    "read:notifications:own",
    "update:notification-settings:own",
    "read:answers:any",
    "write:answers:any",
  ],
  steward: [
    "read:request:any",
    "handle:request:assigned",
    "read:centre:any",
    "create:centre:any",
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

/** May this user edit this centre? Admins edit all; stewards those they lead or steward in the district. */
export function canEditCentre(
  user: { id: string; role: Role },
  centre: { leadStewardId: string | null; districtStewardId: string | null },
): boolean {
  if (can(user.role, "update:centre:any")) return true;
  if (!can(user.role, "update:centre:assigned")) return false;
  return centre.leadStewardId === user.id || centre.districtStewardId === user.id;
}

/**
 * May this user write a centre's checklist, interactions and follow-ups ("centre work")?
 * Admins on every centre; stewards on the centres they lead or steward in the district.
 */
export function canWorkOnCentre(
  user: { id: string; role: Role },
  centre: { leadStewardId: string | null; districtStewardId: string | null },
): boolean {
  if (can(user.role, "update:centre-work:any")) return true;
  if (!can(user.role, "update:centre-work:assigned")) return false;
  return centre.leadStewardId === user.id || centre.districtStewardId === user.id;
}

/** May this user invite enterprise users to this centre? Admins any; stewards the centres they lead or steward in the district. */
export function canInviteToCentre(
  user: { id: string; role: Role },
  centre: { leadStewardId: string | null; districtStewardId: string | null },
): boolean {
  if (can(user.role, "invite:enterprise:any")) return true;
  if (!can(user.role, "invite:enterprise:assigned")) return false;
  return centre.leadStewardId === user.id || centre.districtStewardId === user.id;
}

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
