import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { LEVELS } from "~/domain/levels";
import type { ReferenceOption } from "~/models/reference.server";
import { translateError, type FieldErrors } from "~/schemas/forms";
import { todayInBeijing } from "~/utils/format";
import { labelOf } from "~/utils/labels";
import { Button } from "./ui/button";
import { SelectField, TextField } from "./ui/field";

type Intent = "stage" | "recognised" | "level" | "withdrawn";

/** The four event forms of a centre page; plain forms, so they work without JavaScript. */
function EventForm({
  intent,
  children,
}: {
  intent: Intent;
  children: (error: (field: string) => string | undefined) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const actionData = useActionData<{ intent: Intent; fieldErrors: FieldErrors }>();
  const today = todayInBeijing();
  const errors = actionData?.intent === intent ? actionData.fieldErrors : {};
  const error = (field: string) => (errors[field] ? translateError(t, errors[field]!) : undefined);
  return (
    // `open` is only ever set (after a refused submission), never forced closed.
    <details
      open={actionData?.intent === intent ? true : undefined}
      className="group rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <summary className="cursor-pointer list-none px-4 py-3 text-sm font-semibold text-slate-800 marker:hidden">
        <span className="mr-1 inline-block transition group-open:rotate-90">▸</span> {t(`centres.eventForms.${intent}`)}
      </summary>
      <Form method="post" className="space-y-3 border-t border-slate-100 px-4 py-3" noValidate>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value={intent} />
        {errors._form ? (
          <p role="alert" className="text-sm text-red-700">
            {translateError(t, errors._form)}
          </p>
        ) : null}
        {children(error)}
        <TextField
          label={t("centres.eventForms.effective_on")}
          type="date"
          name="effective_on"
          defaultValue={today}
          max={today}
          error={error("effective_on")}
          id={`${intent}-effective_on`}
        />
        <Button type="submit" className="w-full">
          {t("centres.eventForms.submit")}
        </Button>
      </Form>
    </details>
  );
}

export function CentreEventForms({
  stages,
  currentStage,
  currentLevel,
}: {
  stages: ReferenceOption[];
  currentStage: string;
  currentLevel: string;
}) {
  const { t, i18n } = useTranslation();

  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }));
  return (
    <div className="space-y-3">
      <EventForm intent="stage">
        {(error) => (
          <>
            <SelectField
              label={t("centres.eventForms.toStage")}
              name="stage"
              id="stage-stage"
              defaultValue={currentStage}
              options={stages.map((s) => ({ value: s.code, label: labelOf(s, i18n.language) }))}
              error={error("stage")}
            />
            <TextField label={t("centres.eventForms.note")} name="note" id="stage-note" error={error("note")} />
          </>
        )}
      </EventForm>
      <EventForm intent="recognised">
        {(error) => (
          <>
            <TextField
              label={t("centres.eventForms.batch")}
              name="batch"
              id="recognised-batch"
              inputMode="numeric"
              error={error("batch")}
            />
            <SelectField
              label={t("centres.fields.level")}
              name="level"
              id="recognised-level"
              defaultValue={currentLevel}
              options={levelOptions}
              error={error("level")}
            />
            <TextField
              label={t("centres.eventForms.document_ref")}
              name="document_ref"
              id="recognised-document_ref"
              error={error("document_ref")}
            />
            <TextField label={t("centres.eventForms.note")} name="note" id="recognised-note" error={error("note")} />
          </>
        )}
      </EventForm>
      <EventForm intent="level">
        {(error) => (
          <>
            <SelectField
              label={t("centres.eventForms.toLevel")}
              name="level"
              id="level-level"
              defaultValue={currentLevel}
              options={levelOptions}
              error={error("level")}
            />
            <TextField
              label={t("centres.eventForms.document_ref")}
              name="document_ref"
              id="level-document_ref"
              error={error("document_ref")}
            />
            <TextField label={t("centres.eventForms.note")} name="note" id="level-note" error={error("note")} />
          </>
        )}
      </EventForm>
      <EventForm intent="withdrawn">
        {(error) => (
          <>
            <TextField label={t("centres.eventForms.reason")} name="note" id="withdrawn-note" error={error("note")} />
            <TextField
              label={t("centres.eventForms.document_ref")}
              name="document_ref"
              id="withdrawn-document_ref"
              error={error("document_ref")}
            />
          </>
        )}
      </EventForm>
    </div>
  );
}
