import type { MetaFunction } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, UploadHandler } from "@remix-run/node";
import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation, useRouteError } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { CSRFError } from "remix-utils/csrf/server";
import { z } from "zod";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Button } from "~/components/ui/button";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import {
  CENTRE_CSV_COLUMNS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  REFERENCE_CSV_COLUMNS,
  REQUIRED_CSV_COLUMNS,
} from "~/domain/centre-csv";
import {
  commitImport,
  csvReferences,
  loadUpload,
  previewImport,
  readUpload,
  saveUpload,
  tooLarge,
  type PlannedRow,
  type RowIssue,
  type UploadError,
} from "~/models/centre-import.server";
import { requirePermission } from "~/utils/auth.server";
import { checkForm, csrf, formProblem, readForm } from "~/utils/csrf.server";
import { formatNumber } from "~/utils/format";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { pageTitle } from "~/utils/page-title";

/** Rows without errors or warnings shown in the preview; rows with them are all shown. */
const PREVIEW_CLEAN_ROWS = 200;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("centreImport.title"), t("nav.centres")]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import:centre:any");
  const refs = csvReferences();
  const help = {
    columns: [...CENTRE_CSV_COLUMNS],
    required: [...REQUIRED_CSV_COLUMNS],
    maxRows: MAX_IMPORT_ROWS,
    maxBytes: MAX_IMPORT_BYTES,
    values: REFERENCE_CSV_COLUMNS.map((column) => ({ column, choices: refs[column] })),
  };
  const token = new URL(request.url).searchParams.get("upload");
  const empty = { token: null, fileName: null, encoding: null, preview: null, result: null };
  if (!token) return data({ view: "upload" as const, help, ...empty });
  const stored = loadUpload(user.id, token);
  if (!stored) return data({ view: "expired" as const, help, ...empty }, { status: 404 });
  const base = { help, token, fileName: stored.fileName, encoding: stored.encoding };
  // The upload script's request lands here: it goes on to the preview itself, so the rows are checked once.
  if (!stored.result && new URL(request.url).searchParams.has("uploaded"))
    return data({ view: "uploaded" as const, ...base, preview: null, result: null });
  if (stored.result) {
    return data({
      view: "result" as const,
      ...base,
      preview: null,
      result: { ...stored.result, skipped: stored.result.skipped.slice(0, 1000) },
    });
  }
  const plan = previewImport(user, stored);
  const flagged = (r: PlannedRow) => r.errors.length > 0 || r.warnings.length > 0;
  const clean = plan.rows.filter((r) => !flagged(r));
  const shown = new Set([...plan.rows.filter(flagged), ...clean.slice(0, PREVIEW_CLEAN_ROWS)]);
  return data({
    view: "preview" as const,
    ...base,
    result: null,
    preview: {
      counts: plan.counts,
      total: plan.rows.length,
      ignoredColumns: plan.ignoredColumns,
      missingOptional: plan.missingOptional,
      rows: plan.rows.filter((r) => shown.has(r)),
      hiddenRows: plan.rows.length - shown.size,
    },
  });
}

class UploadTooLarge extends Error {}

/**
 * Reads the multipart upload with limits: the file at most MAX_IMPORT_BYTES, other fields small,
 * other files ignored; then checks the CSRF token as readForm does.
 */
async function readUploadForm(request: Request): Promise<FormData> {
  let fieldBytes = 0;
  const handler: UploadHandler = async ({ name, filename, contentType, data: chunks }) => {
    const parts: Uint8Array[] = [];
    let size = 0;
    const isFile = typeof filename === "string";
    const limit = isFile ? MAX_IMPORT_BYTES : 10_000;
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (isFile && name !== "file") continue;
      if (size > limit || (!isFile && fieldBytes + size > 100_000)) throw new UploadTooLarge();
      parts.push(chunk);
    }
    if (!isFile) {
      fieldBytes += size;
      return new TextDecoder().decode(Buffer.concat(parts));
    }
    return name === "file" ? new File([new Uint8Array(Buffer.concat(parts))], filename, { type: contentType }) : undefined;
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof UploadTooLarge) throw error;
    throw formProblem(400, "unreadableForm");
  }
  checkForm(formData);
  try {
    await csrf.validate(formData, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) throw new Response("Invalid CSRF token", { status: 403 });
    throw error;
  }
  return formData;
}

