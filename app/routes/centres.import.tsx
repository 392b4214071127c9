import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, UploadHandler } from "@remix-run/node";
import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ColumnHelp, type ColumnHelpData } from "~/components/centre-import/column-help";
import { ImportProgress, type ImportProgressData } from "~/components/centre-import/import-progress";
import { ImportPreviewPage, ImportResultPage, type ImportResultData } from "~/components/centre-import/import-pages";
import { UploadForm, uploadErrorText } from "~/components/centre-import/upload-form";
import { ErrorPage, errorPageProps } from "~/components/error-page";
import { Card, PageHeader } from "~/components/ui/page-header";
import {
  CENTRE_CSV_COLUMNS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  REFERENCE_CSV_COLUMNS,
  REQUIRED_CSV_COLUMNS,
} from "~/domain/centre-csv";
import {
  csvReferences,
  importView,
  startCommit,
  startImport,
  tooLarge,
  type ImportPreview,
  type SkippedRow,
  type UploadError,
} from "~/models/centre-import.server";
import { warmImportWorker } from "~/models/centre-import-worker.server";
import { formValues } from "~/schemas/form-values";
import { requirePermission } from "~/utils/auth.server";
import { IMPORT_BODY_BYTES } from "~/utils/body-limits";
import { checkFormAndToken, formProblem, readForm } from "~/utils/csrf.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { intent, runIntent } from "~/utils/intents.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("centreImport.title"), t("nav.centres")]);

type PageData = {
  view: "upload" | "expired" | "uploaded" | "preview" | "progress" | "result";
  help: ColumnHelpData;
  token: string | null;
  fileName: string | null;
  encoding: string | null;
  preview: ImportPreview | null;
  progress: ImportProgressData | null;
  result: ImportResultData | null;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import:centre:any");
  const refs = csvReferences();
  const help: ColumnHelpData = {
    columns: [...CENTRE_CSV_COLUMNS],
    required: [...REQUIRED_CSV_COLUMNS],
    maxRows: MAX_IMPORT_ROWS,
    maxBytes: MAX_IMPORT_BYTES,
    values: REFERENCE_CSV_COLUMNS.map((column) => ({ column, choices: refs[column] })),
  };
  const params = new URL(request.url).searchParams;
  const token = params.get("upload");
  const page: PageData = {
    view: "upload",
    help,
    token: null,
    fileName: null,
    encoding: null,
    preview: null,
    progress: null,
    result: null,
  };
  // A file is about to be uploaded, or a preview confirmed: the import worker is started meanwhile.
  if (!token) {
    warmImportWorker("check");
    return data(page);
  }
  const where = importView(user, token);
  if (where.view === "expired") return data({ ...page, view: "expired" as const }, { status: 404 });
  const { job } = where;
  const known = { ...page, token, fileName: job.fileName, encoding: where.meta?.encoding ?? null };
  if (where.view === "result") {
    const { created, updated, unchanged, skipped } = job;
    const result = { counts: { created, updated, unchanged, skipped }, skipped: job.skippedRows as SkippedRow[] };
    return data({ ...known, view: "result" as const, result });
  }
  // The upload script's request lands here: it goes on to the page itself.
  if (params.has("uploaded")) return data({ ...known, view: "uploaded" as const });
  if (where.view === "preview") {
    warmImportWorker("commit");
    return data({ ...known, view: "preview" as const, preview: where.preview });
  }
  const progress: ImportProgressData = {
    phase: where.view,
    total: job.totalRows,
    done: where.view === "checking" ? job.checkedRows : job.doneRows,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    skipped: job.skipped,
    error: job.error,
  };
  return data({ ...known, view: "progress" as const, progress });
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
    // The chunks as they came: one copy of a 20 MB file in the File, not three.
    return name === "file" ? new File(parts as Uint8Array<ArrayBuffer>[], filename, { type: contentType }) : undefined;
  };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof UploadTooLarge) throw error;
    throw formProblem(400, "unreadableForm");
  }
  await checkFormAndToken(formData, request);
  return formData;
}

const UploadSchema = z.object({ intent: z.literal("upload") });
/** A token that names no upload (or none at all) is an expired one. */
const CommitSchema = z.object({ intent: z.literal("commit"), token: z.string().optional().default("") });
type ActionData = { uploadError: UploadError | null; expired: boolean };
const fail = (result: Partial<ActionData>, status = 400) =>
  data({ uploadError: null, expired: false, ...result } satisfies ActionData, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "import:centre:any");
  let formData: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    // Refuse an oversized body before reading it (the multipart margin allows for the other fields).
    if (Number(request.headers.get("Content-Length") ?? 0) > IMPORT_BODY_BYTES) return fail({ uploadError: tooLarge() }, 413);
    try {
      formData = await readUploadForm(request);
    } catch (error) {
      if (error instanceof UploadTooLarge) return fail({ uploadError: tooLarge() }, 413);
      throw error;
    }
  } else {
    formData = await readForm(request);
  }
  return runIntent(
    formValues(formData),
    {
      upload: intent(UploadSchema, async () => {
        const file = formData.get("file");
        if (!(file instanceof File) || (file.size === 0 && file.name === "")) return fail({ uploadError: { key: "noFile" } });
        const started = await startImport(user, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        if (!started.ok) return fail({ uploadError: started.error });
        const landing = formData.get("client") === "xhr" ? "&uploaded=1" : "";
        return redirect(`/centres/import?upload=${started.token}${landing}`, 303);
      }),
      commit: intent(CommitSchema, async ({ token }) => {
        const t = getFixedT(await getLocale(request, user));
        // The rows' events name the file; the note is written in the importer's language.
        const fileName = importView(user, token);
        if (fileName.view === "expired") return fail({ expired: true }, 404);
        const started = startCommit(user, token, t("centreImport.eventNote", { file: fileName.job.fileName }));
        if (started === "not_found") return fail({ expired: true }, 404);
        return redirect(`/centres/import?upload=${token}`, 303);
      }),
    },
    () => fail({ uploadError: { key: "noFile" } }),
  );
}

// ---------------------------------------------------------------------------------------------
// UI

export default function CentreImport() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { view, help, preview, result, progress, token } = loaderData;
  const serverError = actionData?.uploadError ? uploadErrorText(t, actionData.uploadError) : null;
  const encoding = loaderData.encoding ? t(`centreImport.encodings.${loaderData.encoding}`) : "";

  if (view === "progress" && progress && token) {
    return <ImportProgress token={token} fileName={loaderData.fileName ?? ""} progress={progress} />;
  }

  if (view === "preview" && preview && token) {
    return <ImportPreviewPage token={token} fileName={loaderData.fileName ?? ""} encoding={encoding} preview={preview} />;
  }

  if (view === "uploaded" && token) {
    return (
      <>
        <PageHeader title={t("centreImport.title")} />
        <Link to={`/centres/import?upload=${token}`} className="text-sm text-brand-700 underline">
          {t("centreImport.upload.continue")}
        </Link>
      </>
    );
  }

  if (view === "result" && result) return <ImportResultPage fileName={loaderData.fileName ?? ""} result={result} />;

  return (
    <>
      <PageHeader
        title={t("centreImport.title")}
        subtitle={t("centreImport.subtitle")}
        actions={
          <Link to="/centres/export.csv" reloadDocument className="text-sm text-brand-700 underline">
            {t("centreImport.exportTemplate")}
          </Link>
        }
      />
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
