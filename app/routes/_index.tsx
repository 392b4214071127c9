import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { HOME_BY_ROLE } from "~/domain/permissions";
import { getUser } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  throw redirect(user ? HOME_BY_ROLE[user.role] : "/login");
}
