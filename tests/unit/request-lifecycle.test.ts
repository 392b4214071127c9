import { describe, it, expect } from "vitest";
import { createWorkingCalendar } from "~/domain/working-days";
import {
  allowedActions,
  canAddMessage,
  canSubmit,
  isOpen,
  isRequestStatus,
  isWithinReopenWindow,
  pausesFromEvents,
  REQUEST_ACTIONS,
  REQUEST_STATUSES,
  requiredFields,
  transition,
  type ActorRole,
  type RequestAction,
  type RequestStatus,
} from "~/domain/request-lifecycle";

const ROLES: ActorRole[] = ["admin", "steward", "official", "enterprise"];

/** The complete table of legal moves: [from, action, to, roles allowed]. */
const LEGAL: [RequestStatus, RequestAction, RequestStatus, ActorRole[]][] = [
  ["submitted", "accept", "accepted", ["admin", "steward"]],
  ["submitted", "reject", "rejected", ["admin", "steward"]],
  ["accepted", "refer", "referred", ["admin", "steward"]],
  ["in_progress", "refer", "referred", ["admin", "steward"]],
  ["reopened", "refer", "referred", ["admin", "steward"]],
  ["referred", "record_department_answer", "in_progress", ["admin", "steward"]],
  ["accepted", "answer", "answered", ["admin", "steward"]],
  ["in_progress", "answer", "answered", ["admin", "steward"]],
  ["reopened", "answer", "answered", ["admin", "steward"]],
  ["answered", "close", "closed", ["admin", "steward", "enterprise"]],
  ["answered", "reopen", "in_progress", ["admin", "enterprise"]],
  ["closed", "reopen", "in_progress", ["admin", "enterprise"]],
];

describe("statuses and actions", () => {
  it("recognises status codes", () => {
    expect(isRequestStatus("referred")).toBe(true);
    expect(isRequestStatus("pending")).toBe(false);
    expect(isRequestStatus(3)).toBe(false);
  });

  it("lets enterprise users and staff submit, not officials", () => {
    expect(canSubmit("enterprise")).toBe(true);
    expect(canSubmit("steward")).toBe(true);
    expect(canSubmit("admin")).toBe(true);
    expect(canSubmit("official")).toBe(false);
  });
});

describe("transition", () => {
  it.each(LEGAL)("%s --%s--> %s for %j", (from, action, to, roles) => {
    for (const role of ROLES) {
      const result = transition(from, action, role);
      if (roles.includes(role)) expect(result, role).toEqual({ ok: true, to });
      else expect(result, role).toEqual({ ok: false, reason: "forbidden" });
    }
  });

  it("refuses every other (status, action) pair as illegal for every role", () => {
    let refused = 0;
    for (const status of REQUEST_STATUSES) {
      for (const action of REQUEST_ACTIONS) {
        if (LEGAL.some(([f, a]) => f === status && a === action)) continue;
        for (const role of ROLES) {
          expect(transition(status, action, role), `${status} ${action} ${role}`).toEqual({
            ok: false,
            reason: "illegal_transition",
          });
        }
        refused++;
      }
    }
    expect(refused).toBe(REQUEST_STATUSES.length * REQUEST_ACTIONS.length - LEGAL.length);
  });

  it("reports an illegal move before a forbidden role", () => {
    expect(transition("closed", "accept", "official")).toEqual({ ok: false, reason: "illegal_transition" });
    expect(transition("submitted", "accept", "official")).toEqual({ ok: false, reason: "forbidden" });
  });

  it("examples from the design table", () => {
    expect(transition("submitted", "answer", "steward")).toEqual({ ok: false, reason: "illegal_transition" });
    expect(transition("referred", "answer", "steward")).toEqual({ ok: false, reason: "illegal_transition" });
    expect(transition("referred", "refer", "steward")).toEqual({ ok: false, reason: "illegal_transition" });
    expect(transition("rejected", "reopen", "enterprise")).toEqual({ ok: false, reason: "illegal_transition" });
    expect(transition("closed", "reopen", "steward")).toEqual({ ok: false, reason: "forbidden" });
    expect(transition("answered", "close", "enterprise")).toEqual({ ok: true, to: "closed" });
    expect(transition("answered", "close", "official")).toEqual({ ok: false, reason: "forbidden" });
  });

  it("walks a full referral, answer, close and reopen path", () => {
    const path: [RequestAction, ActorRole][] = [
      ["accept", "steward"],
      ["refer", "steward"],
      ["record_department_answer", "steward"],
      ["answer", "steward"],
      ["close", "enterprise"],
      ["reopen", "enterprise"],
      ["answer", "steward"],
      ["close", "steward"],
    ];
    let status: RequestStatus = "submitted";
    const seen: RequestStatus[] = [status];
    for (const [action, role] of path) {
      const r = transition(status, action, role);
      if (!r.ok) throw new Error(`${action} refused: ${r.reason}`);
      status = r.to;
      seen.push(status);
    }
    expect(seen).toEqual([
      "submitted",
      "accepted",
      "referred",
      "in_progress",
      "answered",
      "closed",
      "in_progress",
      "answered",
      "closed",
    ]);
  });
});

