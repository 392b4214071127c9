/**
 * Message catalogues, one file per feature and language (same file names, same keys), merged
 * into one namespace. Add a feature's file to both lists.
 */
import enCentres from "./en/centres.json";
import enCommon from "./en/common.json";
import zhCentres from "./zh-CN/centres.json";
import zhCommon from "./zh-CN/common.json";

export const catalogues = {
  en: { ...enCommon, ...enCentres },
  "zh-CN": { ...zhCommon, ...zhCentres },
};
