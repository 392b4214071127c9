import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/permissions";
import { asOfProblem } from "~/domain/as-of";
import { authenticateApiToken } from "~/models/api-token.server";
import { API_DIMENSIONS } from "~/models/dashboard/centre-figures.server";
import { centreStatsOffThread } from "~/models/dashboard/figures-worker.server";
import type { Dimension } from "~/domain/figure-dimensions";
import { getUser, mustEnrolTwoFactor } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { getFixedT } from "~/utils/i18n.server";

/**
 * GET /api/v1/stats/centres?asOf=YYYY-MM-DD&by=level|type|district|park|industry|country|batch|year|stage
 *
 * Recognised centres as of a date (default today, Beijing), split by one dimension, computed
 * by the dashboard's own model function. `stage` counts every centre in the pipeline by its
 * stage on the date. Allowed with an official's or admin's session, or with an admin-issued
 * API token (`Authorization: Bearer …`). Errors are JSON: {"error", "message": {"zh-CN","en"}}.
 */
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store", ...headers },
  });

function error(
  status: number,
  code: string,
  key: string,
  options: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return json(
    { error: code, message: { "zh-CN": getFixedT("zh-CN")(key, options), en: getFixedT("en")(key, options) } },
    status,
    headers,
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  const authorization = request.headers.get("Authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match || !authenticateApiToken(match[1]!))
      return error(401, "invalid_token", "dash.api.invalidToken", {}, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
  } else {
    const user = await getUser(request);
    if (!user) return error(401, "unauthorized", "dash.api.unauthorized", {}, { "WWW-Authenticate": "Bearer" });
    // An admin who still has to enrol in two-factor sign-in gets no data through a session either.
    if (!can(user.role, "read:stats:any") || mustEnrolTwoFactor(user)) return error(403, "forbidden", "dash.api.forbidden");
  }

  const today = todayInBeijing();
  const search = new URL(request.url).searchParams;
  for (const name of ["asOf", "by"])
    if (search.getAll(name).length > 1) return error(400, "bad_parameter", "dash.api.repeated", { name });
  const problem = asOfProblem(search.get("asOf"), today);
  if (problem) return error(400, "bad_parameter", problem.key, { value: problem.value, today });
  const asOf = search.get("asOf") || today;
  const by = search.get("by") ?? "level";
  if (!(API_DIMENSIONS as readonly string[]).includes(by))
    return error(400, "bad_parameter", "dash.api.badBy", { values: API_DIMENSIONS.join(", ") });
  return json(await centreStatsOffThread(asOf, by as Dimension, today));
}
