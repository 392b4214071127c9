import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import { countCentres } from "~/models/centre.server";
import { countUsersByRole } from "~/models/user.server";
import { requirePermission } from "~/utils/auth.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.admin")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:admin:any");
  return { usersByRole: countUsersByRole(), centres: countCentres() };
}

export default function AdminHome() {
  const { t } = useTranslation();
  const { usersByRole, centres } = useLoaderData<typeof loader>();
  const totalUsers = usersByRole.reduce((sum, r) => sum + r.count, 0);
  return (
    <>
      <PageHeader title={t("admin.title")} subtitle={t("admin.intro")} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          label={t("admin.activeUsers")}
          value={totalUsers}
          hint={usersByRole.map((r) => `${t(`roles.${r.role}`)} ${r.count}`).join(" · ")}
        />
        <Stat label={t("admin.centresCount")} value={centres} />
      </div>
      <Card className="mt-6">
        <ul className="space-y-2">
          <li>
            <Link to="/admin/users" className="font-medium text-brand-700 hover:underline">
              {t("admin.manageUsers")} →
            </Link>
          </li>
          <li>
            <Link to="/admin/reference" className="font-medium text-brand-700 hover:underline">
              {t("admin.referenceData")} →
            </Link>
          </li>
          <li>
            <Link to="/admin/checklists" className="font-medium text-brand-700 hover:underline">
              {t("admin.checklists")} →
            </Link>
          </li>
          <li>
            <Link to="/admin/api-tokens" className="font-medium text-brand-700 hover:underline">
              {t("admin.apiTokens")} →
            </Link>
          </li>
          <li>
            <Link to="/admin/outbox" className="font-medium text-brand-700 hover:underline">
              {t("outbox.adminLink")} →
            </Link>
          </li>
          <li>
            <Link to="/admin/settings" className="font-medium text-brand-700 hover:underline">
              {t("settings.adminLink")} →
            </Link>
          </li>
          <li>
            <Link to="/answers?review=due" className="font-medium text-brand-700 hover:underline">
              {t("answers.adminLink")} →
            </Link>
          </li>
        </ul>
      </Card>
    </>
  );
}
