import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { permissionsOf } from "~/domain/permissions";
import { notificationBellOf } from "~/models/inbox.server";
import { getUser } from "~/utils/auth.server";
import { csrf } from "~/utils/csrf.server";
import { env } from "~/utils/env.server";
import { getLocale, localeCookie, localeFromSwitch } from "~/utils/i18n.server";
import { getSession, sessionStorage } from "~/utils/session.server";

/** The root route's loader: who is signed in, the page language, the CSRF token and any flash message. Kept apart from root.tsx so that components can type its data without importing the root route. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const headers = new Headers();
  const switched = localeFromSwitch(request);
  // A link's ?lng= keeps the language for this browser only; the header switch (/language) saves it for the account.
  if (switched) headers.append("Set-Cookie", await localeCookie.serialize(switched));
  const locale = await getLocale(request, user);
  const [csrfToken, csrfCookie] = await csrf.commitToken(request);
  if (csrfCookie) headers.append("Set-Cookie", csrfCookie);
  const session = await getSession(request);
  const toast = session.get("toast") ?? null;
  if (toast) headers.append("Set-Cookie", await sessionStorage.commitSession(session));
  return data(
    {
      locale,
      csrfToken,
      toast,
      demoMode: env.DEMO_MODE,
      user: user
        ? { id: user.id, name: user.name, email: user.email, role: user.role, permissions: permissionsOf(user.role) }
        : null,
      notificationBell: user ? notificationBellOf(user) : null,
    },
    { headers },
  );
}
