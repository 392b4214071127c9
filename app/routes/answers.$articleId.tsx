import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import {
  ArticleStatusBadge,
  MarkdownBody,
  MissingLanguage,
  ReviewDate,
  SourcesCard,
  VersionDiff,
} from "~/components/answers/article-parts";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { useCan } from "~/components/use-can";
import { allowedArticleActions, diffVersions, isCurrent, languagesOf, reviewState, type VersionSnapshot } from "~/domain/answers";
import { changeArticleStatus, getArticleForStaff, templateOptions } from "~/models/answers.server";
import { referenceList } from "~/models/reference.server";
import { ArticleActionSchema } from "~/schemas/answer";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";
import { formRefusal, notFound, requirePermission } from "~/utils/auth.server";
import { formValues } from "~/schemas/form-values";
import { readForm } from "~/utils/csrf.server";
import { formatDate, formatDateTime, todayInBeijing } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { labelByCode } from "~/utils/labels";
import { renderMarkdown } from "~/utils/markdown.server";
import { pageTitle } from "~/utils/page-title";
import { redirectWithToast } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, locale) => [
    data ? (locale === "en" ? data.article.titleEn || data.article.titleZh : data.article.titleZh || data.article.titleEn) : null,
    t("answers.nav"),
  ]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:answers:any");
  const found = getArticleForStaff(params.articleId ?? "");
  if (!found) notFound();
  const locale = await getLocale(request, user);
  const today = todayInBeijing();
  const { versions, current, ...article } = found;
  const templates = new Map(templateOptions().map((t) => [t.id, t]));
  const categories = referenceList("request_category", { includeInactive: true });
  const departments = referenceList("department", { includeInactive: true });
  // What changed is shown in words: codes and ids become the reader's labels before comparing.
  const readable = (v: VersionSnapshot): VersionSnapshot => ({
    ...v,
    categoryCode: labelByCode(categories, v.categoryCode, locale),
    departmentCodes: v.departmentCodes.map((d) => labelByCode(departments, d, locale)),
    templateIds: v.templateIds.map((id) => {
      const tpl = templates.get(id);
      return tpl ? (locale === "en" ? tpl.titleEn : tpl.titleZh) : id;
    }),
  });
  return {
    article: {
      ...article,
      htmlZh: article.bodyZh ? renderMarkdown(article.bodyZh) : "",
      htmlEn: article.bodyEn ? renderMarkdown(article.bodyEn) : "",
      languages: languagesOf(article),
      reviewState: reviewState(article, today),
      current: isCurrent(article, today),
      departmentCodes: current.departmentCodes,
      templates: current.templateIds.map((id) => templates.get(id)).filter((t) => t !== undefined),
    },
    actions: allowedArticleActions(article.status),
    // Each version with what it changed from the one before (the first: everything it said).
    versions: versions.map((v, i) => ({
      id: v.id,
      number: v.number,
      note: v.note,
      authorName: v.authorName,
      createdAt: v.createdAt,
      diff: diffVersions(versions[i + 1] ? readable(versions[i + 1]!) : null, readable(v)),
    })),
    categories,
    departments,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "write:answers:any");
  const id = params.articleId ?? "";
  const parsed = ArticleActionSchema.safeParse(formValues(await readForm(request)));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as FieldErrors }, { status: 400 });
  const result = changeArticleStatus(user, id, parsed.data.intent, parsed.data.version, todayInBeijing());
  if (!result.ok) return data({ fieldErrors: formRefusal(result).fieldErrors }, { status: result.status });
  const t = getFixedT(await getLocale(request, user));
  return redirectWithToast(request, `/answers/${id}`, t(`answers.done.${parsed.data.intent}`));
}

