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
/** A field's name, its id in this form (two forms have a `note`) and its error message. */
type FieldOf = (name: string) => { name: string; id: string; error: string | undefined };

/** The four event forms of a centre page; plain forms, so they work without JavaScript. */
function EventForm({ intent, children }: { intent: Intent; children: (field: FieldOf) => React.ReactNode }) {
  const { t } = useTranslation();
  const actionData = useActionData<{ intent: Intent; fieldErrors: FieldErrors }>();
  const today = todayInBeijing();
  const errors = actionData?.intent === intent ? actionData.fieldErrors : {};
  const error = (field: string) => (errors[field] ? translateError(t, errors[field]!) : undefined);
  const field: FieldOf = (name) => ({ name, id: `${intent}-${name}`, error: error(name) });
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
        {children(field)}
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
  const documentRef = (field: FieldOf) => <TextField label={t("centres.eventForms.document_ref")} {...field("document_ref")} />;
  const note = (field: FieldOf) => <TextField label={t("centres.eventForms.note")} {...field("note")} />;
  /** A recognition and a level change both state the level, the document and a note. */
  const levelWithDocument = (field: FieldOf, label: string) => (
    <>
      <SelectField label={label} {...field("level")} defaultValue={currentLevel} options={levelOptions} />
      {documentRef(field)}
      {note(field)}
    </>
  );
  return (
    <div className="space-y-3">
      <EventForm intent="stage">
        {(field) => (
          <>
            <SelectField
              label={t("centres.eventForms.toStage")}
              {...field("stage")}
              defaultValue={currentStage}
              options={stages.map((s) => ({ value: s.code, label: labelOf(s, i18n.language) }))}
            />
            {note(field)}
          </>
        )}
      </EventForm>
      <EventForm intent="recognised">
        {(field) => (
          <>
            <TextField label={t("centres.eventForms.batch")} {...field("batch")} inputMode="numeric" />
            {levelWithDocument(field, t("centres.fields.level"))}
          </>
        )}
      </EventForm>
      <EventForm intent="level">{(field) => levelWithDocument(field, t("centres.eventForms.toLevel"))}</EventForm>
      <EventForm intent="withdrawn">
        {(field) => (
          <>
            <TextField label={t("centres.eventForms.reason")} {...field("note")} />
            {documentRef(field)}
          </>
        )}
      </EventForm>
    </div>
  );
}