const Intent = z.object({ intent: z.enum(["upload", "commit"]) });
type ActionData = { uploadError: UploadError | null; expired: boolean };
const fail = (result: Partial<ActionData>, status = 400) =>
  data({ uploadError: null, expired: false, ...result } satisfies ActionData, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "import:centre:any");
  let formData: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    // Refuse an oversized body before reading it (the multipart margin allows for the other fields).
    if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024)
      return fail({ uploadError: tooLarge() }, 413);
    try {
      formData = await readUploadForm(request);
    } catch (error) {
      if (error instanceof UploadTooLarge) return fail({ uploadError: tooLarge() }, 413);
      throw error;
    }
  } else {
    formData = await readForm(request);
  }
  const intent = Intent.safeParse(Object.fromEntries(formData));
  if (!intent.success) return fail({ uploadError: { key: "noFile" } });

  if (intent.data.intent === "upload") {
    const file = formData.get("file");
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) return fail({ uploadError: { key: "noFile" } });
    const read = readUpload(new Uint8Array(await file.arrayBuffer()));
    if (!read.ok) return fail({ uploadError: read.error });
    const token = saveUpload({
      userId: user.id,
      fileName: file.name,
      encoding: read.encoding,
      header: read.header,
      rows: read.rows,
    });
    return redirect(`/centres/import?upload=${token}${formData.get("client") === "xhr" ? "&uploaded=1" : ""}`, 303);
  }

  const token = String(formData.get("token") ?? "");
  const t = getFixedT(await getLocale(request, user));
  const committed = commitImport(user, token, { note: (file) => t("centreImport.eventNote", { file }) });
  if (!committed.ok) return fail({ expired: true }, 404);
  return redirect(`/centres/import?upload=${token}`, 303);
}

// ---------------------------------------------------------------------------------------------
// UI

type T = (key: string, options?: Record<string, unknown>) => string;

/** Messages are "key" or "key:limit" (validation.tooLong:200), with optional parameters. */
function issueText(t: T, issue: RowIssue) {
  const [key = issue.message, limit] = issue.message.split(":");
  return t(key, { max: limit, min: limit, ...issue.params });
}

function uploadErrorText(t: T, error: UploadError) {
  switch (error.key) {
    case "header":
      return [
        error.missing.length ? t("centreImport.upload.errors.missingColumns", { columns: error.missing.join(", ") }) : "",
        error.duplicate.length ? t("centreImport.upload.errors.duplicateColumns", { columns: error.duplicate.join(", ") }) : "",
      ]
        .filter(Boolean)
        .join(" ");
    case "tooManyRows":
      return t("centreImport.upload.errors.tooManyRows", { count: error.count, max: error.max });
    case "tooLarge":
      return t("centreImport.upload.errors.tooLarge", { max: error.maxMb });
    case "malformed":
      return t("centreImport.upload.errors.malformed", { line: error.line });
    default:
      return t(`centreImport.upload.errors.${error.key}`);
  }
}

const ACTION_STYLES: Record<PlannedRow["action"], string> = {
  create: "bg-emerald-100 text-emerald-900",
  update: "bg-sky-100 text-sky-900",
  unchanged: "bg-slate-100 text-slate-700",
  skip: "bg-red-100 text-red-800",
};

