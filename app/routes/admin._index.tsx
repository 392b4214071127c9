import type { MetaFunction } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, PageHeader, Stat } from "~/components/ui/page-header";
import { countCentres } from "~/models/centre.server";
import { countUsersByRole } from "~/models/user.server";
import { requirePermission } from "~/utils/auth.server";
import { formatNumber } from "~/utils/format";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => [t("nav.admin")]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:admin:any");
  return { usersByRole: countUsersByRole(), centres: countCentres() };
}

/** The administration pages, in the order the admin home lists them, with their link texts' keys. */
const ADMIN_PAGES = [
  { to: "/admin/users", label: "admin.manageUsers" },
  { to: "/admin/reference", label: "admin.referenceData" },
  { to: "/admin/checklists", label: "admin.checklists" },
  { to: "/admin/api-tokens", label: "admin.apiTokens" },
  { to: "/admin/outbox", label: "outbox.adminLink" },
  { to: "/admin/settings", label: "settings.adminLink" },
  { to: "/answers?review=due", label: "answers.adminLink" },
] as const;

export default function AdminHome() {
  const { t, i18n } = useTranslation();
  const { usersByRole, centres } = useLoaderData<typeof loader>();
  const totalUsers = usersByRole.reduce((sum, r) => sum + r.count, 0);
  return (
    <>
      <PageHeader title={t("admin.title")} subtitle={t("admin.intro")} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          label={t("admin.activeUsers")}
          value={totalUsers}
          hint={usersByRole.map((r) => `${t(`roles.${r.role}`)} ${formatNumber(r.count, i18n.language)}`).join(" · ")}
        />
        <Stat label={t("admin.centresCount")} value={centres} />
      </div>
      <Card className="mt-6">
        <ul className="space-y-2">
          {ADMIN_PAGES.map(({ to, label }) => (
            <li key={to}>
              <Link to={to} className="font-medium text-brand-700 hover:underline">
                {t(label)} →
              </Link>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
