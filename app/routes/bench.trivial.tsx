import { useLoaderData } from "@remix-run/react";
import { sql } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { db } from "~/utils/db.server";

/**
 * The bench's yardstick (`npm run bench`, issue 14): a page of the same stack as every other
 * (session, root loader, app shell, i18n, React render, compression) whose own work is one
 * SQLite read. Each page's CPU per request is reported as a multiple of this one's.
 */
export async function loader() {
  const row = db.get<{ n: number }>(sql`select count(*) as n from reference_items`);
  return { items: row?.n ?? 0 };
}

export default function BenchTrivial() {
  const { t } = useTranslation();
  const { items } = useLoaderData<typeof loader>();
  return (
    <main className="p-4">
      <h1 className="text-lg font-semibold">{t("bench.trivial", { count: items })}</h1>
    </main>
  );
}
