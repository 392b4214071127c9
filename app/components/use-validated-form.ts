import { useSubmit } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import {
  get,
  set,
  useForm,
  type DefaultValues,
  type FieldErrors as FormErrors,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormRegisterReturn,
} from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { ZodTypeAny } from "zod";
import { fieldErrorsOf, translateError, type FieldErrors } from "~/schemas/forms";

/**
 * The one way a form validates in the browser: react-hook-form with the form's zod schema, over
 * a plain Remix <Form>. Without JavaScript the browser posts the form and the action validates
 * with the same schema; with it, errors show before the round trip. `T` names the form's fields
 * (what `field`, `checkbox` and `errorOf` accept); the schema reads them as the action does.
 *
 * A field shows one message key, translated by `translateError`:
 * - the browser's own check of the field, once it has run (on blur, then on each change);
 * - else the server's answer for it (`serverErrors`, what the action returned), until the field
 *   is edited. The server's answer shows before hydration too, so the page renders the same
 *   message with or without JavaScript.
 */
export function useValidatedForm<T extends FieldValues = FieldValues>(
  schema: ZodTypeAny,
  options: { serverErrors?: FieldErrors | null; defaultValues?: DefaultValues<T> } = {},
) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const { serverErrors = null, defaultValues } = options;
  const form = useForm({ resolver: schemaResolver(schema), mode: "onTouched", defaultValues });

  // Fields edited since the server's answer arrived: their server message no longer applies.
  const [edited, setEdited] = useState<{ answer: FieldErrors | null; names: ReadonlySet<string> }>({
    answer: serverErrors,
    names: new Set(),
  });
  const editedNames = edited.answer === serverErrors ? edited.names : EMPTY;
  const { watch } = form;
  useEffect(() => {
    const subscription = watch((_values, { name }) => {
      if (!name) return;
      setEdited((current) => {
        const names = current.answer === serverErrors ? current.names : EMPTY;
        return names.has(name) ? current : { answer: serverErrors, names: new Set(names).add(name) };
      });
    });
    return () => subscription.unsubscribe();
  }, [watch, serverErrors]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    const submitter = submitterOf(event.nativeEvent);
    void form.handleSubmit(() =>
      submit(submitter ?? formElement, { method: "post", action: formElement.getAttribute("action") ?? undefined }),
    )(event);
  }

  /** The translated message of a field (see above), or undefined when it is fine. */
  function errorOf(name: Path<T>): string | undefined {
    const message = messageOf(form.formState.errors, serverErrors, editedNames, name);
    return message ? translateError(t, message) : undefined;
  }

  /**
   * register() plus the default value rendered into the HTML, so the server-rendered form
   * (JavaScript off, or before hydration) shows saved values and a refused submission's input.
   */
  function field(name: Path<T>): UseFormRegisterReturn & { defaultValue: string | undefined } {
    const value: unknown = get(defaultValues ?? {}, name);
    const defaultValue = typeof value === "string" || typeof value === "number" ? String(value) : undefined;
    return { ...form.register(name), defaultValue };
  }

  function checkbox(name: Path<T>, value: string): UseFormRegisterReturn & { value: string; defaultChecked: boolean } {
    const current: unknown = get(defaultValues ?? {}, name);
    return {
      ...form.register(name),
      value,
      defaultChecked: Array.isArray(current) ? current.includes(value) : current === value,
    };
  }

  return { ...form, onSubmit, errorOf, field, checkbox };
}

/** A form as the hook returns it; sub-components that render some of its fields take a Pick of it. */
export type ValidatedForm<T extends FieldValues> = ReturnType<typeof useValidatedForm<T>>;

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Checks the form's values with its schema the way the action does: the field errors are
 * `fieldErrorsOf`'s (one message key per dotted path), nested the way react-hook-form looks
 * them up. A message on the form as a whole ("_form") is the server's to give.
 */
export function schemaResolver(schema: ZodTypeAny): Resolver {
  return async (values) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data, errors: {} };
    const errors: FormErrors = {};
    for (const [path, message] of Object.entries(fieldErrorsOf(result.error))) {
      if (path !== "_form") set(errors, path, { type: "validation", message });
    }
    return { values: {}, errors };
  };
}

/** The button that submitted the form, so its name and value (e.g. an intent) are posted too. */
function submitterOf(event: Event): HTMLButtonElement | HTMLInputElement | null {
  const submitter = typeof SubmitEvent !== "undefined" && event instanceof SubmitEvent ? event.submitter : null;
  return submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : null;
}

/**
 * The message key a field shows: the browser's check once it has run, else the server's answer
 * unless the field was edited since. Both sides flatten with `fieldErrorsOf`, so a field shows the
 * same key whichever side checked it.
 */
export function messageOf(
  clientErrors: FormErrors,
  serverErrors: FieldErrors | null,
  edited: ReadonlySet<string>,
  name: string,
): string | undefined {
  const client: unknown = get(clientErrors, name);
  const clientMessage = typeof client === "object" && client !== null && "message" in client ? client.message : undefined;
  if (typeof clientMessage === "string" && clientMessage) return clientMessage;
  return edited.has(name) ? undefined : serverErrors?.[name];
}
