import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Small secrets at rest (the TOTP secrets of two-factor sign-in), encrypted with AES-256-GCM
 * under a key derived with HKDF from the server's SESSION_SECRET (`keyMaterial`), so a copy of
 * the database alone does not reveal them. The app uses app/utils/secret-box.server.ts, which
 * passes its SESSION_SECRET; the demo seed passes the one the server will run with.
 */
const VERSION = "v1";

function keyFor(keyMaterial: string, purpose: string) {
  return Buffer.from(hkdfSync("sha256", keyMaterial, "rdc-steward secret box", purpose, 32));
}

export function sealWith(keyMaterial: string, plain: string, purpose = "totp"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(keyMaterial, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** The plain secret, or null when the value was not sealed under this key (or was altered). */
export function openWith(keyMaterial: string, sealed: string, purpose = "totp"): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(keyMaterial, purpose), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** A keyed hash (HMAC-SHA256) for single-use codes stored at rest. */
export function keyedHashWith(keyMaterial: string, value: string, purpose: string): string {
  return createHmac("sha256", keyFor(keyMaterial, purpose)).update(value).digest("hex");
}