describe("allowedActions", () => {
  it("gives each role its moves from each status", () => {
    expect(allowedActions("submitted", "steward")).toEqual(["accept", "reject"]);
    expect(allowedActions("accepted", "steward")).toEqual(["refer", "answer"]);
    expect(allowedActions("in_progress", "admin")).toEqual(["refer", "answer"]);
    expect(allowedActions("referred", "steward")).toEqual(["record_department_answer"]);
    expect(allowedActions("answered", "steward")).toEqual(["close"]);
    expect(allowedActions("answered", "enterprise")).toEqual(["close", "reopen"]);
    expect(allowedActions("answered", "admin")).toEqual(["close", "reopen"]);
    expect(allowedActions("closed", "enterprise")).toEqual(["reopen"]);
    expect(allowedActions("closed", "steward")).toEqual([]);
    expect(allowedActions("rejected", "admin")).toEqual([]);
    expect(allowedActions("submitted", "enterprise")).toEqual([]);
  });

  it("gives officials nothing anywhere", () => {
    for (const s of REQUEST_STATUSES) expect(allowedActions(s, "official")).toEqual([]);
  });

  it("agrees with transition for every status and role", () => {
    for (const s of REQUEST_STATUSES) {
      for (const role of ROLES) {
        const expected = LEGAL.filter(([f, , , roles]) => f === s && roles.includes(role)).map(([, a]) => a);
        expect(allowedActions(s, role).sort(), `${s} ${role}`).toEqual([...expected].sort());
      }
    }
  });
});

describe("open states and messages", () => {
  it("only rejected and closed are finished", () => {
    const open = REQUEST_STATUSES.filter(isOpen);
    expect(open).toEqual(["submitted", "accepted", "referred", "in_progress", "answered", "reopened"]);
    expect(isOpen("closed")).toBe(false);
    expect(isOpen("rejected")).toBe(false);
  });

  it("messages can be added in open states only", () => {
    for (const s of REQUEST_STATUSES) expect(canAddMessage(s), s).toBe(isOpen(s));
    expect(canAddMessage("referred")).toBe(true);
    expect(canAddMessage("closed")).toBe(false);
  });

  it("reject needs a reason and refer a department", () => {
    expect(requiredFields("reject")).toEqual(["reason"]);
    expect(requiredFields("refer")).toEqual(["department"]);
    expect(requiredFields("answer")).toEqual([]);
  });
});

describe("pausesFromEvents", () => {
  it("opens a pause on referral and closes it when the department's answer is recorded", () => {
    expect(
      pausesFromEvents([
        { from: null, to: "submitted", on: "2026-03-02" },
        { from: "submitted", to: "accepted", on: "2026-03-02" },
        { from: "accepted", to: "referred", on: "2026-03-03" },
        { from: "referred", to: "in_progress", on: "2026-03-06" },
        { from: "in_progress", to: "referred", on: "2026-03-09" },
        { from: "referred", to: "in_progress", on: "2026-03-10" },
        { from: "in_progress", to: "answered", on: "2026-03-11" },
      ]),
    ).toEqual([
      { from: "2026-03-03", to: "2026-03-06" },
      { from: "2026-03-09", to: "2026-03-10" },
    ]);
  });

  it("leaves a pause open while the request is still referred", () => {
    expect(
      pausesFromEvents([
        { from: null, to: "submitted", on: "2026-03-02" },
        { from: "submitted", to: "accepted", on: "2026-03-02" },
        { from: "accepted", to: "referred", on: "2026-03-04" },
      ]),
    ).toEqual([{ from: "2026-03-04", to: null }]);
    expect(pausesFromEvents([])).toEqual([]);
  });
});

describe("isWithinReopenWindow", () => {
  const cal = createWorkingCalendar();
  it("counts the window in working days after the answer or closing", () => {
    // Closed Fri Feb 13 2026; window 3 working days: Sat 14 (调休), Tue 24, Wed 25.
    expect(isWithinReopenWindow("2026-02-13", "2026-02-13", 3, cal)).toBe(true);
    expect(isWithinReopenWindow("2026-02-13", "2026-02-23", 3, cal)).toBe(true);
    expect(isWithinReopenWindow("2026-02-13", "2026-02-25", 3, cal)).toBe(true);
    expect(isWithinReopenWindow("2026-02-13", "2026-02-26", 3, cal)).toBe(false);
    expect(isWithinReopenWindow("2026-02-13", "2026-02-12", 3, cal)).toBe(false);
  });
});
