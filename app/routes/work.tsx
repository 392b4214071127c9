import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import { calendarDaysBetween } from "~/domain/working-days";
import { listCentresOfSteward } from "~/models/centre.server";
import { referenceList } from "~/models/reference.server";
import { requirePermission } from "~/utils/auth.server";
import { todayInBeijing } from "~/utils/format";
import { labelByCode } from "~/utils/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:work:own");
  const today = todayInBeijing();
  const centres = listCentresOfSteward(user).map((c) => ({ ...c, daysInStage: calendarDaysBetween(c.stageSince, today) }));
  return { centres, stages: referenceList("stage") };
}

export default function WorkPage() {
  const { t, i18n } = useTranslation();
  const { centres, stages } = useLoaderData<typeof loader>();
  const leadCount = centres.filter((c) => c.isLead).length;
  return (
    <>
      <PageHeader title={t("work.title")} subtitle={t("work.intro")} />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat label={t("work.myCentres")} value={centres.length} hint={t("work.leadOf", { count: leadCount })} />
      </div>
      <Card title={t("work.myCentres")}>
        {centres.length === 0 ? (
          <p className="text-sm text-slate-600">{t("work.noCentres")}</p>
        ) : (
          <Table head={[t("common.centre"), t("work.stageCol"), t("work.levelCol"), t("work.daysInStage")]}>
            {centres.map((c) => (
              <tr key={c.id}>
                <Td>
                  <Link to={`/centres/${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {i18n.language === "en" ? c.nameEn : c.nameZh}
                  </Link>
                </Td>
                <Td>{labelByCode(stages, c.stage, i18n.language)}</Td>
                <Td>{t(`levels.${c.level}`)}</Td>
                <Td className="tabular-nums">{c.daysInStage}</Td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
