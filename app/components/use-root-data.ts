import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root-loader.server";

/** The root loader's data (user, locale, CSRF token, toast), for components anywhere in the page. */
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}
