/**
 * Message catalogues, one file per feature and language (same file names, same keys), merged
 * into one namespace. Add a feature's file to both lists.
 */
import enCommon from "./en/common.json";
import zhCommon from "./zh-CN/common.json";
import enCentres from "./en/centres.json";
import zhCentres from "./zh-CN/centres.json";
import enImport from "./en/import.json";
import zhImport from "./zh-CN/import.json";
import enPipeline from "./en/pipeline.json";
import zhPipeline from "./zh-CN/pipeline.json";
import enReference from "./en/reference.json";
import zhReference from "./zh-CN/reference.json";
import enRequests from "./en/requests.json";
import zhRequests from "./zh-CN/requests.json";
import enDashboard from "./en/dashboard.json";
import zhDashboard from "./zh-CN/dashboard.json";
import enNotify from "./en/notify.json";
import zhNotify from "./zh-CN/notify.json";
import enWork from "./en/work.json";
import zhWork from "./zh-CN/work.json";
import enSettings from "./en/settings.json";
import zhSettings from "./zh-CN/settings.json";
import enAccount from "./en/account.json";
import zhAccount from "./zh-CN/account.json";
import enSearch from "./en/search.json";
import zhSearch from "./zh-CN/search.json";
import enAnswers from "./en/answers.json";
import zhAnswers from "./zh-CN/answers.json";

export const catalogues = {
  en: {
    ...enCommon,
    ...enCentres,
    ...enImport,
    ...enPipeline,
    ...enReference,
    ...enRequests,
    ...enDashboard,
    ...enNotify,
    ...enWork,
    ...enSettings,
    ...enAccount,
    ...enSearch,
    ...enAnswers,
  },
  "zh-CN": {
    ...zhCommon,
    ...zhCentres,
    ...zhImport,
    ...zhPipeline,
    ...zhReference,
    ...zhRequests,
    ...zhDashboard,
    ...zhNotify,
    ...zhWork,
    ...zhSettings,
    ...zhAccount,
    ...zhSearch,
    ...zhAnswers,
  },
};
