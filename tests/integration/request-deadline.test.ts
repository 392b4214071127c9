import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCentre, makeUscc } from "../../db/factories";
import { supportRequests } from "../../db/schema";
import { currentDeadline, storedDeadlines } from "~/domain/request-clock";
import { REQUEST_STATUSES, type RequestStatus } from "~/domain/request-lifecycle";
import { createWorkingCalendar } from "~/domain/working-days";
import { applyCalendarChange } from "~/models/calendar-change.server";
import { listRequestQueue, type RequestActor } from "~/models/support-request.server";
import { actOnRequest } from "~/models/support-request-actions.server";
import { submitRequest } from "~/models/support-request-submit.server";
import { db } from "~/utils/db.server";
import { todayInBeijing } from "~/utils/format";
import { makeUser } from "../helpers/requests";

// Issue 16: one rule for "the deadline that matters now" (domain/request-clock.ts currentDeadline),
// stored in support_requests.current_deadline_on by every write that changes a status or a due
// date, and read by the queue through its index.

let n = 0;
async function world() {
  n += 1;
  const steward = await makeUser("steward");
  const admin = await makeUser("admin");
  const centreId = insertCentre(db, {
    nameZh: `期限中心${n}`,
    nameEn: `Deadline Centre ${n}`,
    parentCompany: "D",
    countryCode: "DE",
    districtCode: "chaoyang",
    uscc: makeUscc(4_100_000 + n),
    leadStewardId: steward.id,
  });
  const enterprise = await makeUser("enterprise", { centreId });
  const as = (u: { id: string; role: string }, centre: string | null = null): RequestActor => ({
    id: u.id,
    role: u.role as RequestActor["role"],
    centreId: centre,
  });
  return { centreId, steward: as(steward), admin: as(admin), enterprise: as(enterprise, centreId) };
}

function submit(actor: RequestActor, centreId: string) {
  const result = submitRequest(
    actor,
    {
      centreId,
      category: "tax",
      title: "R&D super-deduction",
      description: "Which costs count?",
      urgency: "normal",
      language: "en",
      idempotencyKey: `deadline-${Math.random()}`,
    },
    [],
  );
  if (!result.ok) throw new Error(result.error);
  return result.id;
}

const rowOf = (id: string) => db.select().from(supportRequests).where(eq(supportRequests.id, id)).get()!;

/** Every stored current deadline agrees with the domain's rule for its row. */
function expectStoredRuleHolds(id: string) {
  const r = rowOf(id);
  expect(r.currentDeadlineOn, `${r.status}`).toBe(currentDeadline(r.status, r));
  return r;
}

describe("the stored current deadline", () => {
  it("is written with every status change, in the same write", async () => {
    const { centreId, steward, admin, enterprise } = await world();
    const id = submit(enterprise, centreId);
    expect(expectStoredRuleHolds(id).currentDeadlineOn).toBe(rowOf(id).acceptDueOn);
    const steps: [RequestActor, Parameters<typeof actOnRequest>[2], RequestStatus][] = [
      [steward, { intent: "accept", note: "" }, "accepted"],
      [steward, { intent: "refer", department: "tax", note: "" }, "referred"],
      [steward, { intent: "record_department_answer", note: "The tax bureau answered." }, "in_progress"],
      [steward, { intent: "reply", body: "Working on it." }, "in_progress"],
      [steward, { intent: "answer", body: "Salaries of R&D staff count." }, "answered"],
      [admin, { intent: "reopen", reason: "One more question." }, "in_progress"],
      [steward, { intent: "answer", body: "Equipment depreciation too." }, "answered"],
      [steward, { intent: "close", note: "" }, "closed"],
    ];
    const seen = new Set<string | null>();
    for (const [actor, input, status] of steps) {
      const result = actOnRequest(actor, id, input);
      expect(result.ok, `${input.intent}: ${JSON.stringify(result)}`).toBe(true);
      const r = expectStoredRuleHolds(id);
      expect(r.status).toBe(status);
      seen.add(r.currentDeadlineOn === null ? null : r.currentDeadlineOn === r.answerDueOn ? "answer" : "other");
    }
    // Paused or finished (null) and the answer's date while worked on both occurred.
    expect(seen).toEqual(new Set([null, "answer"]));
  });

  it("is computed by the migration's backfill as by the domain, for a request in every status", async () => {
    const { centreId, enterprise } = await world();
    const statement = fs.readFileSync(
      path.resolve(
        "db/migrations",
        fs.readdirSync("db/migrations").find((f) => f.endsWith("_sql_current_deadline_backfill.sql"))!,
      ),
      "utf8",
    );
    const ids = REQUEST_STATUSES.map((status, i) => {
      const id = submit(enterprise, centreId);
      db.update(supportRequests)
        .set({
          status,
          acceptDueOn: `2026-0${(i % 9) + 1}-10`,
          firstContactDueOn: `2026-0${(i % 9) + 1}-11`,
          answerDueOn: `2026-0${(i % 9) + 1}-17`,
          currentDeadlineOn: null,
        })
        .where(eq(supportRequests.id, id))
        .run();
      return id;
    });
    db.$client.exec(statement);
    for (const id of ids) expectStoredRuleHolds(id);
    expect(new Set(ids.map((id) => rowOf(id).currentDeadlineOn === null))).toEqual(new Set([true, false]));
  });
});

