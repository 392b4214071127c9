import { useNavigate, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Button } from "~/components/ui/button";
import { FieldLabel } from "~/components/ui/field";
import type { UploadError } from "~/models/centre-import.server";
import { formatNumber } from "~/utils/format";
import type { T } from "./rows-table";

export function uploadErrorText(t: T, error: UploadError) {
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

export function UploadForm({
  maxBytes,
  maxRows,
  serverError,
}: {
  maxBytes: number;
  maxRows: number;
  serverError: string | null;
}) {
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
        <FieldLabel htmlFor="import-file">{t("centreImport.upload.file")}</FieldLabel>
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
