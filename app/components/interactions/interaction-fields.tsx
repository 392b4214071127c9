import type { SerializeFrom } from "@remix-run/node";
import { useFieldArray } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import { Disclosure } from "~/components/ui/disclosure";
import { Button } from "~/components/ui/button";
import { StewardField, typedOwner } from "~/components/steward-picker";
import { TextField } from "~/components/ui/field";
import type { ValidatedForm } from "~/components/use-validated-form";
import { INTERACTION_KINDS } from "~/domain/steward-work";
import type { InteractionFormValues } from "~/schemas/interaction";
import type { getCentre } from "~/models/centre.server";
import type { listOpenChecklistItems } from "~/models/checklist.server";

/** The interaction form, as the parts below use it: each renders some of its fields. */
type InteractionForm = ValidatedForm<InteractionFormValues>;
type Person = { id: string; name: string };
type Contact = NonNullable<ReturnType<typeof getCentre>>["contacts"][number];
/** The choices the interaction page's loader offers the form. */
type PageData = SerializeFrom<
  () => {
    contacts: Pick<Contact, "id" | "name" | "role">[];
    staff: Person[];
    openItems: ReturnType<typeof listOpenChecklistItems>;
  }
>;
type FollowUpRow = InteractionFormValues["followUps"][number];

const chip =
  "flex min-h-11 cursor-pointer items-center justify-center rounded-lg border border-slate-300 bg-white px-2 py-2 text-sm font-medium text-slate-800 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-600 has-[:checked]:text-white has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500";
const checkRow =
  "flex min-h-11 items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50";

/** Visit, call, meeting, email or event: one tap each. */
export function KindField({ form, defaultKind }: { form: InteractionForm; defaultKind: string }) {
  const { t } = useTranslation();
  const error = form.errorOf("kind");
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-700">{t("interactions.fields.kind")}</legend>
      <div className="grid grid-cols-3 gap-2 sm:grid-cols-5">
        {INTERACTION_KINDS.map((kind) => (
          <label key={kind} className={chip}>
            <input
              type="radio"
              className="sr-only"
              value={kind}
              defaultChecked={defaultKind === kind}
              {...form.register("kind")}
            />
            {t(`interactions.kinds.${kind}`)}
          </label>
        ))}
      </div>
      {error ? <p className="mt-1 text-sm text-red-700">{error}</p> : null}
    </fieldset>
  );
}

/** Who took part: the centre's contacts and the staff. */
export function ParticipantsField({
  form,
  contacts,
  staff,
  me,
}: {
  form: InteractionForm;
  contacts: PageData["contacts"];
  staff: PageData["staff"];
  me: string;
}) {
  const { t } = useTranslation();
  const error = form.errorOf("contacts") ?? form.errorOf("staff");
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-700">{t("interactions.fields.participants")}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {contacts.map((c) => (
          <label key={c.id} className={checkRow}>
            <input
              type="checkbox"
              className="h-5 w-5 rounded border-slate-300 text-brand-600"
              {...form.checkbox("contacts", c.id)}
            />
            <span>
              {c.name}
              {c.role ? <span className="block text-xs text-slate-600">{c.role}</span> : null}
            </span>
          </label>
        ))}
        {staff.map((s) => (
          <label key={s.id} className={checkRow}>
            <input
              type="checkbox"
              className="h-5 w-5 rounded border-slate-300 text-brand-600"
              {...form.checkbox("staff", s.id)}
            />
            <span>
              {s.name}
              <span className="block text-xs text-slate-600">{s.id === me ? t("interactions.me") : t("interactions.staff")}</span>
            </span>
          </label>
        ))}
      </div>
      {contacts.length === 0 ? <p className="mt-1 text-xs text-slate-500">{t("interactions.noContacts")}</p> : null}
      {error ? <p className="mt-1 text-sm text-red-700">{error}</p> : null}
    </fieldset>
  );
}

