import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { useEffect, useMemo, useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAuthenticityToken } from "remix-utils/csrf/react";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { useInAppNavigation } from "~/components/in-app-links";
import { Column, moveLabels, type BoardShared } from "~/components/pipeline/pipeline-board";
import { Button } from "~/components/ui/button";
import { SelectField } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { isLevel, LEVELS, type Level } from "~/domain/levels";
import { can } from "~/domain/permissions";
import { CARDS_PER_COLUMN, listPipeline, moveCentre, type PipelineColumn } from "~/models/pipeline.server";
import { referenceList } from "~/models/reference.server";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { MoveCentreInputSchema } from "~/schemas/pipeline";
import { forbidden, formRefusal, requirePermission } from "~/utils/auth.server";
import { formStrings } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { formatDate, todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelOf } from "~/utils/labels";
import { redirectWithToast } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** Filters live in the URL: `mine` (1/0; on by default for stewards), `district`, `level`. */
function parseFilters(searchParams: URLSearchParams, user: { role: Parameters<typeof can>[0] }) {
  const mayFilterMine = can(user.role, "read:work:own");
  const mineParam = searchParams.get("mine");
  const mine = mayFilterMine && (mineParam === null ? user.role === "steward" : mineParam === "1");
  const district = searchParams.get("district")?.trim() || undefined;
  const levelParam = searchParams.get("level");
  const level: Level | undefined = isLevel(levelParam) ? levelParam : undefined;
  return { mayFilterMine, mine, district, level };
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.pipeline")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  const filters = parseFilters(new URL(request.url).searchParams, user);
  const today = todayInBeijing();
  const columns = listPipeline(
    user,
    { stewardId: filters.mine ? user.id : undefined, district: filters.district, level: filters.level },
    { today },
  );
  return {
    columns,
    filters,
    today,
    userId: user.id,
    perColumn: CARDS_PER_COLUMN,
    districts: referenceList("district").map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn })),
  };
}

type ActionResult = { centreId: string; fieldErrors: FieldErrors; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:centre:any");
  if (!can(user.role, "update:centre:any") && !can(user.role, "update:centre:assigned")) forbidden();
  const values = formStrings(await readForm(request));
  const fail = (fieldErrors: FieldErrors, status = 400) =>
    data<ActionResult>({ centreId: values.centreId ?? "", fieldErrors, values }, { status });

  const parsed = MoveCentreInputSchema.safeParse(values);
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
  const { centreId, change } = parsed.data;
  const result = moveCentre(user, centreId, change, todayInBeijing());
  if (!result.ok) return fail(formRefusal(result).fieldErrors, result.status);
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const stageItem = referenceList("stage", { includeInactive: true }).find((s) => s.code === change.stage);
  const message = t("pipeline.moved", {
    name: locale === "en" ? result.name?.en : result.name?.zh,
    stage: labelOf(stageItem, locale, change.stage),
    date: formatDate(change.effectiveOn, locale),
  });
  // Back to the same board: the path is ours, only the filters come from the request (the
  // moved card's form, `move`, is done with).
  const params = new URL(request.url).searchParams;
  params.delete("move");
  const search = params.toString();
  return redirectWithToast(request, `/pipeline${search ? `?${search}` : ""}`, message);
}

function listLink(column: PipelineColumn, filters: { mine: boolean; district?: string; level?: string }, userId: string) {
  const params = new URLSearchParams({ stage: column.code });
  if (filters.mine) params.set("steward", userId);
  if (filters.district) params.set("district", filters.district);
  if (filters.level) params.set("level", filters.level);
  return `/centres?${params.toString()}`;
}

