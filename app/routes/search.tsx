import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Highlight } from "~/components/highlight";
import { RequestStatusBadge } from "~/components/request-parts";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { can } from "~/domain/permissions";
import { GROUP_LIMIT, KIND_LIMIT, searchKindsFor, type SearchKind } from "~/domain/search-text";
import { searchForStaff } from "~/models/search.server";
import { SearchParamsSchema } from "~/schemas/search";
import { forbidden, requireUser } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("search.title")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  // Enterprise users search their own centre in the portal.
  if (user.role === "enterprise") throw redirect(`/portal/search${url.search}`);
  if (!can(user.role, "read:centre:any")) forbidden();
  const params = SearchParamsSchema.parse(Object.fromEntries(url.searchParams));
  const kinds = searchKindsFor(user.role);
  const only = params.kind && kinds.includes(params.kind) ? params.kind : undefined;
  const result = searchForStaff(params.q, kinds, { only });
  return { q: params.q, only: only ?? null, kinds, ...result };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function GroupSection({
  kind,
  title,
  count,
  more,
  q,
  only,
  children,
}: {
  kind: SearchKind;
  title: string;
  count: number;
  more: boolean;
  q: string;
  only: SearchKind | null;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <section aria-labelledby={`results-${kind}`} className="mb-6" data-testid={`results-${kind}`}>
      <h2 id={`results-${kind}`} className="mb-2 text-base font-semibold text-slate-800">
        {title} <span className="text-sm font-normal text-slate-500">({more ? `${count}+` : count})</span>
      </h2>
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        {children}
      </ul>
      {more ? (
        only ? (
          <p className="mt-2 text-sm text-slate-600">{t("search.firstN", { limit: KIND_LIMIT })}</p>
        ) : (
          <Link
            to={`/search?${new URLSearchParams({ q, kind }).toString()}`}
            className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
            data-testid={`more-${kind}`}
          >
            {t("search.more", { title })}
          </Link>
        )
      ) : null}
    </section>
  );
}

const itemClass = "block px-4 py-3 hover:bg-slate-50 focus:bg-slate-50";

