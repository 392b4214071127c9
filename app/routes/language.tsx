import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "~/domain/permissions";
import { LOCALES } from "~/i18n";
import { setUserLocale } from "~/models/user.server";
import { badRequest, getUser } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { localeCookie } from "~/utils/i18n.server";

/**
 * The language switch in the header: the one place that saves a language, for this browser (the
 * `lng` cookie) and, when signed in, for the account (emails follow it). A `?lng=` in a link only
 * shows one page in that language and keeps it for this browser; it never changes the account.
 */
const LanguageSchema = z.object({ lng: z.enum(LOCALES), redirectTo: z.string().max(2000).optional() });

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) badRequest("unreadableForm");
  const user = await getUser(request);
  if (user && user.locale !== parsed.data.lng) setUserLocale(user.id, parsed.data.lng);
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    status: 303,
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.lng) },
  });
}
