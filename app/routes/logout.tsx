import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/utils/csrf.server";
import { getSession, sessionStorage } from "~/utils/session.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const session = await getSession(request);
  throw redirect("/login", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}
