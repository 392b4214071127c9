import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenProvider } from "remix-utils/csrf/react";
import { AppShell } from "./components/app-shell";
import { useRootData } from "./components/use-root-data";
import { ErrorPage, errorPageProps } from "./components/error-page";
import { useNonce } from "./components/nonce";
import stylesheet from "./tailwind.css";
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

export { loader } from "./root-loader.server";

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
