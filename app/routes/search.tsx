import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Highlight } from "~/components/highlight";
import { RequestStatusBadge } from "~/components/request-parts";
import { SearchForm, SearchOutcome } from "~/components/search-page";
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

/** One kind's results, with a link to all of that kind when the group was cut short. */
function GroupSection({
  kind,
  group,
  children,
}: {
  kind: SearchKind;
  group: { rows: readonly unknown[]; more: boolean };
  children: React.ReactNode;
}) {
  const { q, only } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const title = t(`search.kinds.${kind}`);
  const { more } = group;
  const count = group.rows.length;
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

/** One result: the whole entry is the link. */
function ResultLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <li>
      <Link to={to} className="block px-4 py-3 hover:bg-slate-50 focus:bg-slate-50">
        {children}
      </Link>
    </li>
  );
}

function Results({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { terms } = data;
  const name = (r: { centreNameZh: string; centreNameEn: string }) => (lng === "en" ? r.centreNameEn : r.centreNameZh);
  return (
    <>
      <GroupSection kind="centre" group={data.centres}>
        {data.centres.rows.map((c) => (
          <ResultLink key={c.id} to={`/centres/${c.id}`}>
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
          </ResultLink>
        ))}
      </GroupSection>
      <GroupSection kind="contact" group={data.contacts}>
        {data.contacts.rows.map((c) => (
          <ResultLink key={c.id} to={`/centres/${c.centreId}`}>
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
          </ResultLink>
        ))}
      </GroupSection>
      <GroupSection kind="request" group={data.requests}>
        {data.requests.rows.map((r) => (
          <ResultLink key={r.id} to={`/requests/${r.id}`}>
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
          </ResultLink>
        ))}
      </GroupSection>
      <GroupSection kind="interaction" group={data.interactions}>
        {data.interactions.rows.map((i) => (
          <ResultLink key={i.id} to={`/centres/${i.centreId}`}>
            <span className="block text-xs text-slate-500">
              {formatDate(i.occurredAt, lng)} · {t(`interactions.kinds.${i.kind}`)} · {name(i)}
            </span>
            <span className="block text-sm text-slate-800">
              <Highlight text={i.summary} terms={terms} snippet={80} />
            </span>
          </ResultLink>
        ))}
      </GroupSection>
      <GroupSection kind="follow_up" group={data.followUps}>
        {data.followUps.rows.map((f) => (
          <ResultLink key={f.id} to={`/centres/${f.centreId}/follow-ups`}>
            <span className="block text-sm text-slate-800">
              <Highlight text={f.description} terms={terms} snippet={80} />
            </span>
            <span className="block text-xs text-slate-500">
              {t(`followUps.statuses.${f.status}`)}
              {f.dueOn ? ` · ${t("search.due", { date: formatDate(f.dueOn, lng) })}` : ""} · {name(f)}
            </span>
          </ResultLink>
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
      <SearchForm
        action="/search"
        inputId="search-q"
        label={t("search.label")}
        placeholder={t("search.pagePlaceholder")}
        q={data.q}
      >
        {data.only ? <input type="hidden" name="kind" value={data.only} /> : null}
      </SearchForm>
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
      <SearchOutcome q={data.q} found={total}>
        <Results data={data} />
      </SearchOutcome>
    </>
  );
}
