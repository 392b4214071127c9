import { describe, it, expect } from "vitest";
import { isChecklistStatus, isOverdue, progress, type ChecklistStatus } from "~/domain/checklist";

describe("checklist statuses", () => {
  it("recognises status codes", () => {
    expect(isChecklistStatus("waiting_on_department")).toBe(true);
    expect(isChecklistStatus("blocked")).toBe(false);
    expect(isChecklistStatus(null)).toBe(false);
  });
});

describe("progress", () => {
  it("counts done out of applicable items, leaving not_applicable out", () => {
    const items: { status: ChecklistStatus }[] = [
      { status: "done" },
      { status: "done" },
      { status: "in_progress" },
      { status: "waiting_on_department" },
      { status: "not_started" },
      { status: "not_applicable" },
      { status: "not_applicable" },
    ];
    expect(progress(items)).toEqual({ done: 2, applicable: 5 });
  });

  it("handles empty and all-not-applicable lists", () => {
    expect(progress([])).toEqual({ done: 0, applicable: 0 });
    expect(progress([{ status: "not_applicable" }])).toEqual({ done: 0, applicable: 0 });
    expect(progress([{ status: "done" }])).toEqual({ done: 1, applicable: 1 });
  });
});

describe("isOverdue", () => {
  const today = "2026-03-10";
  it("is overdue when still to do and due before today", () => {
    for (const status of ["not_started", "in_progress", "waiting_on_department"] as const) {
      expect(isOverdue({ status, dueOn: "2026-03-09" }, today), status).toBe(true);
    }
    expect(isOverdue({ status: "in_progress", dueOn: "2025-12-31" }, today)).toBe(true);
  });

  it("is not overdue on or before the due date", () => {
    expect(isOverdue({ status: "in_progress", dueOn: "2026-03-10" }, today)).toBe(false);
    expect(isOverdue({ status: "in_progress", dueOn: "2026-04-01" }, today)).toBe(false);
  });

  it("is never overdue when done, not applicable or without a due date", () => {
    expect(isOverdue({ status: "done", dueOn: "2026-01-01" }, today)).toBe(false);
    expect(isOverdue({ status: "not_applicable", dueOn: "2026-01-01" }, today)).toBe(false);
    expect(isOverdue({ status: "not_started", dueOn: null }, today)).toBe(false);
    expect(isOverdue({ status: "not_started" }, today)).toBe(false);
  });
});
