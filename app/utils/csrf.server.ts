import { createCookie } from "@remix-run/node";
import { CSRF, CSRFError } from "remix-utils/csrf/server";
import { env, isProduction } from "./env.server";

export const csrf = new CSRF({
  cookie: createCookie("csrf", {
    path: "/",
    httpOnly: true,
    secure: isProduction && !env.INSECURE_COOKIES,
    sameSite: "lax",
    secrets: [env.SESSION_SECRET],
  }),
  formDataKey: "csrf",
  secret: env.SESSION_SECRET,
});

/**
 * Reads a POSTed form and checks its CSRF token against the cookie; every action starts here.
 * A missing or wrong token answers 403.
 */
export async function readForm(request: Request): Promise<FormData> {
  const formData = await request.formData();
  try {
    await csrf.validate(formData, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) throw new Response("Invalid CSRF token", { status: 403 });
    throw error;
  }
  return formData;
}
