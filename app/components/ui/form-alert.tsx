import { useTranslation } from "react-i18next";

/** An action's message about the whole form (a message key, and a time for "try again at …"). */
export type FormError = { key: string; time?: string };

/** The form's own error above its fields, announced to screen readers; nothing when there is none. */
export function FormAlert({ error }: { error?: FormError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {t(error.key, { time: error.time })}
    </p>
  );
}
