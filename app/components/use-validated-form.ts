import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { useEffect, type FormEvent } from "react";
import { useHydrated } from "remix-utils/use-hydrated";
import { get, useForm, type DefaultValues, type FieldValues } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { ZodTypeAny } from "zod";
import { translateError, type FieldErrors } from "~/schemas/forms";

/**
 * react-hook-form with the form's zod schema, over a plain Remix <Form>: without JavaScript the
 * browser posts the form and the action validates with the same schema; with it, errors show
 * before the round trip. Server errors (message keys) show until the field is corrected.
 */
export function useValidatedForm<T extends FieldValues>(
  schema: ZodTypeAny,
  options: { serverErrors?: FieldErrors | null; defaultValues?: DefaultValues<T> } = {},
) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const form = useForm<T>({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolver: zodResolver(schema as any) as any,
    mode: "onTouched",
    defaultValues: options.defaultValues,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() =>
      submit(submitter ?? formElement, { method: "post", action: formElement.getAttribute("action") ?? undefined }),
    )(event);
  }

  // Once hydrated, the server's field errors become the form's errors, cleared as each field is corrected.
  const hydrated = useHydrated();
  const { serverErrors } = options;
  const { setError } = form;
  useEffect(() => {
    for (const [name, message] of Object.entries(serverErrors ?? {})) {
      if (name !== "_form") setError(name as never, { type: "server", message });
    }
  }, [serverErrors, setError]);

  /** The translated message for a field: the form's errors, or before hydration the server's answer. */
  function errorOf(name: string): string | undefined {
    const clientMessage = (get(form.formState.errors, name) as { message?: string } | undefined)?.message;
    const message = hydrated ? clientMessage : serverErrors?.[name];
    return message ? translateError(t, message) : undefined;
  }

  /**
   * register() plus the default value rendered into the HTML, so the server-rendered form
   * (JavaScript off, or before hydration) shows saved values and a refused submission's input.
   */
  function field(name: string) {
    return { ...form.register(name as never), defaultValue: get(options.defaultValues ?? {}, name) as string | undefined };
  }

  function checkbox(name: string, value: string) {
    const current = get(options.defaultValues ?? {}, name) as unknown;
    return {
      ...form.register(name as never),
      value,
      defaultChecked: Array.isArray(current) ? current.includes(value) : current === value,
    };
  }

  return { ...form, onSubmit, errorOf, field, checkbox };
}
