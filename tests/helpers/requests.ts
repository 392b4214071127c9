import { data } from "@remix-run/node";
import { hash } from "@node-rs/argon2";
import { csrf } from "../../app/utils/csrf.server";
import { sessionStorage } from "../../app/utils/session.server";
import { db } from "../../app/utils/db.server";
import { insertUser } from "../../db/factories";
import { newTotpSecret } from "../../app/domain/two-factor";
import { sealSecret } from "../../app/utils/secret-box.server";
import type { Role } from "../../db/schema";

export const BASE = "http://localhost";
export const context = { clientAddress: "127.0.0.1" };
let counter = 0;
let cachedHash: Promise<string> | null = null;
export const TEST_PASSWORD = "correct-horse-battery";

/**
 * A user in the worker's database, with a unique email. Admins have two-factor sign-in on (as
 * the app requires) with a random TOTP key, unless `twoFactor: false`; others only when asked.
 */
export async function makeUser(
  role: Role,
  {
    twoFactor = role === "admin",
    ...extra
  }: { centreId?: string | null; locale?: "zh-CN" | "en" | null; twoFactor?: boolean } = {},
) {
  // Argon2id at its lowest cost: signing in as a test user then verifies in a millisecond, not 30 ms
  // (the app's own hashes, and every hash in production, keep the library's default cost).
  cachedHash ??= hash(TEST_PASSWORD, { memoryCost: 1024, timeCost: 1, parallelism: 1 });
  counter += 1;
  const email = `${role}-${counter}-${process.pid}@test.local`;
  const totpSecret = twoFactor ? newTotpSecret() : null;
  const id = insertUser(db, {
    email,
    name: `${role} ${counter}`,
    role,
    passwordHash: await cachedHash,
    ...extra,
    ...(totpSecret ? { totpSecret: sealSecret(totpSecret), totpEnabledAt: new Date() } : {}),
  });
  return { id, email, role, totpSecret };
}

/** A Cookie header with a signed-in session for the user. */
export async function sessionCookieFor(userId: string) {
  const session = await sessionStorage.getSession();
  session.set("userId", userId);
  const setCookie = await sessionStorage.commitSession(session);
  return setCookie.split(";")[0]!;
}

/** A GET request, signed in as the user when given. */
export async function get(path: string, userId?: string, headers: Record<string, string> = {}) {
  const cookie = userId ? await sessionCookieFor(userId) : "";
  return new Request(`${BASE}${path}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
}

/** A form POST with a valid CSRF token (unless `csrfToken: false`), signed in as the user when given. */
export async function post(
  path: string,
  fields: Record<string, string | Blob>,
  options: { userId?: string; csrfToken?: boolean; headers?: Record<string, string> } = {},
) {
  const cookies: string[] = [];
  const body = new FormData();
  if (options.csrfToken !== false) {
    const [token, cookieHeader] = await csrf.commitToken(new Request(BASE));
    cookies.push(cookieHeader!.split(";")[0]!);
    body.set("csrf", token);
  }
  if (options.userId) cookies.push(await sessionCookieFor(options.userId));
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { Cookie: cookies.join("; "), ...(options.headers ?? {}) },
  });
}

/** Runs a loader or action and returns the thrown or returned Response/data, so tests can assert either. */
export async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** What Remix's public `data(value, init)` returns: the value, with the status and headers to answer with. */
type DataResult<T> = ReturnType<typeof data<T>>;
/** The class of `data()` results, taken from the public function itself (no private tag is read). */
const DataResultClass = data(null).constructor;
const isDataResult = (result: unknown): result is DataResult<unknown> => result instanceof DataResultClass;

/**
 * What a loader or action answered, as the client sees it: the status and the data (null for a
 * Response, such as a redirect or a thrown 404), for a plain value, a `data()` result or a Response.
 */
export function payload<T = Record<string, unknown>>(result: unknown): { status: number; data: T } {
  if (result instanceof Response) return { status: result.status, data: null as T };
  if (isDataResult(result)) return { status: result.init?.status ?? 200, data: result.data as T };
  return { status: 200, data: result as T };
}

/** The status a loader or action answers with: a Response's, a `data()` result's, or 200 for a plain value. */
export const statusOf = (result: unknown) => payload(result).status;

/** The headers a loader or action answers with (a Response's or a `data()` result's; none for a plain value). */
export function headersOf(result: unknown): Headers {
  if (result instanceof Response) return result.headers;
  if (isDataResult(result)) return new Headers(result.init?.headers);
  return new Headers();
}
