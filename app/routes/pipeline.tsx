import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError, useSubmit } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { useValidatedForm } from "~/components/use-validated-form";
import { isLevel, LEVELS, type Level } from "~/domain/levels";
import { can } from "~/domain/permissions";
import { CARDS_PER_COLUMN, listPipeline, moveCentre, type PipelineCard, type PipelineColumn } from "~/models/pipeline.server";
import { referenceList } from "~/models/reference.server";
import { StageChangeSchema } from "~/schemas/centre";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";
import { forbidden, notFound, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { formatDate, formatNumber, todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelOf } from "~/utils/labels";
import { flash } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** The move form of a card: the stage-change schema plus the centre; no date in the future. */
export const MoveCentreSchema = StageChangeSchema.extend({ centreId: z.string().trim().min(1, "validation.required") }).refine(
  (v) => v.effective_on <= todayInBeijing(),
  { path: ["effective_on"], message: "validation.futureDate" },
);
type MoveCentreInput = z.input<typeof MoveCentreSchema>;

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
  const formData = await readForm(request);
  const values = Object.fromEntries(
    [...formData].filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "csrf"),
  );
  const fail = (fieldErrors: FieldErrors, status = 400) =>
    data<ActionResult>({ centreId: values.centreId ?? "", fieldErrors, values }, { status });

  const parsed = MoveCentreSchema.safeParse(values);
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error));
  const { centreId, stage, effective_on: effectiveOn, note } = parsed.data;
  const result = moveCentre(user, centreId, { stage, effectiveOn, note }, todayInBeijing());
  if (!result.ok) {
    if (result.status === 403) forbidden();
    if (result.status === 404) notFound();
    return fail(result.fieldErrors, result.status);
  }
  const locale = await getLocale(request, user);
  const t = getFixedT(locale);
  const stageItem = referenceList("stage", { includeInactive: true }).find((s) => s.code === stage);
  const message = t("pipeline.moved", {
    name: locale === "en" ? result.name?.en : result.name?.zh,
    stage: labelOf(stageItem, locale, stage),
    date: formatDate(effectiveOn, locale),
  });
  // Back to the same board: the path is ours, only the filters come from the request.
  const search = new URL(request.url).search;
  return redirect(`/pipeline${search}`, { headers: { "Set-Cookie": await flash(request, { kind: "success", message }) } });
}

const LEVEL_BADGE: Record<Level, string> = {
  regional: "bg-slate-100 text-slate-700 ring-slate-200",
  greater_regional: "bg-brand-50 text-brand-700 ring-brand-100",
  global: "bg-amber-50 text-amber-800 ring-amber-200",
};

function MoveForm({
  card,
  stageCode,
  stages,
  today,
}: {
  card: PipelineCard;
  stageCode: string;
  stages: PipelineColumn[];
  today: string;
}) {
  const { t, i18n } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = actionData?.centreId === card.id ? actionData : null;
  const options = stages.filter((s) => s.code !== stageCode).map((s) => ({ value: s.code, label: labelOf(s, i18n.language) }));
  const order = stages.map((s) => s.code);
  const next = order[order.indexOf(stageCode) + 1] ?? options[0]?.value ?? "";
  const defaults = {
    intent: "stage" as const,
    centreId: card.id,
    stage: mine?.values.stage ?? next,
    effective_on: mine?.values.effective_on ?? today,
    note: mine?.values.note ?? "",
  };
  // The date cannot precede the day the centre entered its current stage (checked again on the server).
  const schema = useMemo(
    () =>
      MoveCentreSchema.refine((v) => v.effective_on >= card.stageSince, {
        path: ["effective_on"],
        message: `pipeline.errors.beforeStageSince:${card.stageSince}`,
      }),
    [card.stageSince],
  );
  const form = useValidatedForm<MoveCentreInput>(schema, { serverErrors: mine?.fieldErrors ?? null, defaultValues: defaults });
  const busy = navigation.state === "submitting" && navigation.formData?.get("centreId") === card.id;
  const id = (field: string) => `move-${card.id}-${field}`;
  return (
    <details open={Boolean(mine)} className="group mt-3 border-t border-slate-100 pt-2">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded text-xs font-medium text-brand-700 hover:text-brand-900 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="inline-block transition group-open:rotate-90">
          ▸
        </span>
        {t("pipeline.move.open")}
        <span className="sr-only">: {i18n.language === "en" ? card.nameEn : card.nameZh}</span>
      </summary>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="mt-2 space-y-2" data-testid={`move-form-${card.id}`}>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" defaultValue="stage" {...form.register("intent")} />
        <input type="hidden" defaultValue={card.id} {...form.register("centreId")} />
        {mine?.fieldErrors._form ? (
          <p role="alert" className="text-xs text-red-700">
            {translateError(t, mine.fieldErrors._form)}
          </p>
        ) : null}
        <SelectField
          id={id("stage")}
          label={t("pipeline.move.stage")}
          options={options}
          defaultValue={defaults.stage}
          error={form.errorOf("stage")}
          {...form.register("stage")}
        />
        <TextField
          id={id("effective_on")}
          label={t("pipeline.move.effectiveOn")}
          type="date"
          min={card.stageSince}
          max={today}
          defaultValue={defaults.effective_on}
          hint={t("pipeline.move.effectiveHint")}
          error={form.errorOf("effective_on")}
          {...form.register("effective_on")}
        />
        <TextField
          id={id("note")}
          label={t("pipeline.move.note")}
          defaultValue={defaults.note}
          autoComplete="off"
          error={form.errorOf("note")}
          {...form.register("note")}
        />
        <Button type="submit" className="w-full py-1.5" disabled={busy}>
          {busy ? t("pipeline.move.submitting") : t("pipeline.move.submit")}
        </Button>
      </Form>
    </details>
  );
}

