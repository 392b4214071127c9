import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { stewardSuggestions } from "~/models/steward-pick.server";
import { requirePermission } from "~/utils/auth.server";

/**
 * Suggestions for a steward picker (JSON for its fetcher): the active stewards whose name or
 * email contains what was typed, those equal to it first, at most eight. Staff who read the
 * centre list may read who its stewards are.
 */
// Text over 200 characters names no steward: it asks for no suggestions.
const ParamsSchema = z.object({ q: z.string().max(200).catch("") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:centre:any");
  const { q } = ParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const stewards = stewardSuggestions(q).map(({ id, name, email }) => ({ id, name, email }));
  return Response.json({ stewards }, { headers: { "Cache-Control": "private, no-store" } });
}
