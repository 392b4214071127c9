import { createCookie } from "@remix-run/node";
import { CSRF, CSRFError } from "remix-utils/csrf/server";
import { checkFormShape, FormRefusal } from "~/schemas/form-values";
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

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** A 4xx answer for a form that cannot be read; the error page explains it in the user's language. */
export function formProblem(status: 400 | 413 | 415, reason: string): Response {
  return new Response(reason, { status, statusText: reason });
}

/** Answers the refusals of checkFormShape (too many fields or values, a prototype name) as 4xx. */
export function checkForm(formData: FormData): void {
  try {
    checkFormShape(formData.entries());
  } catch (error) {
    if (error instanceof FormRefusal) throw formProblem(error.status, error.reason);
    throw error;
  }
}

/**
 * Reads a POSTed form and checks its CSRF token against the cookie; every action starts here.
 * Anything but a form body answers 415, an unreadable one 400, too many fields or values 413,
 * a field name that reaches a prototype 400, and a missing or wrong token 403.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) throw formProblem(415, "notAForm");
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw formProblem(400, "unreadableForm");
  }
  await checkFormAndToken(formData, request);
  return formData;
}

/**
 * The checks every read form goes through, however its body was read (readForm; a streamed
 * upload): too many fields or values 413, a field name that reaches a prototype 400, and a
 * missing or wrong CSRF token 403.
 */
export async function checkFormAndToken(formData: FormData, request: Request): Promise<void> {
  checkForm(formData);
  try {
    await csrf.validate(formData, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) throw new Response("Invalid CSRF token", { status: 403 });
    throw error;
  }
}
