import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { centreImports } from "../../db/schema";
import { CENTRE_CSV_COLUMNS, toCsv } from "~/domain/centre-csv";
import { STALE_MS } from "~/models/centre-import.server";
import { action, loader } from "~/routes/centres.import";
import { db } from "~/utils/db.server";
import { context, get, payload, post, run } from "./requests";

/** The centre import route (/centres/import) as the import tests drive it: upload, page, commit. */

export const csvOf = (data: string[][]) => toCsv([[...CENTRE_CSV_COLUMNS], ...data]);

type PageData = Awaited<ReturnType<typeof loader>>["data"];

/** Uploads `csv` and answers the import's token (the check runs on, in the background). */
export async function uploadImport(userId: string, csv: string, fileName: string) {
  const file = new File([new TextEncoder().encode(csv)], fileName, { type: "text/csv" });
  const request = await post("/centres/import", { intent: "upload", file }, { userId });
  const res = (await run(() => action({ request, params: {}, context }))) as Response;
  expect(res.status).toBe(303);
  return new URL(res.headers.get("Location")!, "http://localhost").searchParams.get("upload")!;
}

export async function importPage(userId: string, token: string) {
  const request = await get(`/centres/import?upload=${token}`, userId);
  return payload<PageData>(await run(() => loader({ request, params: {}, context })));
}

export async function confirmImport(userId: string, token: string) {
  const request = await post("/centres/import", { intent: "commit", token }, { userId });
  return (await run(() => action({ request, params: {}, context }))) as Response;
}

export const importJobOf = (token: string) => db.select().from(centreImports).where(eq(centreImports.id, token)).get()!;

/** As if the process that ran the job had ended a while ago. */
export const ageImportJob = (token: string) =>
  db
    .update(centreImports)
    .set({ updatedAt: new Date(Date.now() - STALE_MS - 1000) })
    .where(eq(centreImports.id, token))
    .run();
