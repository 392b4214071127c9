import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenProvider } from "remix-utils/csrf/react";
import { AppShell } from "./components/app-shell";
import { useRootData } from "./components/use-root-data";
import { ErrorPage, errorPageProps } from "./components/error-page";
import { useNonce } from "./components/nonce";
import { permissionsOf } from "./domain/permissions";
import stylesheet from "./tailwind.css";
import { getUser } from "./utils/auth.server";
import { csrf } from "./utils/csrf.server";
import { env } from "./utils/env.server";
import { getLocale, localeCookie, localeFromSwitch } from "./utils/i18n.server";
import { getSession, sessionStorage } from "./utils/session.server";
import { notificationBellOf } from "./models/inbox.server";
import { pageTitle } from "./utils/page-title";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches, error }) =>
  pageTitle(matches, (t) => {
    if (!error) return [];
    const status = isRouteErrorResponse(error) && [403, 404].includes(error.status) ? error.status : 500;
    return [t(`errors.${status}.title`)];
  });

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

export type RootLoaderData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: React.ReactNode }) {
  const rootData = useRootData();
  const { i18n } = useTranslation();
  const locale = rootData?.locale ?? i18n.language ?? "zh-CN";
  const nonce = useNonce();
  useEffect(() => {
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [i18n, locale]);
  useEffect(() => {
    // Lets browser tests wait until the page is interactive.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const rootData = useRootData();
  return (
    <AuthenticityTokenProvider token={rootData?.csrfToken ?? ""}>
      <AppShell>
        <Outlet />
      </AppShell>
    </AuthenticityTokenProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) console.error(error);
  const rootData = useRootData();
  return (
    <AuthenticityTokenProvider token={rootData?.csrfToken ?? ""}>
      <AppShell>
        <ErrorPage {...errorPageProps(error)} />
      </AppShell>
    </AuthenticityTokenProvider>
  );
}