function Results({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { terms, q, only } = data;
  const name = (r: { centreNameZh: string; centreNameEn: string }) => (lng === "en" ? r.centreNameEn : r.centreNameZh);
  return (
    <>
      <GroupSection
        kind="centre"
        title={t("search.kinds.centre")}
        count={data.centres.rows.length}
        more={data.centres.more}
        q={q}
        only={only}
      >
        {data.centres.rows.map((c) => (
          <li key={c.id}>
            <Link to={`/centres/${c.id}`} className={itemClass}>
              <span className="font-medium text-brand-700">
                <Highlight text={lng === "en" ? c.nameEn : c.nameZh} terms={terms} />
              </span>
              <span className="block text-sm text-slate-600">
                <Highlight text={lng === "en" ? c.nameZh : c.nameEn} terms={terms} /> ·{" "}
                <Highlight text={c.parentCompany} terms={terms} />
              </span>
              <span className="block break-all text-xs text-slate-500">
                <Highlight text={c.uscc} terms={terms} />
                {c.address ? (
                  <>
                    {" · "}
                    <Highlight text={c.address} terms={terms} snippet={50} />
                  </>
                ) : null}
              </span>
            </Link>
          </li>
        ))}
      </GroupSection>
      <GroupSection
        kind="contact"
        title={t("search.kinds.contact")}
        count={data.contacts.rows.length}
        more={data.contacts.more}
        q={q}
        only={only}
      >
        {data.contacts.rows.map((c) => (
          <li key={c.id}>
            <Link to={`/centres/${c.centreId}`} className={itemClass}>
              <span className="font-medium text-brand-700">
                <Highlight text={c.name} terms={terms} />
              </span>
              {c.role ? <span className="text-sm text-slate-600"> · {c.role}</span> : null}
              <span className="block break-all text-sm text-slate-600">
                {c.email ? <Highlight text={c.email} terms={terms} /> : null}
                {c.email && c.phone ? " · " : null}
                {c.phone ? <Highlight text={c.phone} terms={terms} /> : null}
              </span>
              <span className="block text-xs text-slate-500">{t("search.atCentre", { centre: name(c) })}</span>
            </Link>
          </li>
        ))}
      </GroupSection>
      <GroupSection
        kind="request"
        title={t("search.kinds.request")}
        count={data.requests.rows.length}
        more={data.requests.more}
        q={q}
        only={only}
      >
        {data.requests.rows.map((r) => (
          <li key={r.id}>
            <Link to={`/requests/${r.id}`} className={itemClass}>
              <span className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs text-slate-600">
                  <Highlight text={r.receiptNo} terms={terms} />
                </span>
                <RequestStatusBadge status={r.status} />
              </span>
              <span className="block font-medium text-brand-700">
                <Highlight text={r.title} terms={terms} />
              </span>
              <span className="block text-sm text-slate-600">
                <Highlight text={r.description} terms={terms} snippet={60} />
              </span>
              {r.message ? (
                <span className="mt-1 block border-l-2 border-slate-200 pl-2 text-sm text-slate-600">
                  <span className="text-xs font-medium text-slate-500">
                    {r.message.visibility === "internal" ? t("search.inInternalNote") : t("search.inReply")}:{" "}
                  </span>
                  <Highlight text={r.message.body} terms={terms} snippet={60} />
                </span>
              ) : null}
              <span className="block text-xs text-slate-500">{name(r)}</span>
            </Link>
          </li>
        ))}
      </GroupSection>
      <GroupSection
        kind="interaction"
        title={t("search.kinds.interaction")}
        count={data.interactions.rows.length}
        more={data.interactions.more}
        q={q}
        only={only}
      >
        {data.interactions.rows.map((i) => (
          <li key={i.id}>
            <Link to={`/centres/${i.centreId}`} className={itemClass}>
              <span className="block text-xs text-slate-500">
                {formatDate(i.occurredAt, lng)} · {t(`interactions.kinds.${i.kind}`)} · {name(i)}
              </span>
              <span className="block text-sm text-slate-800">
                <Highlight text={i.summary} terms={terms} snippet={80} />
              </span>
            </Link>
          </li>
        ))}
      </GroupSection>
      <GroupSection
        kind="follow_up"
        title={t("search.kinds.follow_up")}
        count={data.followUps.rows.length}
        more={data.followUps.more}
        q={q}
        only={only}
      >
        {data.followUps.rows.map((f) => (
          <li key={f.id}>
            <Link to={`/centres/${f.centreId}/follow-ups`} className={itemClass}>
              <span className="block text-sm text-slate-800">
                <Highlight text={f.description} terms={terms} snippet={80} />
              </span>
              <span className="block text-xs text-slate-500">
                {t(`followUps.statuses.${f.status}`)}
                {f.dueOn ? ` · ${t("search.due", { date: formatDate(f.dueOn, lng) })}` : ""} · {name(f)}
              </span>
            </Link>
          </li>
        ))}
      </GroupSection>
    </>
  );
}

export default function SearchPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const total =
    data.centres.rows.length +
    data.contacts.rows.length +
    data.requests.rows.length +
    data.interactions.rows.length +
    data.followUps.rows.length;
  return (
    <>
      <PageHeader
        title={t("search.title")}
        subtitle={data.kinds.length === 1 ? t("search.scopeCentres") : t("search.scopeAll", { limit: GROUP_LIMIT })}
      />
      <Form
        method="get"
        action="/search"
        role="search"
        className="mb-6 flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:flex-row"
      >
        <label htmlFor="search-q" className="sr-only">
          {t("search.label")}
        </label>
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={data.q}
          placeholder={t("search.pagePlaceholder")}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
        {data.only ? <input type="hidden" name="kind" value={data.only} /> : null}
        <Button type="submit" className="whitespace-nowrap">
          {t("search.submit")}
        </Button>
      </Form>
      {data.only ? (
        <p className="mb-4 text-sm">
          <Link
            to={`/search?${new URLSearchParams({ q: data.q }).toString()}`}
            className="font-medium text-brand-700 hover:underline"
          >
            ← {t("search.allKinds")}
          </Link>
        </p>
      ) : null}
      {data.q === "" ? (
        <p className="text-sm text-slate-600">{t("search.hint")}</p>
      ) : total === 0 ? (
        <p
          className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600"
          data-testid="no-results"
        >
          {t("search.noResults", { q: data.q })}
        </p>
      ) : (
        <Results data={data} />
      )}
    </>
  );
}
