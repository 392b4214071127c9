import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AsOfProblemNotice } from "~/components/as-of-problem";
import { PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { asOfProblem } from "~/domain/as-of";
import { isIsoDate } from "~/domain/working-days";
import type { DrillDown } from "~/models/dashboard/centre-figures.server";
import { centresBehindOffThread } from "~/models/dashboard/figures-worker.server";
import { loadReferenceData } from "~/models/dashboard/labels.server";
import { DIMENSIONS, UPGRADE_MOVES } from "~/domain/figure-dimensions";
import { registryHref as registryLink } from "~/schemas/dashboard-params";
import { badRequest, requirePermission } from "~/utils/auth.server";
import { formatDate, formatNumber, todayInBeijing } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";

const pastDate = (today: string) => z.string().refine((v) => isIsoDate(v) && v <= today);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.centres"), t("nav.dashboard")]);

/**
 * The centres behind a dashboard number, as of any date: computed by the same model function
 * (and so the same counting rules) as the number itself.
 *   ?asOf=…&by=all | withdrawn
 *   ?asOf=…&by=level|type|district|park|industry|country|batch|year|stage&key=…   (key _none: without a value)
 *   ?asOf=…&by=upgrades&from=…&to=…[&move=regional>global]
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:dashboard:any");
  const today = todayInBeijing();
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const Schema = z.discriminatedUnion("by", [
    z.object({ by: z.literal("all") }),
    z.object({ by: z.literal("withdrawn") }),
    z.object({ by: z.enum(DIMENSIONS), key: z.string().min(1).max(100) }),
    z.object({
      by: z.literal("upgrades"),
      from: pastDate(today),
      to: z.string().refine(isIsoDate),
      move: z.enum(UPGRADE_MOVES).optional(),
    }),
  ]);
  const problem = asOfProblem(search.asOf, today);
  if (problem) return data({ asOfProblem: problem }, { status: 400 });
  const asOf = search.asOf || today;
  const drill = Schema.safeParse(search);
  if (!drill.success) badRequest();
  const page = z.coerce
    .number()
    .int()
    .positive()
    .max(100_000)
    .catch(1)
    .parse(search.page ?? 1);
  const result = await centresBehindOffThread({ asOf, today, drill: drill.data satisfies DrillDown, page });
  const ref = loadReferenceData();
  const dimension = "key" in drill.data ? drill.data.by : null;
  const groupLabel = dimension && "key" in drill.data ? ref.label(dimension, drill.data.key) : null;
  const list = (kind: "district" | "country" | "industry" | "stage") => Object.fromEntries(ref.lists[kind].labels);
  return {
    asOf,
    today,
    drill: drill.data,
    groupLabel,
    ...result,
    labels: { district: list("district"), country: list("country"), industry: list("industry"), stage: list("stage") },
  };
}

export default function DashboardCentres() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "zh-CN";
  const loaded = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  if ("asOfProblem" in loaded) return <AsOfProblemNotice problem={loaded.asOfProblem} />;
  const data = loaded;
  const { drill, asOf, today, labels } = data;
  const date = formatDate(asOf, lng);
  const heading =
    drill.by === "all"
      ? t("dash.drill.all", { date })
      : drill.by === "withdrawn"
        ? t("dash.drill.withdrawn", { date })
        : drill.by === "upgrades"
          ? t("dash.drill.upgrades", {
              from: formatDate(drill.from, lng),
              to: formatDate(drill.to > asOf ? asOf : drill.to, lng),
            })
          : t("dash.drill.group", {
              dimension: t(`dash.drill.dimensions.${drill.by}`),
              group: data.groupLabel?.[lng] ?? "",
              date,
            });
  const registryHref =
    drill.by === "upgrades" ? null : registryLink(asOf, today, drill.by, "key" in drill ? drill.key : undefined);
  const back = new URLSearchParams();
  if (asOf !== today) back.set("asOf", asOf);
  const pageLink = (page: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(page));
    return `?${params.toString()}`;
  };
  const label = (map: Record<string, { "zh-CN": string; en: string }>, code: string | null) =>
    code ? (map[code]?.[lng] ?? code) : "—";
  return (
    <>
      <PageHeader
        title={heading}
        subtitle={<span data-testid="drill-count">{t("dash.drill.count", { n: formatNumber(data.total, lng) })}</span>}
        actions={
          <>
            {registryHref ? (
              <Link to={registryHref} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">
                {t("dash.drill.openInRegistry")}
              </Link>
            ) : null}
            <Link
              to={`/dashboard${back.size ? `?${back.toString()}` : ""}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
            >
              ← {t("dash.backToDashboard")}
            </Link>
          </>
        }
      />
      {data.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t("dash.drill.none")}
        </p>
      ) : (
        <>
          <ul className="space-y-2 sm:hidden">
            {data.rows.map((c) => (
              <li key={`${c.id}-${c.upgradedOn ?? ""}`} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                <Link to={`/centres/${c.id}`} className="font-medium text-brand-700">
                  {lng === "en" ? c.nameEn : c.nameZh}
                </Link>
                <p className="mt-1 text-xs text-slate-600">
                  {[
                    drill.by === "upgrades" && c.move
                      ? `${t(`dash.moves.${c.move}`)} ${c.upgradedOn ? formatDate(c.upgradedOn, lng) : ""}`
                      : c.level
                        ? t(`levels.${c.level}`)
                        : null,
                    c.batch !== null ? t("dash.keys.batch", { batch: c.batch }) : null,
                    drill.by === "stage" ? label(labels.stage, c.stage) : null,
                    label(labels.district, c.districtCode),
                    label(labels.country, c.countryCode),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
            <Table
              stack
              caption={heading}
              head={[
                t("dash.drill.columns.centre"),
                drill.by === "stage" ? t("dash.drill.columns.stage") : t("dash.drill.columns.status"),
                drill.by === "upgrades" ? t("dash.drill.columns.upgrade") : t("dash.drill.columns.level"),
                t("dash.drill.columns.batch"),
                t("dash.drill.columns.district"),
                t("dash.drill.columns.country"),
                t("dash.drill.columns.industries"),
              ]}
            >
              {data.rows.map((c) => (
                <tr key={`${c.id}-${c.upgradedOn ?? ""}`} data-testid="drill-row">
                  <Td>
                    <Link to={`/centres/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {lng === "en" ? c.nameEn : c.nameZh}
                    </Link>
                    <div className="text-xs text-slate-500">{lng === "en" ? c.nameZh : c.nameEn}</div>
                  </Td>
                  <Td>
                    {drill.by === "stage"
                      ? label(labels.stage, c.stage)
                      : c.recognised
                        ? t("dash.drill.statuses.recognised")
                        : c.withdrawn
                          ? t("dash.drill.statuses.withdrawn")
                          : t("dash.drill.statuses.notRecognised")}
                  </Td>
                  <Td>
                    {drill.by === "upgrades" && c.move ? (
                      <>
                        {t(`dash.moves.${c.move}`)}
                        <div className="text-xs text-slate-500">{c.upgradedOn ? formatDate(c.upgradedOn, lng) : ""}</div>
                      </>
                    ) : c.level ? (
                      t(`levels.${c.level}`)
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td>
                    {c.batch !== null ? t("dash.keys.batch", { batch: c.batch }) : "—"}
                    {c.firstRecognisedOn ? (
                      <div className="text-xs text-slate-500">{formatDate(c.firstRecognisedOn, lng)}</div>
                    ) : null}
                  </Td>
                  <Td>{label(labels.district, c.districtCode)}</Td>
                  <Td>{label(labels.country, c.countryCode)}</Td>
                  <Td className="text-xs">
                    {c.industries.map((code) => label(labels.industry, code)).join(lng === "en" ? ", " : "、")}
                  </Td>
                </tr>
              ))}
            </Table>
          </div>
        </>
      )}
      {data.pages > 1 ? (
        <nav
          aria-label={t("dash.drill.page", { page: data.page, pages: data.pages })}
          className="mt-4 flex items-center justify-between text-sm"
        >
          {data.page > 1 ? (
            <Link to={pageLink(data.page - 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
              ← {t("dash.drill.previous")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">{t("dash.drill.page", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? (
            <Link to={pageLink(data.page + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
              {t("dash.drill.next")} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
