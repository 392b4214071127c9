import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "./use-can";

/** Is the key press meant for a field the user is typing in? */
function typingIn(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * The header's search field on every signed-in page: a plain GET form to /search (the portal's
 * /portal/search for enterprise users) that works without JavaScript; with JavaScript, "/"
 * focuses it from anywhere on the page.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const can = useCan();
  const location = useLocation();
  const input = useRef<HTMLInputElement>(null);
  // Staff search everything they may read; an enterprise user searches their own centre.
  const action = can("read:centre:any") ? "/search" : can("read:portal:own") ? "/portal/search" : null;
  const allowed = action !== null;
  useEffect(() => {
    if (!allowed) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [allowed]);
  if (!allowed) return null;
  const current = location.pathname === action ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  return (
    <Form method="get" action={action} role="search" className="order-2 w-full sm:order-none sm:w-auto" key={current}>
      <label htmlFor="site-search" className="sr-only">
        {t("search.label")}
      </label>
      <input
        ref={input}
        id="site-search"
        name="q"
        type="search"
        defaultValue={current}
        placeholder={t("search.placeholder")}
        aria-keyshortcuts="/"
        autoComplete="off"
        data-testid="site-search"
        className="block w-full rounded-md border border-white/30 bg-white/10 px-3 py-1.5 text-sm text-white placeholder:text-brand-50/80 focus:bg-white focus:text-slate-900 focus:placeholder:text-slate-500 sm:w-36 2xl:w-52"
      />
    </Form>
  );
}
