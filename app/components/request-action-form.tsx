import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { Button } from "./ui/button";

/** One small action form on a request page; shows the action's own errors next to its fields. */
export function RequestActionForm({
  intent,
  label,
  fields = [],
  variant = "primary",
  hidden = {},
  children,
}: {
  intent: string;
  label: string;
  fields?: { name: string; label: string; kind?: "textarea" | "text" | "select"; options?: { value: string; label: string }[] }[];
  variant?: "primary" | "secondary" | "danger";
  hidden?: Record<string, string>;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const actionData = useActionData<{ intent: string; fieldErrors: FieldErrors }>();
  const navigation = useNavigation();
  const errors = actionData?.intent === intent ? actionData.fieldErrors : {};
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" className="space-y-2" noValidate>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {errors._form ? (
        <p role="alert" className="text-sm text-red-700">
          {translateError(t, errors._form)}
        </p>
      ) : null}
      {children}
      {fields.map((f) => {
        const id = `${intent}-${f.name}`;
        const error = errors[f.name] ? translateError(t, errors[f.name]!) : undefined;
        const common = {
          id,
          name: f.name,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": error ? `${id}-error` : undefined,
          className: `block w-full rounded-md border px-3 py-2 text-sm ${error ? "border-red-400" : "border-slate-300"}`,
        };
        return (
          <div key={f.name}>
            <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
              {f.label}
            </label>
            {f.kind === "textarea" ? (
              <textarea rows={3} {...common} />
            ) : f.kind === "select" ? (
              <select {...common} className={`${common.className} bg-white`}>
                <option value="">{t("centres.choose")}</option>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input type="text" {...common} />
            )}
            {error ? (
              <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button type="submit" variant={variant} disabled={busy} className="w-full sm:w-auto">
        {label}
      </Button>
    </Form>
  );
}
