import { useTranslation } from "react-i18next";
import { Card } from "~/components/ui/page-header";
import { Table, Td } from "~/components/ui/table";
import type { ReferenceChoice } from "~/domain/centre-csv";

export type ColumnHelpData = {
  columns: string[];
  required: string[];
  maxRows: number;
  maxBytes: number;
  values: { column: string; choices: ReferenceChoice[] }[];
};

export function ColumnHelp({ help }: { help: ColumnHelpData }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const valuesOf = new Map(help.values.map((v) => [v.column as string, v.choices]));
  return (
    <Card title={t("centreImport.columns.title")} className="mt-6">
      <p className="mb-3 text-sm text-slate-600">{t("centreImport.columns.intro")}</p>
      <pre className="mb-4 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs text-slate-800">{help.columns.join(",")}</pre>
      <Table
        stack
        head={[t("centreImport.columns.column"), t("centreImport.columns.required"), t("centreImport.columns.accepts")]}
      >
        {help.columns.map((column) => {
          const choices = valuesOf.get(column);
          return (
            <tr key={column}>
              <Td className="whitespace-nowrap font-mono text-xs">{column}</Td>
              <Td>{help.required.includes(column) ? t("common.yes") : t("common.no")}</Td>
              <Td>
                <p>{t(`centreImport.columns.describe.${column}`)}</p>
                {choices ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-brand-700">
                      {t("centreImport.columns.showValues", { count: choices.length })}
                    </summary>
                    <ul className="mt-1 grid gap-x-4 text-xs text-slate-700 sm:grid-cols-2 lg:grid-cols-3">
                      {choices.map((c) => (
                        <li key={c.code}>
                          <span className="font-mono">{c.code}</span> · {en ? c.labelEn : c.labelZh} ·{" "}
                          {en ? c.labelZh : c.labelEn}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </Td>
            </tr>
          );
        })}
      </Table>
    </Card>
  );
}
