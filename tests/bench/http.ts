/** A minimal HTTP client with a cookie jar: sign in as a user the way a browser does (CSRF cookie and token, session cookie). */

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the Set-Cookie headers of a response (a cookie that expires is removed). */
  take(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const eq = pair!.indexOf("=");
      if (eq < 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k, v] = a.split("=").map((s) => s.trim());
        if (k?.toLowerCase() === "max-age") return Number(v) <= 0;
        if (k?.toLowerCase() === "expires") return Date.parse(v ?? "") <= Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string) {
    return this.cookies.get(name);
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** The CSRF token of a page (the hidden input named "csrf"). */
export function csrfTokenOf(html: string): string | null {
  for (const input of html.match(/<input\b[^>]*>/g) ?? []) {
    if (!/\bname="csrf"/.test(input)) continue;
    const value = /\bvalue="([^"]*)"/.exec(input);
    if (value)
      return value[1]!
        .replace(/&amp;/g, "&")
        .replace(/&quot;/g, '"')
        .replace(/&#x27;|&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">");
  }
  return null;
}

export type Client = {
  email: string;
  jar: CookieJar;
  /** The CSRF token that goes with the jar's csrf cookie. */
  csrf: string;
  /** Cookie header for requests made outside this client (autocannon). */
  cookie: () => string;
  get: (path: string, init?: RequestInit) => Promise<Response>;
  /** POSTs an urlencoded form (the CSRF token is added), without following the redirect. */
  postForm: (
    path: string,
    fields: Record<string, string | string[]>,
    init?: RequestInit & { timeoutMs?: number },
  ) => Promise<Response>;
};

export function formBody(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return body.toString();
}

/**
 * Signs in by HTTP: GET /login for the CSRF cookie and token, POST /login with the email and
 * password; the session cookie lands in the jar. Throws when the sign-in is refused.
 */
export async function signIn(
  baseURL: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Client> {
  const jar = new CookieJar();
  const request = (path: string, init: RequestInit = {}) =>
    fetch(`${baseURL}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...headers, cookie: jar.header(), ...(init.headers as Record<string, string> | undefined) },
    }).then((res) => {
      jar.take(res);
      return res;
    });
  const page = await request("/login");
  const html = await page.text();
  const csrf = csrfTokenOf(html);
  if (!csrf) throw new Error(`No CSRF token on /login (HTTP ${page.status})`);
  const res = await request("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: formBody({ email, password, csrf }),
  });
  await res.arrayBuffer();
  if (res.status !== 302 && res.status !== 303) throw new Error(`Sign-in as ${email} answered ${res.status}`);
  if (!jar.get("__session")) throw new Error(`Sign-in as ${email} set no session cookie`);
  return {
    email,
    jar,
    csrf,
    cookie: () => jar.header(),
    get: (path, init = {}) => request(path, init),
    postForm: (path, fields, init = {}) => {
      const { timeoutMs, ...rest } = init;
      return request(path, {
        ...rest,
        method: "POST",
        signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : rest.signal,
        headers: { "content-type": "application/x-www-form-urlencoded", ...(rest.headers as Record<string, string> | undefined) },
        body: formBody({ ...fields, csrf }),
      });
    },
  };
}

/** Signs in many users, a few at a time (each sign-in costs an Argon2 verification on the server). */
export async function signInMany(baseURL: string, emails: string[], password: string, concurrency = 4): Promise<Client[]> {
  const clients: Client[] = new Array(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, emails.length) }, async () => {
      while (next < emails.length) {
        const i = next++;
        clients[i] = await signIn(baseURL, emails[i]!, password);
      }
    }),
  );
  return clients;
}
