import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { BackLink, Card, PageHeader } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { ARTICLE_CSV_COLUMNS, MAX_ARTICLE_IMPORT_BYTES, MAX_ARTICLE_IMPORT_ROWS } from "~/domain/answer-csv";
import { decodeCsvBytes } from "~/domain/centre-csv";
import { confirmArticleImport, previewArticleImport, type ImportPlan } from "~/models/answer-import.server";
import { formValues } from "~/schemas/form-values";
import { translateError } from "~/schemas/forms";
import { forbidden, requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { intent, runIntent } from "~/utils/intents.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { pageTitle } from "~/utils/page-title";
import { redirectWithToast } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("answers.import.title"), t("answers.nav")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "write:answers:any");
  return null;
}

const PreviewSchema = z.object({ intent: z.literal("preview") });
const ConfirmSchema = z.object({
  intent: z.literal("confirm"),
  csv: z.string().max(MAX_ARTICLE_IMPORT_BYTES),
  file_name: z.string().max(200).optional().default(""),
});

type Preview = { plan: ImportPlan; csv: string; fileName: string; problem?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "write:answers:any");
  const formData = await readForm(request);
  const refused = (fileName = "", status = 400, problem?: string) =>
    data<Preview>({ plan: { ok: false, error: "empty" }, csv: "", fileName, ...(problem ? { problem } : {}) }, { status });

  return runIntent(
    formValues(formData),
    {
      preview: intent(PreviewSchema, async () => {
        const file = formData.get("file");
        if (!(file instanceof File) || file.size === 0) return refused();
        if (file.size > MAX_ARTICLE_IMPORT_BYTES) return refused(file.name, 413, "tooLarge");
        const csv = decodeCsvBytes(new Uint8Array(await file.arrayBuffer())).text;
        const plan = previewArticleImport(csv, user);
        return data<Preview>({ plan, csv: plan.ok ? csv : "", fileName: file.name }, { status: plan.ok ? 200 : 400 });
      }),
      confirm: intent(ConfirmSchema, async (input) => {
        const result = confirmArticleImport(input.csv, user, input.file_name);
        if (!result.ok) {
          if (result.error === "forbidden") forbidden();
          return data<Preview>({ plan: result, csv: "", fileName: input.file_name }, { status: 400 });
        }
        const count = (p: string) => result.rows.filter((r) => r.plan === p).length;
        const t = getFixedT(await getLocale(request, user));
        const message = t("answers.import.done", {
          created: count("new"),
          updated: count("update"),
          unchanged: count("unchanged"),
          skipped: count("skipped"),
        });
        return redirectWithToast(request, "/answers", message);
      }),
    },
    () => refused(),
  );
}

export default function ImportArticles() {
  const { t } = useTranslation();
  const preview = useActionData<Preview>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const plan = preview?.plan;
  return (
    <>
      <BackLink to="/answers">{t("answers.back")}</BackLink>
      <PageHeader title={t("answers.import.title")} subtitle={t("answers.import.subtitle", { rows: MAX_ARTICLE_IMPORT_ROWS })} />
      <Card className="mb-6">
        <Form method="post" encType="multipart/form-data" className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="intent" value="preview" />
          <div className="flex-1">
            <label htmlFor="file" className="mb-1 block text-sm font-medium text-slate-700">
              {t("answers.import.file")}
            </label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" className="block w-full text-sm" />
          </div>
          <Button type="submit" disabled={busy}>
            {t("answers.import.preview")}
          </Button>
        </Form>
        <p className="mt-3 text-xs text-slate-500">
          {t("answers.import.columns")} <code className="break-words">{ARTICLE_CSV_COLUMNS.join(", ")}</code>
        </p>
        <p className="mt-1 text-xs text-slate-500">{t("answers.import.rules")}</p>
      </Card>
      {plan && !plan.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {preview?.problem === "tooLarge"
            ? t("answers.import.errors.tooLarge")
            : t(`answers.import.errors.${plan.error}`, { columns: plan.missing?.join(", ") ?? "", line: plan.line ?? "" })}
        </p>
      ) : null}
      {plan && plan.ok && preview ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-700" data-testid="import-summary">
            {t("answers.import.summary", {
              file: preview.fileName,
              created: plan.rows.filter((r) => r.plan === "new").length,
              updated: plan.rows.filter((r) => r.plan === "update").length,
              unchanged: plan.rows.filter((r) => r.plan === "unchanged").length,
              skipped: plan.rows.filter((r) => r.plan === "skipped").length,
            })}
            {plan.ignored.length ? ` ${t("answers.import.ignored", { columns: plan.ignored.join(", ") })}` : ""}
          </p>
          <Table
            stack
            caption={t("answers.import.title")}
            head={[t("answers.import.line"), t("answers.import.key"), t("answers.fields.title"), t("answers.import.plan")]}
          >
            {plan.rows.map((r) => (
              <tr key={r.line}>
                <Td className="tabular-nums">{r.line}</Td>
                <Td className="font-mono text-xs">{r.key}</Td>
                <Td>{r.title}</Td>
                <Td>
                  <span className={r.plan === "skipped" ? "font-medium text-red-700" : ""}>
                    {t(`answers.import.plans.${r.plan}`)}
                  </span>
                  {Object.entries(r.errors).map(([field, message]) => (
                    <span key={field} className="block text-xs text-red-700">
                      {field}: {translateError(t, message)}
                    </span>
                  ))}
                </Td>
              </tr>
            ))}
          </Table>
          <Form method="post" encType="multipart/form-data">
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="csv" value={preview.csv} />
            <input type="hidden" name="file_name" value={preview.fileName} />
            <Button type="submit" disabled={busy || plan.rows.every((r) => r.plan === "skipped" || r.plan === "unchanged")}>
              {t("answers.import.confirm")}
            </Button>
          </Form>
        </div>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage {...errorPageProps(useRouteError())} />;
}
