import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useRootData } from "~/components/use-root-data";
import { NotificationBell } from "./notification-bell";
import { SearchBox } from "./search-box";
import { useCan } from "./use-can";
import { Toast } from "./ui/toast";
import { LOCALES } from "~/domain/locales";
import type { Permission, Role } from "~/domain/permissions";

const NAV: { to: string; labelKey: string; permission: Permission; hideFor?: Role }[] = [
  { to: "/work", labelKey: "nav.work", permission: "read:work:own" },
  { to: "/centres", labelKey: "nav.centres", permission: "read:centre:any" },
  { to: "/pipeline", labelKey: "nav.pipeline", permission: "read:centre:any" },
  { to: "/requests", labelKey: "nav.requests", permission: "read:request:any" },
  // Admins reach the library from /admin: their 1280 px header has no room for one more item.
  { to: "/answers", labelKey: "answers.nav", permission: "read:answers:any", hideFor: "admin" },
  { to: "/dashboard", labelKey: "nav.dashboard", permission: "read:dashboard:any" },
  { to: "/portal", labelKey: "nav.portal", permission: "read:portal:own" },
  { to: "/portal/answers", labelKey: "answers.portalNav", permission: "read:portal:own" },
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
      {LOCALES.map((lng) => {
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

/** Who is signed in and the sign-out button: in the header from md up, at the foot of the phone menu below. */
function SignOut({ className }: { className: string }) {
  const { t } = useTranslation();
  const user = useRootData()?.user;
  if (!user) return null;
  return (
    <Form method="post" action="/logout" className={`flex-wrap items-center gap-2 ${className}`}>
      <AuthenticityTokenInput name="csrf" />
      <span className="text-sm text-brand-50 md:hidden 2xl:inline" data-testid="signed-in-as">
        {t("nav.signedInAs", { name: user.name })} · {t(`roles.${user.role}`)}
      </span>
      <Link to="/account/security" className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm text-brand-50 hover:bg-white/10">
        {t("account.nav")}
      </Link>
      <button type="submit" className="whitespace-nowrap rounded-md border border-white/30 px-3 py-1.5 text-sm hover:bg-white/10">
        {t("nav.signOut")}
      </button>
    </Form>
  );
}

/** The role's destinations: a row of links from md up, a menu that opens without JavaScript (<details>) on a phone. */
function MainNav() {
  const { t } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const role = useRootData()?.user?.role;
  const items = NAV.filter((item) => can(item.permission) && item.hideFor !== role);
  const link = (item: (typeof NAV)[number], phone: boolean) => (
    <NavLink
      to={item.to}
      className={({ isActive }) =>
        `block whitespace-nowrap rounded-md ${phone ? "px-3 py-2.5 text-base" : "px-3 py-1.5"} ${isActive ? "bg-white/20 font-medium" : "hover:bg-white/10"}`
      }
    >
      {t(item.labelKey)}
    </NavLink>
  );
  return (
    <>
      <nav aria-label={t("nav.menu")} className="hidden md:block">
        <ul className="flex flex-wrap gap-1 text-sm">
          {items.map((item) => (
            <li key={item.to}>{link(item, false)}</li>
          ))}
        </ul>
      </nav>
      {/* Keyed by the path so a client-side navigation closes the menu again. */}
      <details key={location.pathname} className="group md:hidden" data-testid="phone-menu">
        <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md border border-white/30 px-3 py-1.5 text-sm hover:bg-white/10 [&::-webkit-details-marker]:hidden">
          <span aria-hidden className="text-base leading-none">
            ☰
          </span>
          {t("nav.menu")}
        </summary>
        <div className="absolute inset-x-0 top-full z-20 border-t border-white/20 bg-brand-700 px-4 pb-4 pt-2 shadow-lg">
          <nav aria-label={t("nav.menu")}>
            <ul className="grid gap-1">
              {items.map((item) => (
                <li key={item.to}>{link(item, true)}</li>
              ))}
            </ul>
          </nav>
          <SignOut className="mt-3 flex justify-between border-t border-white/20 pt-3" />
        </div>
      </details>
    </>
  );
}

/**
 * The page frame. `headerExtras` is the header's slot for controls other features add next to the
 * navigation (the search field, the notifications badge): it sits before the language switch and
 * wraps onto its own line on a phone.
 */
export function AppShell({ children, headerExtras }: { children: React.ReactNode; headerExtras?: React.ReactNode }) {
  const { t } = useTranslation();
  const rootData = useRootData();
  const user = rootData?.user;
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        {t("app.skipToContent")}
      </a>
      <header className="relative bg-brand-700 text-white shadow">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link to="/" className="flex min-w-0 items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="grid h-8 w-8 shrink-0 place-items-center rounded-lg bg-white/15 text-sm">
              RDC
            </span>
            <span className="hidden sm:inline">{t("app.name")}</span>
            <span className="sr-only sm:hidden">{t("app.name")}</span>
          </Link>
          {user ? <MainNav /> : null}
          {headerExtras ? (
            <div className="order-last flex w-full items-center gap-2 md:order-none md:w-auto" data-slot="header-extras">
              {headerExtras}
            </div>
          ) : null}
          <SearchBox />
          <div className="ml-auto flex items-center gap-2 sm:gap-3">
            <NotificationBell />
            <LanguageSwitch />
            {user ? <SignOut className="hidden md:flex" /> : null}
          </div>
        </div>
      </header>
      {rootData?.toast ? <Toast kind={rootData.toast.kind} message={rootData.toast.message} /> : null}
      <main id="main" className="mx-auto w-full min-w-0 max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
      <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-500">{t("app.tagline")}</footer>
    </div>
  );
}
