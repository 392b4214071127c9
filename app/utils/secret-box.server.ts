import { keyedHashWith, openWith, sealWith } from "../../db/secret-box";
import { env } from "./env.server";

/**
 * Secrets at rest under this server's SESSION_SECRET (db/secret-box.ts). Changing SESSION_SECRET
 * makes stored TOTP secrets and recovery codes unusable: `npm run two-factor:reset EMAIL` turns a
 * user's two-factor sign-in off so they can enrol again.
 */
export const sealSecret = (plain: string, purpose = "totp") => sealWith(env.SESSION_SECRET, plain, purpose);
export const openSecret = (sealed: string, purpose = "totp") => openWith(env.SESSION_SECRET, sealed, purpose);
export const keyedHash = (value: string, purpose: string) => keyedHashWith(env.SESSION_SECRET, value, purpose);
