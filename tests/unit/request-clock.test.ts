import { describe, expect, it } from "vitest";
import { answerCommitment, currentDeadline, dueDates, requestMilestones, storedDeadlines } from "~/domain/request-clock";
import { REQUEST_STATUSES, type RequestStatusEvent } from "~/domain/request-lifecycle";
import { createWorkingCalendar } from "~/domain/working-days";

const calendar = createWorkingCalendar();
const limits = { accept: 1, firstContact: 2, answer: 5 };
const ev = (from: RequestStatusEvent["from"], to: RequestStatusEvent["to"], on: string): RequestStatusEvent => ({ from, to, on });

describe("due dates on the 2026 official calendar", () => {
  it("counts working days from the submission day across the Spring Festival (adjusted Saturday 14 Feb works)", () => {
    const due = dueDates(calendar, "2026-02-10", limits, [ev(null, "submitted", "2026-02-10")], "2026-02-10");
    expect(due).toMatchObject({
      acceptDueOn: "2026-02-11",
      firstContactDueOn: "2026-02-12",
      answerDueOn: "2026-02-24",
      pausedWorkingDays: 0,
      beyondKnownCalendar: false,
    });
  });

  it("a referral after a late acceptance keeps the acceptance late; only the answer moves", () => {
    // Submitted Mon 2 Mar 2026, accept due Tue 3 Mar; accepted (first contact too) Thu 5 Mar, late, and referred the same day;
    // the department's answer recorded Tue 10 Mar: paused Thu 5, Fri 6, Mon 9 = 3 working days.
    const events = [
      ev(null, "submitted", "2026-03-02"),
      ev("submitted", "accepted", "2026-03-05"),
      ev("accepted", "referred", "2026-03-05"),
      ev("referred", "in_progress", "2026-03-10"),
    ];
    const met = { acceptedOn: "2026-03-05", firstContactOn: "2026-03-05" };
    const due = dueDates(calendar, "2026-03-02", limits, events, "2026-03-10", met);
    expect(due).toMatchObject({
      acceptDueOn: "2026-03-03",
      firstContactDueOn: "2026-03-04",
      answerDueOn: "2026-03-12",
      pausedWorkingDays: 3,
    });
    const milestones = requestMilestones(calendar, { status: "in_progress", ...due, ...met }, "2026-03-10", 1);
    expect(milestones.map((m) => [m.key, m.kind, m.late])).toEqual([
      ["accept", "met", true],
      ["firstContact", "met", true],
      ["answer", "pending", false],
    ]);
    // Without the met dates (the old rule) the referral would have moved the passed acceptance deadline.
    expect(dueDates(calendar, "2026-03-02", limits, events, "2026-03-10").acceptDueOn).toBe("2026-03-06");
  });

  it("a pause that begins on the submission day adds no day for that day", () => {
    // Submitted, accepted and referred on Mon 2 Mar 2026; the department answers Tue 3 Mar: nothing counted was paused.
    const events = [
      ev(null, "submitted", "2026-03-02"),
      ev("submitted", "accepted", "2026-03-02"),
      ev("accepted", "referred", "2026-03-02"),
      ev("referred", "in_progress", "2026-03-03"),
    ];
    const due = dueDates(calendar, "2026-03-02", limits, events, "2026-03-03", {
      acceptedOn: "2026-03-02",
      firstContactOn: "2026-03-02",
    });
    expect(due.answerDueOn).toBe("2026-03-09");
    expect(due.pausedWorkingDays).toBe(0);
    // Answered Wed 4 Mar: on time, shown as met, never "due soon".
    const milestones = requestMilestones(
      calendar,
      { status: "answered", ...due, acceptedOn: "2026-03-02", firstContactOn: "2026-03-02", answeredOn: "2026-03-04" },
      "2026-03-09",
      3,
    );
    expect(milestones.find((m) => m.key === "answer")).toMatchObject({
      kind: "met",
      metOn: "2026-03-04",
      late: false,
      state: null,
    });
  });

  it("a referral spanning National Day 2026 moves the answer by the paused working days only", () => {
    const events = [
      ev(null, "submitted", "2026-09-28"),
      ev("submitted", "accepted", "2026-09-28"),
      ev("accepted", "referred", "2026-09-29"),
      ev("referred", "in_progress", "2026-10-09"),
    ];
    const due = dueDates(calendar, "2026-09-28", limits, events, "2026-10-09", {
      acceptedOn: "2026-09-28",
      firstContactOn: "2026-09-28",
    });
    // 29, 30 Sep and 8 Oct paused; five working days from 28 Sep end on the adjusted Saturday 10 Oct, plus three.
    expect(due).toMatchObject({ acceptDueOn: "2026-09-29", answerDueOn: "2026-10-14", pausedWorkingDays: 3 });
  });
});