function Card({
  card,
  stageCode,
  stages,
  today,
}: {
  card: PipelineCard;
  stageCode: string;
  stages: PipelineColumn[];
  today: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <li data-testid={`card-${card.id}`} className="relative rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
      <Link
        to={`/centres/${card.id}`}
        className="block text-sm font-medium leading-snug text-brand-700 hover:underline"
        lang={i18n.language === "en" ? "en" : "zh-CN"}
      >
        {i18n.language === "en" ? card.nameEn : card.nameZh}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        <span className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${LEVEL_BADGE[card.level]}`}>
          {t(`levels.${card.level}`)}
        </span>
        <span
          className="tabular-nums text-slate-700"
          data-testid="days-in-stage"
          title={t("pipeline.since", { date: formatDate(card.stageSince, i18n.language) })}
        >
          {t("pipeline.days", { count: card.daysInStage })}
        </span>
      </div>
      <p className="mt-1 truncate text-xs text-slate-600">
        {card.leadStewardName ? t("pipeline.leadSteward", { name: card.leadStewardName }) : t("pipeline.noSteward")}
      </p>
      {card.canEdit ? <MoveForm card={card} stageCode={stageCode} stages={stages} today={today} /> : null}
    </li>
  );
}

function listLink(column: PipelineColumn, filters: { mine: boolean; district?: string; level?: string }, userId: string) {
  const params = new URLSearchParams({ stage: column.code });
  if (filters.mine) params.set("steward", userId);
  if (filters.district) params.set("district", filters.district);
  if (filters.level) params.set("level", filters.level);
  return `/centres?${params.toString()}`;
}

function Column({
  column,
  stages,
  today,
  perColumn,
  listHref,
}: {
  column: PipelineColumn;
  stages: PipelineColumn[];
  today: string;
  perColumn: number;
  listHref: string;
}) {
  const { t, i18n } = useTranslation();
  const headingId = `stage-${column.code}-heading`;
  return (
    <section
      aria-labelledby={headingId}
      data-stage={column.code}
      className="relative flex w-full flex-col rounded-xl border border-slate-200 bg-slate-100/70 md:w-72 md:shrink-0"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2.5">
        <h2 id={headingId} className="text-sm font-semibold text-slate-800">
          {labelOf(column, i18n.language)}
          {!column.active ? (
            <span className="ml-1 text-xs font-normal text-slate-600">({t("pipeline.inactiveStage")})</span>
          ) : null}
        </h2>
        <span
          className="rounded-full bg-white px-2 py-0.5 text-xs font-semibold tabular-nums text-slate-700 ring-1 ring-inset ring-slate-200"
          data-testid="stage-count"
        >
          <span className="sr-only">{t("pipeline.countLabel")} </span>
          {formatNumber(column.count, i18n.language)}
        </span>
      </header>
      {column.cards.length === 0 ? (
        <p className="px-3 py-6 text-center text-xs text-slate-600">{t("pipeline.emptyColumn")}</p>
      ) : (
        <ol className="flex max-h-[32rem] flex-col gap-2 overflow-y-auto p-2 md:max-h-[calc(100vh-17rem)] md:min-h-[12rem]">
          {column.cards.map((card) => (
            <Card key={card.id} card={card} stageCode={column.code} stages={stages} today={today} />
          ))}
        </ol>
      )}
      {column.count > column.cards.length ? (
        <footer className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
          {t("pipeline.showingFirst", { shown: Math.min(perColumn, column.cards.length), count: column.count })}{" "}
          <Link to={listHref} className="font-medium text-brand-700 hover:underline">
            {t("pipeline.showAll")}
            <span className="sr-only"> ({labelOf(column, i18n.language)})</span>
          </Link>
        </footer>
      ) : null}
    </section>
  );
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
        className="-mx-4 flex flex-col gap-4 px-4 pb-4 md:flex-row md:items-start md:overflow-x-auto"
      >
        {columns.map((column) => (
          <Column
            key={column.code}
            column={column}
            stages={activeStages}
            today={today}
            perColumn={perColumn}
            listHref={listLink(column, filters, userId)}
          />
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
