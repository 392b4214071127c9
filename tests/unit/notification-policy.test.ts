import { describe, expect, it } from "vitest";
import { emailsEnterpriseAbout, outboxStatusFor } from "~/domain/notification-policy";
import { REQUEST_STATUSES } from "~/domain/request-lifecycle";

describe("notification policy", () => {
  it("emails the enterprise only when its request is accepted, rejected, answered or closed", () => {
    const emailed = REQUEST_STATUSES.filter((s) => emailsEnterpriseAbout(s, "steward-1", "enterprise-1"));
    expect(emailed).toEqual(["accepted", "rejected", "answered", "closed"]);
  });

  it("never emails the enterprise user about their own action", () => {
    expect(emailsEnterpriseAbout("closed", "enterprise-1", "enterprise-1")).toBe(false);
    expect(emailsEnterpriseAbout("closed", null, "enterprise-1")).toBe(true);
  });

  it("holds the emails of a daily-digest reader for the morning and sends the others now", () => {
    expect(outboxStatusFor("daily_digest")).toBe("held");
    expect(outboxStatusFor("immediate")).toBe("pending");
  });
});
