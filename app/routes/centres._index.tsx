import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/ui/page-header";
import { countCentres } from "~/models/centre.server";
import { requirePermission } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:centre:any");
  return { count: countCentres() };
}

export default function CentresIndex() {
  const { t } = useTranslation();
  const { count } = useLoaderData<typeof loader>();
  return <PageHeader title={t("centres.title")} subtitle={t("centres.count", { count })} />;
}
