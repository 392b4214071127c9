import { Form, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { useFieldArray } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useHydrated } from "remix-utils/use-hydrated";
import { CENTRE_TYPES } from "~/domain/centre-types";
import { LEVELS } from "~/domain/levels";
import type { ReferenceOption } from "~/models/reference.server";
import { EditCentreSchema, NewCentreSchema } from "~/schemas/centre";
import type { FieldErrors } from "~/schemas/forms";
import { labelOf } from "~/utils/labels";
import { Button } from "./ui/button";
import { FieldLabel, SelectField, TextField } from "./ui/field";
import { StewardField } from "~/components/steward-picker";
import { useValidatedForm } from "./use-validated-form";

export type CentreFormValues = {
  name_zh: string;
  name_en: string;
  uscc: string;
  parent_company: string;
  country: string;
  district: string;
  park: string;
  industries: string[];
  type: string;
  level: string;
  stage: string;
  rd_headcount: string;
  rd_spend_cny: string;
  website: string;
  address: string;
  lead_steward_email: string;
  district_steward_email: string;
  notes: string;
  contacts: { name: string; role: string; email: string; phone: string; language: string }[];
  version?: string;
};

export type CentreFormOptions = {
  countries: ReferenceOption[];
  districts: ReferenceOption[];
  parks: ReferenceOption[];
  industries: ReferenceOption[];
  stages: ReferenceOption[];
};

/** The two steward pickers as the form first shows them (`id`: the steward's email, which the form sends). */
export type CentreFormStewardsShown = Record<"lead" | "district", { chosen: { id: string; name: string } | null; text?: string }>;
const NO_STEWARDS: CentreFormStewardsShown = { lead: { chosen: null }, district: { chosen: null } };

/** A blank centre form. */
export const EMPTY_CENTRE_FORM: CentreFormValues = {
  name_zh: "",
  name_en: "",
  uscc: "",
  parent_company: "",
  country: "",
  district: "",
  park: "",
  industries: [],
  type: "rd_innovation_centre",
  level: "regional",
  stage: "lead",
  rd_headcount: "",
  rd_spend_cny: "",
  website: "",
  address: "",
  lead_steward_email: "",
  district_steward_email: "",
  notes: "",
  contacts: [],
};

