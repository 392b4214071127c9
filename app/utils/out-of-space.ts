/**
 * A write that failed because the disk (or the database's size limit) is full, as the 507 answer
 * whose page says "the server is out of space" and that nothing was saved; null for any other error.
 */
export function outOfSpace(error: unknown): Response | null {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL")
    return new Response("outOfSpace", { status: 507, statusText: "outOfSpace" });
  return null;
}
