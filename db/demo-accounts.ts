/** Demo accounts the seed creates; the login page lists them in demo mode. */
export const DEMO_PASSWORD = "demo-pass-2026";
export const DEMO_ACCOUNTS = {
  admin: "admin@demo.local",
  steward: "steward@demo.local",
  official: "official@demo.local",
  enterprise: "enterprise@demo.local",
} as const;

/**
 * The demo administrator signs in with two-factor sign-in like every admin: this is the TOTP key
 * the seed enrols it with (README, "Demo accounts"; the two-factor page shows it in demo mode).
 * Add it to any authenticator app, or compute a code with `totpCode` in app/domain/two-factor.ts.
 */
export const DEMO_ADMIN_TOTP_SECRET = "7ITDBW7MRKML4I3QXBBPJRBTXPWFOO4N";
/** The key material the app falls back to without SESSION_SECRET outside production (app/utils/env.server.ts). */
export const DEV_SESSION_SECRET = "dev-only-secret-not-for-production";