const EMPTY_CONTACT = { name: "", role: "", email: "", phone: "", language: "zh-CN" };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <legend className="px-1 text-base font-semibold text-slate-800">{title}</legend>
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/** The centre form for create and edit; inputs are named like the CSV columns. */
export function CentreForm({
  mode,
  defaultValues,
  serverErrors,
  version,
  options,
  stewards = NO_STEWARDS,
}: {
  mode: "new" | "edit";
  defaultValues: CentreFormValues;
  serverErrors?: FieldErrors | null;
  version?: number;
  options: CentreFormOptions;
  stewards?: CentreFormStewardsShown;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigation = useNavigation();
  // Adding and removing contact rows needs JavaScript; without it the form offers one blank row.
  const hydrated = useHydrated();
  const form = useValidatedForm(mode === "new" ? NewCentreSchema : EditCentreSchema, {
    serverErrors,
    defaultValues: {
      ...defaultValues,
      contacts: [...defaultValues.contacts, EMPTY_CONTACT],
      ...(version !== undefined ? { version: String(version) } : {}),
    },
  });
  // After a refused save the page reloads the current version; the next save builds on it.
  const { setValue } = form;
  useEffect(() => {
    if (version !== undefined) setValue("version", String(version));
  }, [version, setValue]);
  const contacts = useFieldArray({ control: form.control, name: "contacts" });
  const district = form.watch("district");
  const parks = options.parks.filter((p) => !district || p.parentCode === district);
  const opts = (items: ReferenceOption[]) => items.map((i) => ({ value: i.code, label: labelOf(i, lng) }));
  const formError = serverErrors?._form;
  const industriesError = form.errorOf("industries");

  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="space-y-6">
      <AuthenticityTokenInput name="csrf" />
      {version !== undefined ? <input type="hidden" {...form.field("version")} /> : null}
      {formError ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t(formError)}
        </p>
      ) : null}

      <Section title={t("centres.overview")}>
        <TextField label={t("centres.fields.name_zh")} error={form.errorOf("name_zh")} {...form.field("name_zh")} />
        <TextField label={t("centres.fields.name_en")} error={form.errorOf("name_en")} {...form.field("name_en")} />
        <TextField
          label={t("centres.fields.uscc")}
          hint={t("centres.hints.uscc")}
          className="font-mono"
          autoCapitalize="characters"
          spellCheck={false}
          error={form.errorOf("uscc")}
          {...form.field("uscc")}
        />
        <TextField
          label={t("centres.fields.parent_company")}
          error={form.errorOf("parent_company")}
          {...form.field("parent_company")}
        />
        <SelectField
          label={t("centres.fields.country")}
          placeholder={t("centres.choose")}
          options={opts(options.countries)}
          error={form.errorOf("country")}
          {...form.field("country")}
        />
        <SelectField
          label={t("centres.fields.type")}
          options={CENTRE_TYPES.map((v) => ({ value: v, label: t(`centreTypes.${v}`) }))}
          error={form.errorOf("type")}
          {...form.field("type")}
        />
        {mode === "new" ? (
          <>
            <SelectField
              label={t("centres.fields.level")}
              options={LEVELS.map((v) => ({ value: v, label: t(`levels.${v}`) }))}
              error={form.errorOf("level")}
              {...form.field("level")}
            />
            <SelectField
              label={t("centres.fields.stage")}
              options={opts(options.stages)}
              error={form.errorOf("stage")}
              {...form.field("stage")}
            />
          </>
        ) : null}
      </Section>

      <Section title={t("centres.fields.address")}>
        <SelectField
          label={t("centres.fields.district")}
          placeholder={t("centres.choose")}
          options={opts(options.districts)}
          error={form.errorOf("district")}
          {...form.field("district")}
        />
        <SelectField
          label={t("centres.fields.park")}
          placeholder={t("centres.noPark")}
          options={opts(parks)}
          error={form.errorOf("park")}
          {...form.field("park")}
        />
        <TextField
          label={t("centres.fields.address")}
          className="sm:col-span-2"
          error={form.errorOf("address")}
          {...form.field("address")}
        />
        <fieldset className="sm:col-span-2" aria-describedby={industriesError ? "industries-error" : "industries-hint"}>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("centres.fields.industries")}</legend>
          <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
            {options.industries.map((i) => (
              <label key={i.code} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  aria-invalid={industriesError ? true : undefined}
                  className="h-4 w-4 rounded border-slate-300 text-brand-600"
                  {...form.checkbox("industries", i.code)}
                />
                {labelOf(i, lng)}
              </label>
            ))}
          </div>
          {industriesError ? (
            <p id="industries-error" className="mt-1 text-sm text-red-700">
              {industriesError}
            </p>
          ) : (
            <p id="industries-hint" className="mt-1 text-xs text-slate-500">
              {t("centres.hints.industries")}
            </p>
          )}
        </fieldset>
      </Section>

      <Section title={t("centres.stewards")}>
        <StewardField
          id="lead-steward"
          idName="lead_steward_email"
          textName="lead_steward_text"
          carries="email"
          label={t("centres.fields.lead_steward_email")}
          placeholder={t("centres.stewardPlaceholder")}
          {...stewards.lead}
          error={form.errorOf("lead_steward_email")}
        />
        <StewardField
          id="district-steward"
          idName="district_steward_email"
          textName="district_steward_text"
          carries="email"
          label={t("centres.fields.district_steward_email")}
          placeholder={t("centres.stewardPlaceholder")}
          {...stewards.district}
          error={form.errorOf("district_steward_email")}
        />
        <TextField
          label={t("centres.fields.rd_headcount")}
          inputMode="numeric"
          error={form.errorOf("rd_headcount")}
          {...form.field("rd_headcount")}
        />
        <TextField
          label={t("centres.fields.rd_spend_cny")}
          inputMode="numeric"
          error={form.errorOf("rd_spend_cny")}
          {...form.field("rd_spend_cny")}
        />
        <TextField
          label={t("centres.fields.website")}
          type="url"
          placeholder="https://"
          error={form.errorOf("website")}
          {...form.field("website")}
        />
        <div className="sm:col-span-2">
          <FieldLabel htmlFor="notes">{t("centres.fields.notes")}</FieldLabel>
          <textarea
            id="notes"
            rows={3}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            {...form.field("notes")}
          />
        </div>
      </Section>

      <fieldset className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <legend className="px-1 text-base font-semibold text-slate-800">{t("centres.fields.contacts")}</legend>
        <div className="space-y-4">
          {contacts.fields.map((field, index) => (
            <div key={field.id} className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-6">
              <TextField
                label={t("centres.contact.name")}
                className="sm:col-span-2"
                error={form.errorOf(`contacts.${index}.name`)}
                {...form.field(`contacts.${index}.name`)}
              />
              <TextField
                label={t("centres.contact.role")}
                className="sm:col-span-2"
                error={form.errorOf(`contacts.${index}.role`)}
                {...form.field(`contacts.${index}.role`)}
              />
              <SelectField
                label={t("centres.contact.language")}
                className="sm:col-span-2"
                options={[
                  { value: "zh-CN", label: t("locales.zh-CN") },
                  { value: "en", label: t("locales.en") },
                ]}
                {...form.field(`contacts.${index}.language`)}
              />
              <TextField
                label={t("centres.contact.email")}
                type="email"
                className="sm:col-span-3"
                error={form.errorOf(`contacts.${index}.email`)}
                {...form.field(`contacts.${index}.email`)}
              />
              <TextField
                label={t("centres.contact.phone")}
                type="tel"
                className="sm:col-span-2"
                error={form.errorOf(`contacts.${index}.phone`)}
                {...form.field(`contacts.${index}.phone`)}
              />
              <div className="flex items-end sm:col-span-1">
                <Button
                  hidden={!hydrated}
                  type="button"
                  variant="secondary"
                  onClick={() => contacts.remove(index)}
                  className="w-full"
                >
                  {t("centres.contact.remove")}
                </Button>
              </div>
            </div>
          ))}
          <Button type="button" variant="secondary" hidden={!hydrated} onClick={() => contacts.append(EMPTY_CONTACT)}>
            {t("centres.contact.add")}
          </Button>
        </div>
      </fieldset>

      <div className="flex gap-3">
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {t("common.save")}
        </Button>
      </div>
    </Form>
  );
}
