import { EMPTY_CENTRE_FORM, type CentreFormOptions, type CentreFormValues } from "~/components/centre-form";
import type { getCentre } from "./centre.server";
import { withPickedSteward } from "./steward-pick.server";
import type { z } from "zod";
import { centreFormValues } from "~/schemas/centre";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";
import { referenceList } from "./reference.server";

/** The choices the centre form offers. */
export function centreFormOptions(): CentreFormOptions {
  return {
    countries: referenceList("country"),
    districts: referenceList("district"),
    parks: referenceList("park"),
    industries: referenceList("industry"),
    stages: referenceList("stage"),
  };
}

export function centreToFormValues(centre: NonNullable<ReturnType<typeof getCentre>>): CentreFormValues {
  return {
    name_zh: centre.nameZh,
    name_en: centre.nameEn,
    uscc: centre.uscc,
    parent_company: centre.parentCompany,
    country: centre.countryCode,
    district: centre.districtCode,
    park: centre.parkCode ?? "",
    industries: centre.industries,
    type: centre.type,
    level: centre.level,
    stage: centre.stage,
    rd_headcount: centre.rdHeadcount?.toString() ?? "",
    rd_spend_cny: centre.rdSpendCny?.toString() ?? "",
    website: centre.website,
    address: centre.address,
    lead_steward_email: centre.leadStewardEmail ?? "",
    district_steward_email: centre.districtStewardEmail ?? "",
    notes: centre.notes,
    contacts: centre.contacts.map(({ name, role, email, phone, language }) => ({ name, role, email, phone, language })),
  };
}

/** The centre form's two steward pickers as the form shows them (the hidden field carries an email). */
export type CentreFormStewards = Record<"lead" | "district", { chosen: { id: string; name: string } | null; text?: string }>;

/** A centre's stewards as its edit form first shows them. */
export function centreFormStewards(centre: NonNullable<ReturnType<typeof getCentre>>): CentreFormStewards {
  const shown = (email: string | null | undefined, name: string | null | undefined) => ({
    chosen: email ? { id: email, name: name ?? email } : null,
  });
  return {
    lead: shown(centre.leadStewardEmail, centre.leadStewardName),
    district: shown(centre.districtStewardEmail, centre.districtStewardName),
  };
}

/**
 * The centre form's steward pickers resolved: each typed name or email (a form sent without
 * JavaScript) becomes the steward's email, as the form's schema and the import take it; text
 * naming nobody or several is refused on its field, and what was typed is kept for the form.
 */
export function withPickedStewards(sent: Record<string, unknown>) {
  const fieldErrors: FieldErrors = {};
  let values = sent;
  for (const field of ["lead_steward_email", "district_steward_email"] as const) {
    const picked = withPickedSteward(values, field, field.replace("_email", "_text"), { by: "email" });
    if (picked.error) fieldErrors[field] = picked.error;
    values = picked.values;
  }
  const typed = (field: "lead_steward" | "district_steward") => {
    const email = typeof values[`${field}_email`] === "string" ? (values[`${field}_email`] as string) : "";
    const text = typeof values[`${field}_text`] === "string" ? (values[`${field}_text`] as string) : undefined;
    return { chosen: email ? { id: email, name: text ?? email } : null, text };
  };
  const stewards: CentreFormStewards = { lead: typed("lead_steward"), district: typed("district_steward") };
  return { values, fieldErrors, stewards };
}

/** What the user submitted, back in the form's shape, so a refused save loses nothing. */
export function submittedFormValues(values: Record<string, unknown>): CentreFormValues {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const contacts = Array.isArray(values.contacts) ? (values.contacts as Record<string, string>[]) : [];
  return {
    ...EMPTY_CENTRE_FORM,
    ...Object.fromEntries(
      Object.keys(EMPTY_CENTRE_FORM)
        .filter((k) => typeof values[k] === "string")
        .map((k) => [k, str(k)]),
    ),
    industries: Array.isArray(values.industries) ? (values.industries as string[]) : [],
    contacts: contacts
      .filter((c) => Object.entries(c).some(([k, v]) => k !== "language" && v?.trim()))
      .map((c) => ({
        name: c.name ?? "",
        role: c.role ?? "",
        email: c.email ?? "",
        phone: c.phone ?? "",
        language: c.language ?? "zh-CN",
      })),
  };
}

/**
 * The centre form as sent (new or edit), its steward pickers resolved, checked with the form's
 * `schema`: the input, and `refusal(fieldErrors)`, what the page gets back when the form or the
 * model refuses it (the errors, what was typed, the pickers as they were), so nothing is lost.
 */
export function readCentreForm<S extends z.ZodTypeAny>(schema: S, formData: FormData) {
  const { values, fieldErrors: stewardErrors, stewards } = withPickedStewards(centreFormValues(formData));
  const refusal = (fieldErrors: FieldErrors) => ({ fieldErrors, values: submittedFormValues(values), stewards });
  const parsed = schema.safeParse(values);
  if (!parsed.success || Object.keys(stewardErrors).length > 0)
    return {
      ok: false as const,
      refusal: refusal({ ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...stewardErrors }),
    };
  return { ok: true as const, input: parsed.data as z.output<S>, refusal };
}
