/** Demo accounts the seed creates; the login page lists them in demo mode. */
export const DEMO_PASSWORD = "demo-pass-2026";
export const DEMO_ACCOUNTS = {
  admin: "admin@demo.local",
  steward: "steward@demo.local",
  official: "official@demo.local",
  enterprise: "enterprise@demo.local",
} as const;