describe("milestones and the enterprise's commitment", () => {
  const due = { acceptDueOn: "2026-12-01", firstContactDueOn: "2026-12-02", answerDueOn: "2026-12-07" };
  it("a closed request has no pending deadline and a rejected one promises no answer", () => {
    const closed = requestMilestones(
      calendar,
      { status: "closed", ...due, acceptedOn: "2026-11-30", firstContactOn: "2026-11-30", answeredOn: "2026-12-08" },
      "2026-12-20",
      1,
    );
    expect(closed.every((m) => m.kind === "met" && m.state === null)).toBe(true);
    expect(answerCommitment(closed)).toEqual({ kind: "answered", date: "2026-12-08", late: true });
    const rejected = requestMilestones(
      calendar,
      { status: "rejected", ...due, acceptedOn: null, firstContactOn: "2026-11-30" },
      "2026-12-20",
      1,
    );
    expect(rejected.map((m) => m.kind)).toEqual(["not_applicable", "met", "not_applicable"]);
    expect(answerCommitment(rejected)).toEqual({ kind: "none" });
  });

  it("promises the answer's due date whatever the state: submitted, accepted, referred", () => {
    const submitted = requestMilestones(calendar, { status: "submitted", ...due }, "2026-11-30", 1);
    expect(answerCommitment(submitted)).toEqual({ kind: "answer_by", date: "2026-12-07", state: "on_time" });
    expect(submitted[0]).toMatchObject({ kind: "pending", state: "due_soon" });
    const referred = requestMilestones(
      calendar,
      { status: "referred", ...due, acceptedOn: "2026-11-30", firstContactOn: "2026-11-30" },
      "2026-12-03",
      1,
    );
    expect(answerCommitment(referred)).toEqual({ kind: "answer_by_paused", date: "2026-12-07" });
  });

  it("2027: an answer due beyond a year the package does not know is flagged", () => {
    const due2027 = dueDates(calendar, "2026-12-28", limits, [], "2026-12-28");
    // Mon 28 Dec 2026 + 5: 29, 30, 31 Dec, then Fri 1 and Mon 4 Jan 2027 (the package does not know 2027's New Year).
    expect(due2027).toMatchObject({ answerDueOn: "2027-01-04", beyondKnownCalendar: true });
    const milestones = requestMilestones(
      calendar,
      { status: "accepted", ...due2027, acceptedOn: "2026-12-28", firstContactOn: "2026-12-28" },
      "2026-12-28",
      1,
    );
    expect(milestones.find((m) => m.key === "answer")).toMatchObject({ kind: "pending", beyondKnownCalendar: true });
    expect(milestones.find((m) => m.key === "accept")).toMatchObject({ kind: "met", late: false, beyondKnownCalendar: false });
  });
});

describe("the current deadline", () => {
  const due = { acceptDueOn: "2026-12-01", firstContactDueOn: "2026-12-02", answerDueOn: "2026-12-07" };
  const expected: Record<(typeof REQUEST_STATUSES)[number], string | null> = {
    submitted: "2026-12-01",
    accepted: "2026-12-07",
    in_progress: "2026-12-07",
    // A legacy `reopened` row is handled like in_progress: its answer is due.
    reopened: "2026-12-07",
    referred: null,
    answered: null,
    closed: null,
    rejected: null,
  };

  it("is the accept date while submitted, the answer date while worked on, none while paused or finished", () => {
    for (const status of REQUEST_STATUSES) expect(currentDeadline(status, due), status).toBe(expected[status]);
  });

  it("is stored beside the due dates a write stores, for every status", () => {
    for (const status of REQUEST_STATUSES)
      expect(storedDeadlines(status, due), status).toEqual({ ...due, currentDeadlineOn: expected[status] });
  });
});
