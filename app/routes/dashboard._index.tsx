import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import { countRecognised, groupCount, recognisedOn } from "~/domain/counting";
import { LEVELS } from "~/domain/levels";
import { listCountingEvents } from "~/models/centre.server";
import { getSetting } from "~/models/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { formatDate, formatNumber, todayInBeijing } from "~/utils/format";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:dashboard:any");
  const asOf = todayInBeijing();
  const events = listCountingEvents();
  const statuses = recognisedOn(events, asOf);
  const byLevel = groupCount(statuses, (s) => s.level);
  return { asOf, total: countRecognised(events, asOf), byLevel: byLevel.groups, target: getSetting("target") };
}

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const { asOf, total, byLevel, target } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  const percent = formatNumber(total / target.count, lng, { style: "percent", maximumFractionDigits: 1 });
  return (
    <>
      <PageHeader title={t("dashboard.title")} subtitle={t("dashboard.asOf", { date: formatDate(asOf, lng) })} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          label={t("dashboard.recognisedNow")}
          value={<span data-testid="recognised-total">{formatNumber(total, lng)}</span>}
          hint={t("dashboard.target", { count: target.count, date: formatDate(target.date, lng) })}
        />
        <Stat label={t("dashboard.progress", { percent })} value={percent} hint={t("dashboard.gap", { count: Math.max(0, target.count - total) })} />
      </div>
      <Card title={t("dashboard.byLevel")} className="mt-6">
        <ul className="space-y-3">
          {LEVELS.map((level) => {
            const count = byLevel.find((g) => g.key === level)?.count ?? 0;
            return (
              <li key={level}>
                <div className="flex justify-between text-sm">
                  <span>{t(`levels.${level}`)}</span>
                  <span className="tabular-nums font-medium">{formatNumber(count, lng)}</span>
                </div>
                <div className="mt-1 h-2 rounded-full bg-slate-100" aria-hidden>
                  <div className="h-2 rounded-full bg-brand-500" style={{ width: `${total ? (count / total) * 100 : 0}%` }} />
                </div>
              </li>
            );
          })}
        </ul>
      </Card>
    </>
  );
}
