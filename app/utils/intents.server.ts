import type { z } from "zod";
import { fieldErrorsOf, type FieldErrors } from "~/schemas/forms";

/**
 * One intent of an action: the schema of its form, what to do with the parsed input and,
 * where this intent answers a refused form its own way, what to do with its field errors.
 */
export type Intent<R> = { schema: z.ZodTypeAny; run: (input: never) => R; invalid?: (fieldErrors: FieldErrors) => R };

/** An intent whose `run` takes what its schema outputs (the helper only gives the types). */
export function intent<S extends z.ZodTypeAny, R>(schema: S, run: (input: z.output<S>) => R): Intent<R>;
export function intent<S extends z.ZodTypeAny, R, F>(
  schema: S,
  run: (input: z.output<S>) => R,
  invalid: (fieldErrors: FieldErrors) => F,
): Intent<R | F>;
export function intent<S extends z.ZodTypeAny, R, F>(
  schema: S,
  run: (input: z.output<S>) => R,
  invalid?: (fieldErrors: FieldErrors) => F,
): Intent<R | F> {
  return { schema, run: run as (input: never) => R | F, ...(invalid ? { invalid } : {}) };
}

/**
 * Runs the intent a form names (design: routes with several actions dispatch on `intent`): the
 * table maps each intent to its schema and its work. Input the intent's schema refuses goes to
 * the intent's own `invalid` when it has one; that, and an unknown intent, go to `invalid` with
 * the intent (null when unknown) and the field errors.
 */
export async function runIntent<T extends Record<string, Intent<unknown>>, F>(
  values: Record<string, unknown>,
  intents: T,
  invalid: (intent: string | null, fieldErrors: FieldErrors) => F,
): Promise<Awaited<ReturnType<T[keyof T]["run"]>> | F> {
  const name = typeof values.intent === "string" && Object.hasOwn(intents, values.intent) ? values.intent : null;
  if (name === null) return invalid(null, { _form: "validation.invalidChoice" });
  const { schema, run, invalid: refused } = intents[name]!;
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return refused ? (refused(fieldErrors) as Awaited<ReturnType<T[keyof T]["run"]>>) : invalid(name, fieldErrors);
  }
  return await (run as (input: unknown) => ReturnType<T[keyof T]["run"]>)(parsed.data);
}