describe("a calendar change", () => {
  it("moves the stored current deadline with the due date it moves", async () => {
    const { centreId, steward, enterprise } = await world();
    const id = submit(enterprise, centreId);
    expect(actOnRequest(steward, id, { intent: "accept", note: "" }).ok).toBe(true);
    const before = rowOf(id);
    // A holiday on the answer's due date pushes it (and the current deadline) one working day on.
    const after = createWorkingCalendar([{ date: before.answerDueOn!, kind: "holiday" }]);
    db.transaction((tx) => applyCalendarChange(tx, createWorkingCalendar(), after, before.submittedOn));
    const moved = expectStoredRuleHolds(id);
    expect(moved.answerDueOn! > before.answerDueOn!).toBe(true);
    expect(moved.currentDeadlineOn).toBe(moved.answerDueOn);
  });
});

describe("the queue", () => {
  it("lists a reopened request among the open ones, sorted and filtered by its stored deadline", async () => {
    const { centreId, steward, enterprise } = await world();
    const today = todayInBeijing();
    const [late, legacy, soon, paused] = [0, 1, 2, 3].map(() => submit(enterprise, centreId));
    const set = (id: string, status: RequestStatus, answerDueOn: string) =>
      db
        .update(supportRequests)
        .set({ status, ...storedDeadlines(status, { acceptDueOn: "2020-01-01", firstContactDueOn: "2020-01-02", answerDueOn }) })
        .where(eq(supportRequests.id, id))
        .run();
    set(late!, "in_progress", "2020-03-01");
    set(legacy!, "reopened", "2020-02-01");
    set(soon!, "accepted", "2999-01-01");
    set(paused!, "referred", "2020-01-15");
    const queue = listRequestQueue({ open: true, centre: centreId }, today).map((r) => r.id);
    // Nearest deadline first; a paused request (no running deadline) after them.
    expect(queue).toEqual([legacy, late, soon, paused]);
    const overdue = listRequestQueue({ due: "overdue", centre: centreId, steward: steward.id }, today).map((r) => r.id);
    expect(overdue).toEqual([legacy, late]);
  });

  it("reads the queue's order from the index, not by sorting every request", () => {
    const plan = (query: string) =>
      (db.$client.prepare(`explain query plan ${query}`).all() as { detail: string }[]).map((r) => r.detail).join("; ");
    const inQueueOrder = (part: "is null" | "is not null") =>
      plan(
        `select id from support_requests where current_deadline_on ${part} ` +
          "order by current_deadline_on asc, created_at desc, id desc limit 51 offset 5000",
      );
    for (const part of ["is null", "is not null"] as const) {
      expect(inQueueOrder(part)).toContain("requests_queue_order_idx");
      expect(inQueueOrder(part)).not.toContain("TEMP B-TREE");
    }
    expect(plan("select id from support_requests where current_deadline_on < '2026-01-01'")).toContain(
      "requests_queue_order_idx",
    );
  });
});