function UploadForm({ maxBytes, maxRows, serverError }: { maxBytes: number; maxRows: number; serverError: string | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [phase, setPhase] = useState<"idle" | "uploading" | "checking">("idle");
  const [percent, setPercent] = useState(0);
  const [clientError, setClientError] = useState<string | null>(null);
  const error = clientError ?? serverError;
  const busy = phase !== "idle" || navigation.state !== "idle";

  // With JavaScript the file goes up by XMLHttpRequest, which reports upload progress; without
  // it the browser posts the form and the action redirects to the preview all the same.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    event.preventDefault();
    if (!file) return setClientError(t("centreImport.upload.errors.noFile"));
    if (file.size > maxBytes) return setClientError(t("centreImport.upload.errors.tooLarge", { max: maxBytes / 1024 / 1024 }));
    setClientError(null);
    setPercent(0);
    setPhase("uploading");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.responseType = "document";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPercent(Math.round((e.loaded / e.total) * 100));
    };
    xhr.upload.onload = () => {
      setPercent(100);
      setPhase("checking");
    };
    xhr.onload = () => {
      const url = new URL(xhr.responseURL || form.action, window.location.href);
      const token = url.searchParams.get("upload");
      if (xhr.status < 400 && url.pathname === "/centres/import" && token) {
        navigate(`/centres/import?upload=${encodeURIComponent(token)}`);
        return;
      }
      const message = (xhr.response as Document | null)?.querySelector("[data-upload-error]")?.textContent;
      if (xhr.status >= 400 && xhr.status < 500 && message) {
        setClientError(message);
        setPhase("idle");
        return;
      }
      // Signed out, forbidden or a server error: show that page as the browser would.
      window.location.assign(url.href);
    };
    xhr.onerror = () => {
      setClientError(t("centreImport.upload.errors.network"));
      setPhase("idle");
    };
    const body = new FormData(form);
    body.set("client", "xhr");
    xhr.send(body);
  }

  return (
    <form method="post" action="/centres/import" encType="multipart/form-data" onSubmit={onSubmit} className="space-y-4">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="upload" />
      <div>
        <label htmlFor="import-file" className="mb-1 block text-sm font-medium text-slate-700">
          {t("centreImport.upload.file")}
        </label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,.txt,text/csv"
          aria-describedby={error ? "import-file-hint import-file-error" : "import-file-hint"}
          aria-invalid={error ? true : undefined}
          className="block w-full max-w-xl rounded-md border border-slate-300 bg-white text-sm file:mr-3 file:rounded-l-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-900"
        />
        <p id="import-file-hint" className="mt-1 text-xs text-slate-600">
          {t("centreImport.upload.hint", { maxMb: maxBytes / 1024 / 1024, maxRows: formatNumber(maxRows, i18n.language) })}
        </p>
        {error ? (
          <p id="import-file-error" role="alert" data-upload-error className="mt-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      {phase !== "idle" ? (
        <div className="max-w-xl" aria-live="polite">
          <label htmlFor="import-progress" className="mb-1 block text-sm text-slate-700">
            {phase === "uploading" ? t("centreImport.upload.uploading", { percent }) : t("centreImport.upload.checking")}
          </label>
          {phase === "uploading" ? (
            <progress id="import-progress" max={100} value={percent} className="h-2 w-full accent-brand-600" />
          ) : (
            <progress id="import-progress" className="h-2 w-full accent-brand-600" />
          )}
        </div>
      ) : null}
      <Button type="submit" disabled={busy}>
        {t("centreImport.upload.submit")}
      </Button>
    </form>
  );
}

