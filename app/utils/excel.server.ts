import type * as ExcelJSModule from "exceljs";

let loaded: Promise<typeof ExcelJSModule> | undefined;

/**
 * exceljs, loaded on the first workbook rather than at start-up: it takes about half a second to
 * load, which every process (and every test file) importing an export route paid before.
 */
export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  loaded ??= import("exceljs").then(
    // exceljs is CommonJS: under Node's ESM loader its classes sit on the default export.
    (module) => (module as unknown as { default?: typeof ExcelJSModule }).default ?? module,
  );
  return loaded;
}
