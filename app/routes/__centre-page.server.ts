import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCentre } from "~/models/centre.server";
import { notFound, requirePermission } from "~/utils/auth.server";

/**
 * The start of every /centres/:centreId page's loader and action: a staff member who may read
 * centres (else the sign-in page or 403), and the centre the URL names (else 404). What the user
 * may change on it is the page's own check (canEditCentre, canWorkOnCentre) or the model's.
 */
export async function requireCentrePage(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requirePermission(request, "read:centre:any");
  const centre = getCentre(params.centreId ?? "");
  if (!centre) notFound();
  return { user, centre };
}
