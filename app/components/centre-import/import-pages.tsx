import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Button } from "~/components/ui/button";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import type { ImportPreview, SkippedRow } from "~/models/centre-import.server";
import { formatNumber } from "~/utils/format";
import { RowsTable } from "./rows-table";

export type ImportResultData = {
  counts: { created: number; updated: number; unchanged: number; skipped: number };
  skipped: SkippedRow[];
};

/** The checked file: what each row will do, and the button that imports it. */
export function ImportPreviewPage({
  token,
  fileName,
  encoding,
  preview,
}: {
  token: string;
  fileName: string;
  encoding: string;
  preview: ImportPreview;
}) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const importable = preview.counts.create + preview.counts.update;
  return (
    <>
      <PageHeader
        title={t("centreImport.preview.title")}
        subtitle={t("centreImport.preview.subtitle", { file: fileName, encoding, count: preview.total })}
      />
      <div className="mb-4 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat label={t("centreImport.counts.create")} value={n(preview.counts.create)} />
        <Stat label={t("centreImport.counts.update")} value={n(preview.counts.update)} />
        <Stat label={t("centreImport.counts.unchanged")} value={n(preview.counts.unchanged)} />
        <Stat
          label={t("centreImport.counts.skip")}
          value={n(preview.counts.skip)}
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
        <ConfirmForm token={token} importable={importable} />
      </Card>
      <h2 className="mb-2 text-base font-semibold text-slate-800">{t("centreImport.preview.rowsTitle")}</h2>
      <RowsTable rows={preview.rows} />
      {preview.hiddenFlagged > 0 ? (
        <p className="mt-2 text-sm text-amber-800">
          {t("centreImport.preview.hiddenFlagged", {
            max: preview.rows.filter((r) => r.errors.length > 0 || r.warnings.length > 0).length,
          })}
        </p>
      ) : null}
      {preview.hiddenRows > 0 ? (
        <p className="mt-2 text-sm text-slate-600">{t("centreImport.preview.hiddenRows", { count: preview.hiddenRows })}</p>
      ) : null}
    </>
  );
}

/** The import is done: what it did, and the rows it skipped with why. */
export function ImportResultPage({ fileName, result }: { fileName: string; result: ImportResultData }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <>
      <PageHeader title={t("centreImport.result.title")} subtitle={t("centreImport.result.subtitle", { file: fileName })} />
      <div role="status" className="mb-6 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat label={t("centreImport.result.created")} value={n(result.counts.created)} />
        <Stat label={t("centreImport.result.updated")} value={n(result.counts.updated)} />
        <Stat label={t("centreImport.result.unchanged")} value={n(result.counts.unchanged)} />
        <Stat label={t("centreImport.result.skipped")} value={n(result.counts.skipped)} />
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
