import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { centres, supportRequests, users } from "../../db/schema";
import { getFixedT } from "~/utils/i18n.server";
import { env } from "~/utils/env.server";
import type { Tx } from "./centre-write.server";
import { enqueueNotification } from "./outbox.server";

const submitter = alias(users, "submitter");
const steward = alias(users, "steward");

function context(tx: Tx, requestId: string) {
  return tx
    .select({
      id: supportRequests.id,
      receiptNo: supportRequests.receiptNo,
      title: supportRequests.title,
      language: supportRequests.language,
      submitterEmail: submitter.email,
      submitterRole: submitter.role,
      submitterLocale: submitter.locale,
      stewardEmail: steward.email,
      stewardLocale: steward.locale,
    })
    .from(supportRequests)
    .innerJoin(centres, eq(centres.id, supportRequests.centreId))
    .leftJoin(submitter, eq(submitter.id, supportRequests.submitterId))
    .leftJoin(steward, eq(steward.id, centres.leadStewardId))
    .where(eq(supportRequests.id, requestId))
    .get();
}

const appUrl = () => (process.env.APP_URL ?? (env as { APP_URL?: string }).APP_URL ?? "http://localhost:3000").replace(/\/$/, "");

/** ★ Notifications about support requests, queued in the caller's transaction, in each recipient's language. */
export const requestNotifications = {
  submitted(tx: Tx, requestId: string) {
    const r = context(tx, requestId);
    if (!r) return;
    if (r.submitterEmail && r.submitterRole === "enterprise") {
      const locale = r.submitterLocale ?? r.language;
      const t = getFixedT(locale);
      enqueueNotification(tx, {
        channel: "email",
        recipient: r.submitterEmail,
        locale,
        subject: t("requests.mail.receivedSubject", { receiptNo: r.receiptNo }),
        body: t("requests.mail.receivedBody", { receiptNo: r.receiptNo, title: r.title, url: `${appUrl()}/portal/requests/${r.id}` }),
      });
    }
    if (r.stewardEmail) {
      const locale = r.stewardLocale ?? "zh-CN";
      const t = getFixedT(locale);
      const message = { subject: t("requests.mail.newSubject", { receiptNo: r.receiptNo }), body: t("requests.mail.newBody", { receiptNo: r.receiptNo, title: r.title, url: `${appUrl()}/requests/${r.id}` }) };
      enqueueNotification(tx, { channel: "email", recipient: r.stewardEmail, locale, ...message });
      if (process.env.WECOM_WEBHOOK_URL) enqueueNotification(tx, { channel: "wecom", recipient: "stewards", locale, ...message });
    }
  },
  statusChanged(tx: Tx, requestId: string, status: string) {
    const r = context(tx, requestId);
    if (!r?.submitterEmail || r.submitterRole !== "enterprise") return;
    const locale = r.submitterLocale ?? r.language;
    const t = getFixedT(locale);
    enqueueNotification(tx, {
      channel: "email",
      recipient: r.submitterEmail,
      locale,
      subject: t("requests.mail.statusSubject", { receiptNo: r.receiptNo, status: t(`requests.status.${status}`) }),
      body: t("requests.mail.statusBody", { receiptNo: r.receiptNo, title: r.title, status: t(`requests.status.${status}`), url: `${appUrl()}/portal/requests/${r.id}` }),
    });
  },
  publicReply(tx: Tx, requestId: string) {
    const r = context(tx, requestId);
    if (!r?.submitterEmail || r.submitterRole !== "enterprise") return;
    const locale = r.submitterLocale ?? r.language;
    const t = getFixedT(locale);
    enqueueNotification(tx, {
      channel: "email",
      recipient: r.submitterEmail,
      locale,
      subject: t("requests.mail.replySubject", { receiptNo: r.receiptNo }),
      body: t("requests.mail.replyBody", { receiptNo: r.receiptNo, url: `${appUrl()}/portal/requests/${r.id}` }),
    });
  },
  dissatisfied(tx: Tx, requestId: string) {
    const r = context(tx, requestId);
    if (!r?.stewardEmail) return;
    const locale = r.stewardLocale ?? "zh-CN";
    const t = getFixedT(locale);
    enqueueNotification(tx, {
      channel: "email",
      recipient: r.stewardEmail,
      locale,
      subject: t("requests.mail.dissatisfiedSubject", { receiptNo: r.receiptNo }),
      body: t("requests.mail.dissatisfiedBody", { receiptNo: r.receiptNo, url: `${appUrl()}/requests/${r.id}` }),
    });
  },
};
