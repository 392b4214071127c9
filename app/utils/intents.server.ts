import type { z } from "zod";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";

/** One intent of an action: the schema of its form and what to do with the parsed input. */
export type Intent<R> = { schema: z.ZodTypeAny; run: (input: never) => R };

/** An intent whose `run` takes what its schema outputs (the helper only gives the types). */
export function intent<S extends z.ZodTypeAny, R>(schema: S, run: (input: z.output<S>) => R): Intent<R> {
  return { schema, run: run as (input: never) => R };
}

/**
 * Runs the intent a form names (design: routes with several actions dispatch on `intent`): the
 * table maps each intent to its schema and its work. An unknown intent, or input the intent's
 * schema refuses, goes to `invalid` with the intent (null when unknown) and the field errors.
 */
export async function runIntent<T extends Record<string, Intent<unknown>>, F>(
  values: Record<string, unknown>,
  intents: T,
  invalid: (intent: string | null, fieldErrors: FieldErrors) => F,
): Promise<Awaited<ReturnType<T[keyof T]["run"]>> | F> {
  const name = typeof values.intent === "string" && Object.hasOwn(intents, values.intent) ? values.intent : null;
  if (name === null) return invalid(null, { _form: "validation.invalidChoice" });
  const { schema, run } = intents[name]!;
  const parsed = schema.safeParse(values);
  if (!parsed.success) return invalid(name, fieldErrorsOf(parsed.error));
  return await (run as (input: unknown) => ReturnType<T[keyof T]["run"]>)(parsed.data);
}