/** The centre's open checklist items the interaction worked on (folded unless some are ticked). */
export function ChecklistItemsField({
  form,
  openItems,
  open,
}: {
  form: InteractionForm;
  openItems: PageData["openItems"];
  open: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const error = form.errorOf("checklist_items");
  if (openItems.length === 0) return null;
  return (
    <Disclosure
      open={open}
      className="rounded-lg border border-slate-200 bg-white"
      summaryClassName="px-3 py-3 text-sm font-medium text-slate-800"
      summary={t("interactions.fields.checklist_items")}
    >
      <fieldset className="space-y-2 border-t border-slate-100 p-3">
        <legend className="sr-only">{t("interactions.fields.checklist_items")}</legend>
        {openItems.map((item) => (
          <label key={item.id} className={checkRow}>
            <input
              type="checkbox"
              className="h-5 w-5 rounded border-slate-300 text-brand-600"
              {...form.checkbox("checklist_items", item.id)}
            />
            <span>{lng === "en" ? item.titleEn : item.titleZh}</span>
          </label>
        ))}
        {error ? <p className="text-sm text-red-700">{error}</p> : null}
      </fieldset>
    </Disclosure>
  );
}

/**
 * The owner a follow-up row's picker starts with: a refused form's row as it was sent (owner_id as
 * the server resolved it, owner_text as typed), else the row's owner (the signed-in steward).
 */
function rowOwner(row: FollowUpRow & { owner_text?: unknown }, me: Person) {
  if (typeof row.owner_text === "string") return typedOwner(row);
  return { chosen: row.owner_id ? { id: row.owner_id, name: row.owner_id === me.id ? me.name : "" } : null };
}

/** Follow-ups agreed: rows added and removed with JavaScript (up to 10); one row without it. */
export function FollowUpRows({ form, me, emptyRow }: { form: InteractionForm; me: Person; emptyRow: FollowUpRow }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const rows = useFieldArray({ control: form.control, name: "followUps" });
  return (
    <fieldset className="rounded-xl border border-slate-200 bg-white p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">{t("interactions.fields.followUps")}</legend>
      <p className="mb-3 text-xs text-slate-500">{t("interactions.followUpHint")}</p>
      <div className="space-y-4">
        {rows.fields.map((row, index) => (
          <div key={row.id} className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-2" data-testid="follow-up-row">
            <TextField
              label={t("followUps.fields.description")}
              className="sm:col-span-2"
              error={form.errorOf(`followUps.${index}.description`)}
              {...form.field(`followUps.${index}.description`)}
            />
            <StewardField
              id={`follow-up-${index}-owner`}
              idName={`followUps.${index}.owner_id`}
              textName={`followUps.${index}.owner_text`}
              label={t("followUps.fields.owner")}
              placeholder={t("checklist.ownerPlaceholder")}
              {...rowOwner(row as unknown as FollowUpRow, me)}
              error={form.errorOf(`followUps.${index}.owner_id`)}
            />
            <TextField
              label={t("followUps.fields.dueOn")}
              type="date"
              error={form.errorOf(`followUps.${index}.due_on`)}
              {...form.field(`followUps.${index}.due_on`)}
            />
            <label className="flex min-h-11 items-center gap-3 text-sm text-slate-800">
              <input
                type="checkbox"
                className="h-5 w-5 rounded border-slate-300 text-brand-600"
                {...form.checkbox(`followUps.${index}.visible`, "on")}
              />
              {t("followUps.fields.visible")}
            </label>
            <div className="flex items-center justify-end">
              {hydrated && rows.fields.length > 1 ? (
                <Button type="button" variant="secondary" onClick={() => rows.remove(index)}>
                  {t("interactions.removeFollowUp")}
                </Button>
              ) : null}
            </div>
          </div>
        ))}
        {hydrated && rows.fields.length < 10 ? (
          <Button type="button" variant="secondary" onClick={() => rows.append(emptyRow)}>
            + {t("interactions.addFollowUp")}
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}
