import { EMPTY_CENTRE_FORM, type CentreFormOptions, type CentreFormValues } from "~/components/centre-form";
import type { getCentre } from "./centre.server";
import { listStewards } from "./centre.server";
import { referenceList } from "./reference.server";

/** The choices the centre form offers. */
export function centreFormOptions(): CentreFormOptions {
  return {
    countries: referenceList("country"),
    districts: referenceList("district"),
    parks: referenceList("park"),
    industries: referenceList("industry"),
    stages: referenceList("stage"),
    stewards: listStewards(),
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