function Filters() {
  const { t, i18n } = useTranslation();
  const { filters, districts } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const scopeHref = (mine: boolean) => {
    const params = new URLSearchParams();
    params.set("mine", mine ? "1" : "0");
    if (filters.district) params.set("district", filters.district);
    if (filters.level) params.set("level", filters.level);
    return `/pipeline?${params.toString()}`;
  };
  const filtered = Boolean(filters.district || filters.level);
  return (
    <div className="mb-4 flex flex-wrap items-end gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {filters.mayFilterMine ? (
        <nav aria-label={t("pipeline.filters.scope")}>
          <p aria-hidden className="mb-1 text-sm font-medium text-slate-700">
            {t("pipeline.filters.scope")}
          </p>
          <ul className="inline-flex rounded-md border border-slate-300 bg-slate-50 p-0.5 text-sm">
            {[true, false].map((mine) => (
              <li key={String(mine)}>
                <Link
                  to={scopeHref(mine)}
                  aria-current={filters.mine === mine ? "page" : undefined}
                  className={`block rounded px-3 py-1.5 ${filters.mine === mine ? "bg-brand-600 font-medium text-white shadow-sm" : "text-slate-700 hover:bg-white"}`}
                >
                  {mine ? t("pipeline.filters.mine") : t("pipeline.filters.all")}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Form method="get" className="flex w-full flex-wrap items-end gap-3 sm:w-auto" onChange={(e) => submit(e.currentTarget)}>
        {filters.mayFilterMine ? <input type="hidden" name="mine" value={filters.mine ? "1" : "0"} /> : null}
        <SelectField
          label={t("pipeline.filters.district")}
          name="district"
          id="filter-district"
          defaultValue={filters.district ?? ""}
          placeholder={t("pipeline.filters.anyDistrict")}
          options={districts.map((d) => ({ value: d.code, label: labelOf(d, i18n.language) }))}
          className="min-w-[9rem] flex-1 sm:w-48 sm:flex-none"
        />
        <SelectField
          label={t("pipeline.filters.level")}
          name="level"
          id="filter-level"
          defaultValue={filters.level ?? ""}
          placeholder={t("pipeline.filters.anyLevel")}
          options={LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
          className="min-w-[9rem] flex-1 sm:w-44 sm:flex-none"
        />
        <Button type="submit" variant="secondary">
          {t("pipeline.filters.apply")}
        </Button>
        {filtered ? (
          <Link
            to={filters.mayFilterMine ? `/pipeline?mine=${filters.mine ? "1" : "0"}` : "/pipeline"}
            className="py-2 text-sm text-brand-700 hover:underline"
          >
            {t("pipeline.filters.clear")}
          </Link>
        ) : null}
      </Form>
    </div>
  );
}

export default function PipelinePage() {
  const { t } = useTranslation();
  const { columns, filters, today, perColumn, userId } = useLoaderData<typeof loader>();
  const activeStages = columns.filter((c) => c.active);
  const total = columns.reduce((sum, c) => sum + c.count, 0);
  const shared = useBoardShared(today);
  const followLink = useInAppNavigation();
  // One handler for the board: a card's "move" link opens its form in place, other links are followed in the app.
  const onBoardClick = (event: MouseEvent<HTMLDivElement>) => {
    const centreId = (event.target as Element).closest("a[data-move]")?.getAttribute("data-move");
    if (centreId && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      shared.open(centreId);
      return;
    }
    followLink(event);
  };
  return (
    <>
      <PageHeader
        title={t("pipeline.title")}
        subtitle={
          <>
            {filters.mine ? t("pipeline.subtitleMine", { count: total }) : t("pipeline.subtitle", { count: total })} ·{" "}
            {t("pipeline.daysExplained")}
          </>
        }
      />
      <Filters />
      <div
        role="region"
        aria-label={t("pipeline.board")}
        tabIndex={0}
        onClick={onBoardClick}
        className="-mx-4 flex flex-col gap-4 px-4 pb-4 md:flex-row md:items-start md:overflow-x-auto"
      >
        {columns.map((column) => (
          <Column
            key={column.code}
            column={column}
            stages={activeStages}
            perColumn={perColumn}
            listHref={listLink(column, filters, userId)}
            shared={shared}
          />
        ))}
      </div>
    </>
  );
}

/**
 * What every card shares, made once for the board: labels, the CSRF token, the server's answer
 * to a refused move (shown on that card's form, and all there is without JavaScript), the card
 * being submitted, and which card's move form is open.
 */
function useBoardShared(today: string): BoardShared & { open: (centreId: string) => void } {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const csrf = useAuthenticityToken();
  // The card whose form is open: `?move=` (how it opens without JavaScript), or the last one opened in the page.
  const params = new URLSearchParams(location.search);
  const [opened, setOpened] = useState<string | null>(null);
  const openId = opened ?? params.get("move");
  useEffect(() => {
    if (opened) document.getElementById(`move-${opened}-stage`)?.focus();
  }, [opened]);
  // A move done (or any other navigation) closes the form opened in the page.
  useEffect(() => setOpened(null), [location.key]);
  params.delete("move");
  const filters = params.toString();
  const board = `${location.pathname}?${filters ? `${filters}&` : ""}move=`;
  const busyId = navigation.state === "submitting" ? ((navigation.formData?.get("centreId") as string | null) ?? null) : null;
  const labels = useMemo(() => moveLabels(t), [t]);
  // Remembered per language: a new language is a new `t`, and so new texts.
  const once = useMemo(() => {
    const texts = new Map<string, string>();
    return (key: string, translate: () => string) => {
      let text = texts.get(`${i18n.language}:${key}`);
      if (text === undefined) texts.set(`${i18n.language}:${key}`, (text = translate()));
      return text;
    };
  }, [i18n.language]);

  return {
    t,
    language: i18n.language,
    today,
    csrf,
    shown: actionData ?? null,
    busyId,
    openId,
    moveHref: (centreId) => `${board}${centreId}#card-${centreId}`,
    open: setOpened,
    once,
    labels,
  };
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
