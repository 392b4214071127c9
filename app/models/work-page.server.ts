import { db } from "~/utils/db.server";
import { checklistProgressOf } from "./checklist.server";
import { statement } from "./statements.server";
import { stewardWork } from "./work.server";

/**
 * What a steward's work page (/work) shows: stewardWork with each list cut to the rows the page
 * shows, beside the list's total, and the checklist progress of the centres shown. It is small
 * whatever the steward's load, so it can cross from the figures worker (figures-worker.server.ts),
 * where a steward with thousands of centres has it computed (issue 14).
 */

/** Rows each list of the page shows; its total always counts every row. */
export type WorkPageRows = { contact: number; checklist: number; followups: number; centres: number };

type Viewer = { id: string; role: "admin" | "steward" | "official" | "enterprise" };

/**
 * Stewards with up to this many centres have their page computed on the request thread (a
 * steward has 100–200: about 10 ms, less than the trip to the worker). Past it the page reads
 * every centre and its last interaction, and sorts them: 230–300 ms of CPU for a steward leading
 * the 30,198 centres of an imported registry at bench scale 1, over the 200 ms the event loop
 * may be held.
 */
export const WORK_IN_PLACE_CENTRES = 2_000;

/**
 * How many centres the steward leads plus how many they are district steward of (two counts of
 * index entries; a centre they are both of counts twice, which is close enough to decide where
 * the page is computed).
 */
export function stewardCentreLoad(stewardId: string): number {
  const { n } = statement<[string, string]>(
    db,
    `select (select count(*) from centres where lead_steward_id = ?) + (select count(*) from centres where district_steward_id = ?) as n`,
  ).get(stewardId, stewardId) as { n: number };
  return n;
}

export function stewardWorkPage(steward: { id: string }, viewer: Viewer, rows: WorkPageRows, options: { today?: string } = {}) {
  const { dueForContact, checklist, checklistTotal, followUps, centres, ...work } = stewardWork(steward, viewer, {
    today: options.today,
    // Only the due items the list shows are read (a steward may have hundreds); the counts cover all.
    checklistRows: rows.checklist,
  });
  const shownCentres = centres.slice(0, rows.centres);
  // Checklist progress only for the centres the page shows.
  const progress = checklistProgressOf(
    shownCentres.map((c) => c.id),
    work.today,
  );
  let leadCount = 0;
  for (const c of centres) if (c.isLead) leadCount++;
  return {
    ...work,
    centres: {
      rows: shownCentres.map((c) => ({
        id: c.id,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        isLead: c.isLead,
        stage: c.stage,
        level: c.level,
        daysInStage: c.daysInStage,
        progress: progress.get(c.id)!,
        lastInteractionOn: c.lastInteractionOn,
        contactDue: Boolean(c.contact?.due),
      })),
      total: centres.length,
    },
    leadCount,
    dueForContact: {
      rows: dueForContact.slice(0, rows.contact).map((c) => ({
        id: c.id,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        level: c.level,
        cadenceDays: c.cadenceDays,
        lastInteractionOn: c.lastInteractionOn,
        daysSinceLast: c.contact?.daysSinceLast ?? 0,
      })),
      total: dueForContact.length,
    },
    checklist: { rows: checklist.slice(0, rows.checklist), total: checklistTotal },
    followUps: { rows: followUps.slice(0, rows.followups), total: followUps.length },
  };
}

export type StewardWorkPage = ReturnType<typeof stewardWorkPage>;
