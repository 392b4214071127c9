import { sql } from "drizzle-orm";
import { db } from "~/utils/db.server";

export async function loader() {
  try {
    db.get(sql`select 1`);
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