export default function ArticlePage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { article: a, actions, versions, categories, departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const can = useCan();
  const writer = can("write:answers:any");
  const title = lng === "en" ? a.titleEn || a.titleZh : a.titleZh || a.titleEn;
  return (
    <>
      <BackLink to="/answers">{t("answers.back")}</BackLink>
      <PageHeader
        title={title || t("answers.untitled")}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <ArticleStatusBadge status={a.status} />
            <span>{t("answers.versionN", { n: a.version })}</span>
            <span>· {labelByCode(categories, a.categoryCode, lng)}</span>
            {a.importKey ? <span className="font-mono text-xs">· {a.importKey}</span> : null}
          </span>
        }
        actions={
          writer ? (
            <Link
              to={`/answers/${a.id}/edit`}
              className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              {t("answers.edit")}
            </Link>
          ) : null
        }
      />
      {actionData?.fieldErrors?._form ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {translateError(t, actionData.fieldErrors._form)}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr]">
        {/* The status actions come first on a phone (not below the versions), top right on a wide screen. */}
        {writer && actions.length > 0 ? (
          <div className="lg:col-start-3 lg:row-start-1">
            <Card title={t("answers.statusActions")}>
              <div className="flex flex-wrap gap-2">
                {actions.map((action) => (
                  <Form method="post" key={action}>
                    <AuthenticityTokenInput name="csrf" />
                    <input type="hidden" name="version" value={a.version} />
                    <Button
                      type="submit"
                      name="intent"
                      value={action}
                      variant={action === "publish" ? "primary" : action === "retire" ? "danger" : "secondary"}
                    >
                      {t(`answers.actions.${action}`)}
                    </Button>
                  </Form>
                ))}
              </div>
            </Card>
          </div>
        ) : null}
        <div className="space-y-6 lg:col-span-2 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <div className="grid gap-4 md:grid-cols-2" data-testid="article-languages">
            {(
              [
                ["zh-CN", a.titleZh, a.htmlZh],
                ["en", a.titleEn, a.htmlEn],
              ] as const
            ).map(([language, langTitle, html]) => (
              <Card key={language} title={t(`locales.${language}`)}>
                {a.languages.includes(language) ? (
                  <article lang={language}>
                    <h2 className="mb-2 text-lg font-semibold text-slate-900">{langTitle}</h2>
                    <MarkdownBody html={html} />
                  </article>
                ) : (
                  <MissingLanguage language={language} />
                )}
              </Card>
            ))}
          </div>
          <Card title={t("answers.versions.title")}>
            <ol className="space-y-5" data-testid="article-versions">
              {versions.map((v) => (
                <li key={v.id} className="border-t border-slate-100 pt-3 first:border-0 first:pt-0">
                  <p className="mb-2 text-sm">
                    <span className="font-semibold">{t("answers.versionN", { n: v.number })}</span>
                    <span className="text-slate-600">
                      {" "}
                      · {formatDateTime(v.createdAt, lng)} · {v.authorName ?? "—"}
                    </span>
                    {v.note ? <span className="block text-slate-700">{v.note}</span> : null}
                  </p>
                  <details open={v.number === a.version}>
                    <summary className="cursor-pointer text-sm text-brand-700">
                      {v.number === 1 ? t("answers.versions.firstVersion") : t("answers.versions.changes", { n: v.number - 1 })}
                    </summary>
                    <div className="mt-2">
                      <VersionDiff diff={v.diff} />
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div
          className={`space-y-6 lg:col-start-3 ${writer && actions.length > 0 ? "lg:row-start-2" : "lg:row-span-2 lg:row-start-1"}`}
        >
          {a.statusHistory.length > 0 ? (
            <Card title={t("answers.statusHistory")}>
              <ol className="space-y-2 text-sm" data-testid="article-status-history">
                {a.statusHistory.map((h, i) => (
                  <li key={i}>
                    <span className="font-medium">{t(`answers.statusEvents.${h.action}`)}</span>
                    <span className="block text-xs text-slate-600">
                      {formatDateTime(h.at, lng)} · {h.actorName ?? "—"}
                    </span>
                  </li>
                ))}
              </ol>
            </Card>
          ) : null}
          <Card title={t("answers.about")}>
            <dl className="space-y-3 text-sm">
              <div>
                <dt className="text-xs text-slate-500">{t("answers.fields.reviewBy")}</dt>
                <dd>
                  <ReviewDate reviewBy={a.reviewBy} state={a.reviewState} />
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("answers.fields.validFrom")}</dt>
                <dd>{a.validFrom ? formatDate(a.validFrom, lng) : t("common.notSet")}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("answers.suggested")}</dt>
                <dd>{a.current ? t("answers.suggestedYes") : t("answers.suggestedNo")}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("answers.fields.departmentCodes")}</dt>
                <dd>
                  {a.departmentCodes.length
                    ? a.departmentCodes.map((d) => labelByCode(departments, d, lng)).join(lng === "en" ? ", " : "、")
                    : t("common.notSet")}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("answers.fields.templateIds")}</dt>
                <dd>
                  {a.templates.length ? (
                    <ul className="list-disc pl-5">
                      {a.templates.map((tpl) => (
                        <li key={tpl.id}>{lng === "en" ? tpl.titleEn : tpl.titleZh}</li>
                      ))}
                    </ul>
                  ) : (
                    t("common.notSet")
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("answers.uses")}</dt>
                <dd data-testid="article-uses">{t("answers.usesN", { count: a.uses })}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{t("answers.fields.author")}</dt>
                <dd>{a.authorName ?? "—"}</dd>
              </div>
            </dl>
          </Card>
          <SourcesCard sources={a.sources} />
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