function ColumnHelp({ help }: { help: ReturnType<typeof useLoaderData<typeof loader>>["help"] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const valuesOf = new Map(help.values.map((v) => [v.column as string, v.choices]));
  return (
    <Card title={t("centreImport.columns.title")} className="mt-6">
      <p className="mb-3 text-sm text-slate-600">{t("centreImport.columns.intro")}</p>
      <pre className="mb-4 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs text-slate-800">{help.columns.join(",")}</pre>
      <Table
        stack
        head={[t("centreImport.columns.column"), t("centreImport.columns.required"), t("centreImport.columns.accepts")]}
      >
        {help.columns.map((column) => {
          const choices = valuesOf.get(column);
          return (
            <tr key={column}>
              <Td className="whitespace-nowrap font-mono text-xs">{column}</Td>
              <Td>{help.required.includes(column) ? t("common.yes") : t("common.no")}</Td>
              <Td>
                <p>{t(`centreImport.columns.describe.${column}`)}</p>
                {choices ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-brand-700">
                      {t("centreImport.columns.showValues", { count: choices.length })}
                    </summary>
                    <ul className="mt-1 grid gap-x-4 text-xs text-slate-700 sm:grid-cols-2 lg:grid-cols-3">
                      {choices.map((c) => (
                        <li key={c.code}>
                          <span className="font-mono">{c.code}</span> · {en ? c.labelEn : c.labelZh} ·{" "}
                          {en ? c.labelZh : c.labelEn}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </Td>
            </tr>
          );
        })}
      </Table>
    </Card>
  );
}

function IssueList({ issues, tone }: { issues: RowIssue[]; tone: "error" | "warning" }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <ul className={`space-y-0.5 text-sm ${tone === "error" ? "text-red-800" : "text-amber-800"}`}>
      {issues.map((issue, i) => (
        <li key={i}>
          <span className="font-mono text-xs">{issue.column === "row" ? t("centreImport.preview.wholeRow") : issue.column}</span>:{" "}
          {issueText(t, issue)}
          {issue.value !== undefined ? (
            <span className="text-slate-600"> ({t("centreImport.preview.given", { value: issue.value })})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function RowsTable({ rows }: { rows: PlannedRow[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table
      stack
      caption={t("centreImport.preview.tableCaption")}
      head={[
        t("centreImport.preview.line"),
        t("centreImport.preview.action"),
        "USCC",
        t("centreImport.preview.name"),
        t("centreImport.preview.details"),
      ]}
    >
      {rows.map((row) => (
        <tr key={row.line} data-testid={`import-row-${row.line}`} className={row.errors.length ? "bg-red-50/60" : undefined}>
          <Td className="tabular-nums">{row.line}</Td>
          <Td>
            <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${ACTION_STYLES[row.action]}`}>
              {t(`centreImport.actions.${row.action}`)}
            </span>
          </Td>
          <Td className="whitespace-nowrap font-mono text-xs">{row.uscc || "—"}</Td>
          <Td className="min-w-48">
            <div>{(i18n.language === "en" ? row.nameEn : row.nameZh) || "—"}</div>
            <div className="text-xs text-slate-600">{i18n.language === "en" ? row.nameZh : row.nameEn}</div>
          </Td>
          <Td className="min-w-64">
            <IssueList issues={row.errors} tone="error" />
            <IssueList issues={row.warnings} tone="warning" />
            {row.action === "update" ? (
              <p className="text-sm text-slate-700">{t("centreImport.preview.changes", { columns: row.changes.join(", ") })}</p>
            ) : null}
          </Td>
        </tr>
      ))}
    </Table>
  );
}

function ConfirmForm({ token, importable }: { token: string; importable: number }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const importing = navigation.state === "submitting" && navigation.formData?.get("intent") === "commit";
  return (
    <Form method="post" action="/centres/import" className="flex flex-wrap items-center gap-3">
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="commit" />
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={importable === 0 || importing}>
        {importing ? t("centreImport.preview.importing") : t("centreImport.preview.confirm", { count: importable })}
      </Button>
      <Link to="/centres/import" className="text-sm text-brand-700 underline">
        {t("centreImport.preview.another")}
      </Link>
      {importing ? (
        <span role="status" className="text-sm text-slate-700">
          {t("centreImport.preview.importingHint")}
        </span>
      ) : null}
    </Form>
  );
}

export default function CentreImport() {
  const { t, i18n } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { view, help, preview, result } = loaderData;
  const serverError = actionData?.uploadError ? uploadErrorText(t, actionData.uploadError) : null;
  const encoding = loaderData.encoding ? t(`centreImport.encodings.${loaderData.encoding}`) : "";
  const exportLink = (
    <Link to="/centres/export.csv" reloadDocument className="text-sm text-brand-700 underline">
      {t("centreImport.exportTemplate")}
    </Link>
  );

  if (view === "preview" && preview && loaderData.token) {
    const importable = preview.counts.create + preview.counts.update;
    return (
      <>
        <PageHeader
          title={t("centreImport.preview.title")}
          subtitle={t("centreImport.preview.subtitle", { file: loaderData.fileName, encoding, count: preview.total })}
        />
        <div className="mb-4 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
          <Stat label={t("centreImport.counts.create")} value={formatNumber(preview.counts.create, i18n.language)} />
          <Stat label={t("centreImport.counts.update")} value={formatNumber(preview.counts.update, i18n.language)} />
          <Stat label={t("centreImport.counts.unchanged")} value={formatNumber(preview.counts.unchanged, i18n.language)} />
          <Stat
            label={t("centreImport.counts.skip")}
            value={formatNumber(preview.counts.skip, i18n.language)}
            hint={preview.counts.skip ? t("centreImport.preview.skipHint") : undefined}
          />
        </div>
        {preview.ignoredColumns.length ? (
          <p className="mb-2 text-sm text-amber-800">
            {t("centreImport.preview.ignoredColumns", { columns: preview.ignoredColumns.join(", ") })}
          </p>
        ) : null}
        {preview.missingOptional.length ? (
          <p className="mb-2 text-sm text-slate-700">
            {t("centreImport.preview.missingOptional", { columns: preview.missingOptional.join(", ") })}
          </p>
        ) : null}
        <Card className="mb-6">
          <p className="mb-3 text-sm text-slate-700">{t("centreImport.preview.nothingWritten")}</p>
          <ConfirmForm token={loaderData.token} importable={importable} />
        </Card>
        <h2 className="mb-2 text-base font-semibold text-slate-800">{t("centreImport.preview.rowsTitle")}</h2>
        <RowsTable rows={preview.rows} />
        {preview.hiddenRows > 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("centreImport.preview.hiddenRows", { count: preview.hiddenRows })}</p>
        ) : null}
      </>
    );
  }

  if (view === "uploaded" && loaderData.token) {
    return (
      <>
        <PageHeader title={t("centreImport.title")} />
        <Link to={`/centres/import?upload=${loaderData.token}`} className="text-sm text-brand-700 underline">
          {t("centreImport.upload.continue")}
        </Link>
      </>
    );
  }

  if (view === "result" && result) {
    return (
      <>
        <PageHeader
          title={t("centreImport.result.title")}
          subtitle={t("centreImport.result.subtitle", { file: loaderData.fileName })}
        />
        <div role="status" className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
          <Stat label={t("centreImport.result.created")} value={formatNumber(result.counts.created, i18n.language)} />
          <Stat label={t("centreImport.result.updated")} value={formatNumber(result.counts.updated, i18n.language)} />
          <Stat label={t("centreImport.result.unchanged")} value={formatNumber(result.counts.unchanged, i18n.language)} />
          <Stat label={t("centreImport.result.skipped")} value={formatNumber(result.counts.skipped, i18n.language)} />
        </div>
        <div className="mb-6 flex flex-wrap gap-4">
          <Link to="/centres" className="text-sm text-brand-700 underline">
            {t("centreImport.result.toCentres")}
          </Link>
          <Link to="/centres/import" className="text-sm text-brand-700 underline">
            {t("centreImport.preview.another")}
          </Link>
        </div>
        {result.skipped.length ? (
          <>
            <h2 className="mb-2 text-base font-semibold text-slate-800">{t("centreImport.result.skippedTitle")}</h2>
            <RowsTable
              rows={result.skipped.map((r) => ({ ...r, action: "skip" as const, centreId: null, changes: [], warnings: [] }))}
            />
          </>
        ) : null}
      </>
    );
  }

  return (
    <>
      <PageHeader title={t("centreImport.title")} subtitle={t("centreImport.subtitle")} actions={exportLink} />
      {view === "expired" || actionData?.expired ? (
        <p role="alert" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t("centreImport.expired")}
        </p>
      ) : null}
      <Card>
        <UploadForm maxBytes={help.maxBytes} maxRows={help.maxRows} serverError={serverError} />
      </Card>
      <ColumnHelp help={help} />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage {...errorPageProps(error)} />;
}
