/**
 * Turns a submitted form into the plain values the zod schemas read. The rules:
 *
 * - A form has at most FORM_LIMITS.fields entries and a name at most FORM_LIMITS.valuesPerName
 *   values; more is refused as FormRefusal "tooManyFields" / "tooManyValues" (413), before any
 *   object is built.
 * - A name with a path segment `__proto__`, `constructor` or `prototype` is refused as
 *   "forbiddenName" (400): no form may reach an object's prototype.
 * - Every object built here has a null prototype and is filled in one pass (linear in the form).
 * - Names listed in `arrays` collect all their values in order (checkbox groups); any other name
 *   keeps its last value.
 * - "group.N.field" (N of one or two digits) becomes group[N].field: rows ordered by N.
 * - Files and the CSRF token are left out.
 */
export const FORM_LIMITS = { fields: 1000, valuesPerName: 100 } as const;

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

export type FormRefusalReason = "tooManyFields" | "tooManyValues" | "forbiddenName";

/** A form refused before it is read into values; `status` is the HTTP status to answer. */
export class FormRefusal extends Error {
  readonly status: 400 | 413;
  constructor(readonly reason: FormRefusalReason) {
    super(`form refused: ${reason}`);
    this.status = reason === "forbiddenName" ? 400 : 413;
  }
}

/** True when a field name could reach an object's prototype through one of its path segments. */
export function isForbiddenFieldName(name: string): boolean {
  return name.split(/[.[\]]/).some((segment) => FORBIDDEN_SEGMENTS.has(segment));
}

/** Checks the limits and names of a form's entries; throws FormRefusal. Linear in the entries. */
export function checkFormShape(entries: Iterable<[string, unknown]>): void {
  const perName = new Map<string, number>();
  let fields = 0;
  for (const [name] of entries) {
    fields += 1;
    if (fields > FORM_LIMITS.fields) throw new FormRefusal("tooManyFields");
    if (isForbiddenFieldName(name)) throw new FormRefusal("forbiddenName");
    const count = (perName.get(name) ?? 0) + 1;
    if (count > FORM_LIMITS.valuesPerName) throw new FormRefusal("tooManyValues");
    perName.set(name, count);
  }
}

type Values = Record<string, unknown>;
const emptyObject = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const ROW_FIELD = /^(\w+)\.(\d{1,2})\.(\w+)$/;

/** The form's values as the schemas expect them (see the rules above). */
export function formValues(formData: FormData, options: { arrays?: readonly string[] } = {}): Values {
  checkFormShape(formData.entries());
  const arrays = new Set(options.arrays ?? []);
  const values = emptyObject<unknown>();
  const lists = new Map<string, string[]>();
  const groups = new Map<string, Map<number, Record<string, string>>>();
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string" || name === "csrf") continue;
    const row = ROW_FIELD.exec(name);
    if (row) {
      const [, group, index, field] = row as unknown as [string, string, string, string];
      let byIndex = groups.get(group);
      if (!byIndex) groups.set(group, (byIndex = new Map()));
      let fields = byIndex.get(Number(index));
      if (!fields) byIndex.set(Number(index), (fields = emptyObject<string>()));
      fields[field] = value;
    } else if (arrays.has(name)) {
      let list = lists.get(name);
      if (!list) lists.set(name, (list = []));
      list.push(value);
    } else {
      values[name] = value;
    }
  }
  for (const [name, list] of lists) values[name] = list;
  for (const [name, byIndex] of groups) values[name] = [...byIndex].sort(([a], [b]) => a - b).map(([, fields]) => fields);
  return values;
}

/**
 * A flat form's values, one string per name (the last one): what a refused form echoes back so
 * the page shows what was typed. The same rules as formValues, without lists or row groups.
 */
export function formStrings(formData: FormData): Record<string, string> {
  checkFormShape(formData.entries());
  const values = emptyObject<string>();
  for (const [name, value] of formData.entries()) if (typeof value === "string" && name !== "csrf") values[name] = value;
  return values;
}
