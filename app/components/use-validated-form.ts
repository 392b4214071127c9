import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
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
    void form.handleSubmit(() => submit(submitter ?? formElement, { method: "post", action: formElement.getAttribute("action") ?? undefined }))(event);
  }

  /** The translated message for a field, from the client check or else the server's answer. */
  function errorOf(name: string): string | undefined {
    const clientMessage = (get(form.formState.errors, name) as { message?: string } | undefined)?.message;
    const edited = Boolean(get(form.formState.dirtyFields, name));
    const message = clientMessage ?? (edited ? undefined : options.serverErrors?.[name]);
    return message ? translateError(t, message) : undefined;
  }

  return { ...form, onSubmit, errorOf };
}
