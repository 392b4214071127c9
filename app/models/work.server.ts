import { and, eq, inArray, isNull } from "drizzle-orm";
import { users } from "../../db/schema";
import { canWorkOnCentre } from "~/domain/permissions";
import { checklistDueFlag, contactStatus, EXIT_STAGE, followUpDueFlag, NEARLY_DUE_WORKING_DAYS } from "~/domain/steward-work";
import { calendarDaysBetween, type WorkingCalendar } from "~/domain/working-days";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { workingCalendar } from "./calendar.server";
import { listCentresOfSteward } from "./centre.server";
import { checklistItemsDueForSteward } from "./checklist.server";
import { followUpsDueForSteward } from "./follow-up.server";
import { lastInteractionOnByCentre } from "./interaction.server";
import { getSetting } from "./reference.server";

/**
 * The steward's work page: their centres and which are due for contact (cadence per level from
 * the settings, counted from the last interaction), and their overdue and nearly-due checklist
 * items and follow-ups. `viewer` decides which rows offer a one-click action. The checklist
 * progress of the centres the page shows is the caller's (`checklistProgressOf`): only those need it.
 */
export function stewardWork(
  steward: { id: string },
  viewer: { id: string; role: "admin" | "steward" | "official" | "enterprise" },
  options: { today?: string; calendar?: WorkingCalendar; soonWithin?: number } = {},
) {
  const today = options.today ?? todayInBeijing();
  const calendar = options.calendar ?? workingCalendar();
  const soonWithin = options.soonWithin ?? NEARLY_DUE_WORKING_DAYS;
  const cadence = getSetting("contactCadenceDays") as Record<string, number>;

  const mine = listCentresOfSteward(steward);
  const ids = mine.map((c) => c.id);
  const lastContact = lastInteractionOnByCentre(ids);
  const centres = mine.map((c) => {
    const lastInteractionOn = lastContact.get(c.id) ?? null;
    const cadenceDays = cadence[c.level] ?? 90;
    return {
      ...c,
      isLead: Boolean(c.isLead),
      daysInStage: calendarDaysBetween(c.stageSince, today),
      lastInteractionOn,
      cadenceDays,
      contact: c.stage === EXIT_STAGE ? null : contactStatus(lastInteractionOn, cadenceDays, today),
    };
  });
  const dueForContact = centres
    .filter((c) => c.contact?.due)
    .sort((a, b) => {
      // Never contacted first (shortest cadence first), then the longest overdue.
      const never = Number(b.lastInteractionOn === null) - Number(a.lastInteractionOn === null);
      if (never !== 0) return never;
      if (a.lastInteractionOn === null) return a.cadenceDays - b.cadenceDays || a.nameEn.localeCompare(b.nameEn);
      return (b.contact!.daysOverdue ?? 0) - (a.contact!.daysOverdue ?? 0) || a.nameEn.localeCompare(b.nameEn);
    });

  const horizon = calendar.addWorkingDays(today, soonWithin).date;
  // Many items share a due date and a status: each flag is worked out once (working days are counted per call).
  const flags = new Map<string, ReturnType<typeof checklistDueFlag>>();
  const checklistFlag = (item: Parameters<typeof checklistDueFlag>[0]) => {
    const key = `${item.status}|${item.dueOn}`;
    let flag = flags.get(key);
    if (flag === undefined) flags.set(key, (flag = checklistDueFlag(item, today, calendar, soonWithin)));
    return flag;
  };
  const checklist = checklistItemsDueForSteward(steward.id, horizon)
    .map(({ leadStewardId, districtStewardId, ...item }) => ({
      ...item,
      dueFlag: checklistFlag(item),
      canAct: canWorkOnCentre(viewer, { leadStewardId, districtStewardId }),
    }))
    .filter((i) => i.dueFlag !== null);
  const followUps = followUpsDueForSteward(steward.id, horizon)
    .map(({ leadStewardId, districtStewardId, ...f }) => ({
      ...f,
      dueFlag: followUpDueFlag(f, today, calendar, soonWithin),
      canAct: canWorkOnCentre(viewer, { leadStewardId, districtStewardId }),
    }))
    .filter((f) => f.dueFlag !== null);

  return {
    today,
    soonWithin,
    centres,
    dueForContact,
    checklist,
    followUps,
    counts: {
      centres: centres.length,
      dueForContact: dueForContact.length,
      overdue: checklist.filter((i) => i.dueFlag === "overdue").length + followUps.filter((f) => f.dueFlag === "overdue").length,
      dueSoon:
        checklist.filter((i) => i.dueFlag === "due_soon").length + followUps.filter((f) => f.dueFlag === "due_soon").length,
    },
  };
}

/** Stewards whose work page an admin may open (active stewards and admins). */
export function stewardChoices() {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
    .orderBy(users.name)
    .all();
}

/** The steward a /work page shows, or null when the id is not an active steward or admin. */
export function findSteward(id: string) {
  return (
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.id, id), inArray(users.role, ["steward", "admin"]), isNull(users.disabledAt)))
      .get() ?? null
  );
}

export type StewardWork = ReturnType<typeof stewardWork>;
