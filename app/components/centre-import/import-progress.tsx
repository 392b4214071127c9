import { Form, Link, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/page-header";
import { formatNumber } from "~/utils/format";

export type ImportProgressData = {
  phase: "checking" | "importing" | "interrupted";
  total: number;
  /** Rows checked (checking) or written (importing, interrupted). */
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  error: string | null;
};

/** How often the page asks where the import stands (with JavaScript; without, the page refreshes itself). */
const POLL_MS = 1000;

/**
 * An import under way: a progress bar the page keeps up to date. With JavaScript the loader is
 * asked again every second (the page turns into the preview or the result when the job gets
 * there); without it, a refresh in <noscript> reloads the page every two seconds.
 */
export function ImportProgress({ token, fileName, progress }: { token: string; fileName: string; progress: ImportProgressData }) {
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  const moving = progress.phase !== "interrupted";
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [moving, revalidator]);
  const n = (value: number) => formatNumber(value, i18n.language);
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const key = progress.phase === "checking" ? "checking" : progress.phase === "importing" ? "importing" : "interrupted";
  return (
    <>
      {moving ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <PageHeader title={t(`centreImport.progress.${key}Title`)} subtitle={fileName} />
      <Card className="mb-6">
        <div className="max-w-xl space-y-3">
          <label htmlFor="import-job-progress" className="block text-sm font-medium text-slate-800">
            {t(progress.phase === "checking" ? "centreImport.progress.checked" : "centreImport.progress.written", {
              done: n(progress.done),
              total: n(progress.total),
              percent,
            })}
          </label>
          <progress
            id="import-job-progress"
            max={Math.max(1, progress.total)}
            value={progress.done}
            className="h-3 w-full accent-brand-600"
          />
          {progress.phase !== "checking" ? (
            <p role="status" className="text-sm text-slate-700">
              {t("centreImport.progress.soFar", {
                created: n(progress.created),
                updated: n(progress.updated),
                unchanged: n(progress.unchanged),
                skipped: n(progress.skipped),
              })}
            </p>
          ) : null}
          {moving ? (
            <p className="text-sm text-slate-600">{t("centreImport.progress.leave")}</p>
          ) : (
            <InterruptedNote token={token} error={progress.error} />
          )}
        </div>
      </Card>
    </>
  );
}

function InterruptedNote({ token, error }: { token: string; error: string | null }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="space-y-3">
      <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
        {t("centreImport.progress.interrupted")}
        {error ? <span className="block text-xs text-amber-800">{t("centreImport.progress.reason", { error })}</span> : null}
      </p>
      <Form method="post" action="/centres/import" className="flex flex-wrap items-center gap-3">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="commit" />
        <input type="hidden" name="token" value={token} />
        <Button type="submit" disabled={busy}>
          {t("centreImport.progress.continue")}
        </Button>
        <Link to="/centres" className="text-sm text-brand-700 underline">
          {t("centreImport.result.toCentres")}
        </Link>
      </Form>
    </div>
  );
}
