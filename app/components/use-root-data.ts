import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";

/** The root loader's data (user, locale, CSRF token, toast), for components anywhere in the page. */
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}
