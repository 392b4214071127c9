import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useRootData } from "~/root";
import { NotificationBell } from "./notification-bell";
import { useCan } from "./use-can";
import { Toast } from "./ui/toast";
import type { Permission } from "~/domain/permissions";

const NAV: { to: string; labelKey: string; permission: Permission }[] = [
  { to: "/work", labelKey: "nav.work", permission: "read:work:own" },
  { to: "/centres", labelKey: "nav.centres", permission: "read:centre:any" },
  { to: "/pipeline", labelKey: "nav.pipeline", permission: "read:centre:any" },
  { to: "/requests", labelKey: "nav.requests", permission: "read:request:any" },
  { to: "/dashboard", labelKey: "nav.dashboard", permission: "read:dashboard:any" },
  { to: "/portal", labelKey: "nav.portal", permission: "read:portal:own" },
  { to: "/admin", labelKey: "nav.admin", permission: "read:admin:any" },
];

/** Saves the language for this browser and the account (POST /language), then shows the same page. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  // An error page drawn without the root's data (e.g. a POST to a page without an action) has no
  // CSRF token to post with: it shows no switch rather than failing.
  const csrfToken = useRootData()?.csrfToken;
  const params = new URLSearchParams(location.search);
  params.delete("lng");
  const query = params.toString();
  if (!csrfToken) return null;
  return (
    <Form method="post" action="/language" aria-label={t("nav.language")} className="flex items-center gap-1 text-sm">
      <AuthenticityTokenInput />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${query ? `?${query}` : ""}`} />
      {(["zh-CN", "en"] as const).map((lng) => {
        const active = i18n.language === lng;
        return (
          <button
            key={lng}
            type="submit"
            name="lng"
            value={lng}
            lang={lng}
            aria-pressed={active}
            className={`rounded px-2 py-1 ${active ? "bg-white/20 font-semibold text-white" : "text-brand-50 hover:bg-white/10"}`}
          >
            {t(`locales.${lng}`)}
          </button>
        );
      })}
    </Form>
  );
}

export function AppShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const rootData = useRootData();
  const user = rootData?.user;
  const can = useCan();
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t("app.skipToContent")}
      </a>
      <header className="bg-brand-700 text-white shadow">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-white/15 text-sm">RDC</span>
            <span>{t("app.name")}</span>
          </Link>
          {user ? (
            <nav aria-label={t("nav.menu")} className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto">
              <ul className="flex gap-1 text-sm">
                {NAV.filter((item) => can(item.permission)).map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      className={({ isActive }) =>
                        `block whitespace-nowrap rounded-md px-3 py-1.5 ${isActive ? "bg-white/20 font-medium" : "hover:bg-white/10"}`
                      }
                    >
                      {t(item.labelKey)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div className="ml-auto flex items-center gap-3">
            <NotificationBell />
            <LanguageSwitch />
            {user ? (
              <Form method="post" action="/logout" className="flex items-center gap-2">
                <AuthenticityTokenInput name="csrf" />
                <span className="hidden text-sm text-brand-50 md:inline" data-testid="signed-in-as">
                  {t("nav.signedInAs", { name: user.name })} · {t(`roles.${user.role}`)}
                </span>
                <button type="submit" className="rounded-md border border-white/30 px-3 py-1.5 text-sm hover:bg-white/10">
                  {t("nav.signOut")}
                </button>
              </Form>
            ) : null}
          </div>
        </div>
      </header>
      {rootData?.toast ? <Toast kind={rootData.toast.kind} message={rootData.toast.message} /> : null}
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
      <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-500">{t("app.tagline")}</footer>
    </div>
  );
}
