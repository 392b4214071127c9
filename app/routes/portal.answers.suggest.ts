import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { suggestArticles } from "~/models/answer-search.server";
import { requireEnterpriseUser } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getLocale } from "~/utils/i18n.server";

/**
 * Suggestions for the new-request form (JSON for its fetcher): current articles matching what
 * the enterprise user has typed, titled in their language (the other when only that exists).
 */
const ParamsSchema = z.object({ text: z.string().max(6000).catch("") });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const locale = await getLocale(request, user);
  const { text } = ParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const suggestions = suggestArticles(text, todayInBeijing()).map((a) => ({
    id: a.id,
    title: (locale === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn) ?? "",
  }));
  return Response.json({ suggestions }, { headers: { "Cache-Control": "private, no-store" } });
}
