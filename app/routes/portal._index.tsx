import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader } from "~/components/ui/page-header";
import { getPortalCentre } from "~/models/centre.server";
import { referenceList } from "~/models/reference.server";
import { notFound, requireEnterpriseUser } from "~/utils/auth.server";
import { labelByCode } from "~/utils/labels";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const centre = getPortalCentre(user);
  if (!centre) notFound();
  return {
    userName: user.name,
    centre,
    countries: referenceList("country"),
    districts: referenceList("district"),
    parks: referenceList("park"),
    stages: referenceList("stage"),
  };
}

export default function PortalHome() {
  const { t, i18n } = useTranslation();
  const { userName, centre, countries, districts, parks, stages } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  const rows: [string, string][] = [
    [t("portal.nameZh"), centre.nameZh],
    [t("portal.nameEn"), centre.nameEn],
    [t("portal.parent"), centre.parentCompany],
    [t("portal.country"), labelByCode(countries, centre.countryCode, lng)],
    [t("portal.district"), labelByCode(districts, centre.districtCode, lng)],
    [t("portal.park"), centre.parkCode ? labelByCode(parks, centre.parkCode, lng) : t("common.notSet")],
    [t("portal.type"), t(`centreTypes.${centre.type}`)],
    [t("portal.level"), t(`levels.${centre.level}`)],
    [t("portal.stage"), labelByCode(stages, centre.stage, lng)],
  ];
  return (
    <>
      <PageHeader title={lng === "en" ? centre.nameEn : centre.nameZh} subtitle={t("portal.welcome", { name: userName })} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("portal.profile")} className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
                <dd className="mt-0.5 text-sm text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t("portal.steward")}>
          {centre.stewardName ? (
            <>
              <p className="font-medium">{centre.stewardName}</p>
              <p className="mt-1 text-sm text-slate-600">{t("portal.stewardContact", { email: centre.stewardEmail })}</p>
            </>
          ) : (
            <p className="text-sm text-slate-600">{t("portal.noSteward")}</p>
          )}
        </Card>
      </div>
    </>
  );
}
