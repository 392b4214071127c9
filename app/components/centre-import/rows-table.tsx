import { useTranslation } from "react-i18next";
import { Table, Td } from "~/components/ui/table";
import type { PlannedRow, RowIssue } from "~/models/centre-import.server";

export type T = (key: string, options?: Record<string, unknown>) => string;

/** Messages are "key" or "key:limit" (validation.tooLong:200), with optional parameters. */
export function issueText(t: T, issue: RowIssue) {
  const [key = issue.message, limit] = issue.message.split(":");
  return t(key, { max: limit, min: limit, ...issue.params });
}

const ACTION_STYLES: Record<PlannedRow["action"], string> = {
  create: "bg-emerald-100 text-emerald-900",
  update: "bg-sky-100 text-sky-900",
  unchanged: "bg-slate-100 text-slate-700",
  skip: "bg-red-100 text-red-800",
};

export function IssueList({ issues, tone }: { issues: RowIssue[]; tone: "error" | "warning" }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <ul className={`space-y-0.5 text-sm ${tone === "error" ? "text-red-800" : "text-amber-800"}`}>
      {issues.map((issue, i) => (
        <li key={i}>
          <span className="font-mono text-xs">{issue.column === "row" ? t("centreImport.preview.wholeRow") : issue.column}</span>:{" "}
          {issueText(t, issue)}
          {issue.value !== undefined ? (
            <span className="text-slate-600"> ({t("centreImport.preview.given", { value: issue.value })})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function RowsTable({ rows }: { rows: PlannedRow[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table
      stack
      caption={t("centreImport.preview.tableCaption")}
      head={[
        t("centreImport.preview.line"),
        t("centreImport.preview.action"),
        "USCC",
        t("centreImport.preview.name"),
        t("centreImport.preview.details"),
      ]}
    >
      {rows.map((row) => (
        <tr key={row.line} data-testid={`import-row-${row.line}`} className={row.errors.length ? "bg-red-50/60" : undefined}>
          <Td className="tabular-nums">{row.line}</Td>
          <Td>
            <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${ACTION_STYLES[row.action]}`}>
              {t(`centreImport.actions.${row.action}`)}
            </span>
          </Td>
          <Td className="whitespace-nowrap font-mono text-xs">{row.uscc || "—"}</Td>
          <Td className="min-w-48">
            <div>{(i18n.language === "en" ? row.nameEn : row.nameZh) || "—"}</div>
            <div className="text-xs text-slate-600">{i18n.language === "en" ? row.nameZh : row.nameEn}</div>
          </Td>
          <Td className="min-w-64">
            <IssueList issues={row.errors} tone="error" />
            <IssueList issues={row.warnings} tone="warning" />
            {row.action === "update" ? (
              <p className="text-sm text-slate-700">{t("centreImport.preview.changes", { columns: row.changes.join(", ") })}</p>
            ) : null}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
