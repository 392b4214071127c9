/** The label of a reference item in the reader's language. */
export function labelOf(item: { labelZh: string; labelEn: string } | undefined | null, locale: string, fallback = ""): string {
  if (!item) return fallback;
  return locale === "en" ? item.labelEn : item.labelZh;
}

export function labelByCode<T extends { code: string; labelZh: string; labelEn: string }>(
  items: T[],
  code: string | null | undefined,
  locale: string,
) {
  return labelOf(
    items.find((i) => i.code === code),
    locale,
    code ?? "",
  );
}
