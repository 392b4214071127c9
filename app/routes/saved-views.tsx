import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { can, type Permission } from "~/domain/permissions";
import { deleteView, saveView } from "~/models/saved-view.server";
import { DeleteViewSchema, SaveViewSchema, type SavedViewPage } from "~/schemas/saved-view";
import { forbidden, notFound, requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { redirectWithToast } from "~/utils/session.server";
import { formValues } from "~/schemas/form-values";

/** Who may keep views of which list: those who may read the list. */
const PAGE_PERMISSION: Record<SavedViewPage, Permission> = { centres: "read:centre:any", requests: "read:request:any" };

export async function loader() {
  return redirect("/");
}

/** Saves the list's current filters as a named personal view, or deletes one; back to the list. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user.role, "read:centre:any")) forbidden();
  const values = formValues(await readForm(request));
  const t = getFixedT(await getLocale(request, user));
  const mayUse = (page: SavedViewPage) => {
    if (!can(user.role, PAGE_PERMISSION[page])) forbidden();
  };

  return runIntent(
    values,
    {
      save: intent(SaveViewSchema, (input) => {
        mayUse(input.page);
        const result = saveView(user, input);
        const to = `/${input.page}${input.query ? `?${input.query}` : ""}`;
        const message = result.ok
          ? t("savedViews.saved", { name: input.name })
          : t(result.fieldErrors._form ?? "validation.invalidChoice", { count: 20 });
        return redirectWithToast(request, to, { kind: result.ok ? "success" : "error", message });
      }),
      delete: intent(DeleteViewSchema, (input) => {
        mayUse(input.page);
        const result = deleteView(user, input.id);
        if (!result.ok) notFound();
        return redirectWithToast(request, `/${input.page}`, t("savedViews.deleted"));
      }),
    },
    (_intent, fieldErrors) => {
      const page = values.page === "requests" ? "requests" : "centres";
      const back = typeof values.query === "string" ? values.query.replace(/^\?/, "") : "";
      const message = fieldErrors.name ? t("savedViews.nameRequired") : t("validation.invalidChoice");
      return redirectWithToast(
        request,
        `/${page}${back ? `?${new URLSearchParams(back).toString()}` : ""}`,
        { kind: "error", message },
        { status: 303 },
      );
    },
  );
}
