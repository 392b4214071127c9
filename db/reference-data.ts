import type { Level } from "../app/domain/levels";
import type { CategoryTimeLimits } from "../app/domain/request-clock";
import type { ReferenceKind } from "./schema";

/** Reference lists from the domain notes; admins can change them in the app afterwards. */
export type ReferenceSeed = { code: string; zh: string; en: string; parent?: string };

const districts: ReferenceSeed[] = [
  { code: "dongcheng", zh: "东城区", en: "Dongcheng" },
  { code: "xicheng", zh: "西城区", en: "Xicheng" },
  { code: "chaoyang", zh: "朝阳区", en: "Chaoyang" },
  { code: "haidian", zh: "海淀区", en: "Haidian" },
  { code: "fengtai", zh: "丰台区", en: "Fengtai" },
  { code: "shijingshan", zh: "石景山区", en: "Shijingshan" },
  { code: "mentougou", zh: "门头沟区", en: "Mentougou" },
  { code: "fangshan", zh: "房山区", en: "Fangshan" },
  { code: "tongzhou", zh: "通州区", en: "Tongzhou" },
  { code: "shunyi", zh: "顺义区", en: "Shunyi" },
  { code: "changping", zh: "昌平区", en: "Changping" },
  { code: "daxing", zh: "大兴区", en: "Daxing" },
  { code: "huairou", zh: "怀柔区", en: "Huairou" },
  { code: "pinggu", zh: "平谷区", en: "Pinggu" },
  { code: "miyun", zh: "密云区", en: "Miyun" },
  { code: "yanqing", zh: "延庆区", en: "Yanqing" },
  { code: "etown", zh: "北京经济技术开发区", en: "Beijing E-Town (BDA)" },
];

const parks: ReferenceSeed[] = [
  { code: "zgc_haidian", zh: "中关村海淀园", en: "ZGC Haidian Park", parent: "haidian" },
  { code: "zgc_changping", zh: "中关村昌平园", en: "ZGC Changping Park", parent: "changping" },
  { code: "zgc_shunyi", zh: "中关村顺义园", en: "ZGC Shunyi Park", parent: "shunyi" },
  { code: "zgc_daxing_yizhuang", zh: "中关村大兴-亦庄园", en: "ZGC Daxing-Yizhuang Park", parent: "etown" },
  { code: "zgc_fangshan", zh: "中关村房山园", en: "ZGC Fangshan Park", parent: "fangshan" },
  { code: "zgc_tongzhou", zh: "中关村通州园", en: "ZGC Tongzhou Park", parent: "tongzhou" },
  { code: "zgc_dongcheng", zh: "中关村东城园", en: "ZGC Dongcheng Park", parent: "dongcheng" },
  { code: "zgc_xicheng", zh: "中关村西城园", en: "ZGC Xicheng Park", parent: "xicheng" },
  { code: "zgc_chaoyang", zh: "中关村朝阳园", en: "ZGC Chaoyang Park", parent: "chaoyang" },
  { code: "zgc_fengtai", zh: "中关村丰台园", en: "ZGC Fengtai Park", parent: "fengtai" },
  { code: "zgc_shijingshan", zh: "中关村石景山园", en: "ZGC Shijingshan Park", parent: "shijingshan" },
  { code: "zgc_mentougou", zh: "中关村门头沟园", en: "ZGC Mentougou Park", parent: "mentougou" },
  { code: "zgc_pinggu", zh: "中关村平谷园", en: "ZGC Pinggu Park", parent: "pinggu" },
  { code: "zgc_huairou", zh: "中关村怀柔园", en: "ZGC Huairou Park", parent: "huairou" },
  { code: "zgc_miyun", zh: "中关村密云园", en: "ZGC Miyun Park", parent: "miyun" },
  { code: "zgc_yanqing", zh: "中关村延庆园", en: "ZGC Yanqing Park", parent: "yanqing" },
];

const industries: ReferenceSeed[] = [
  { code: "health_pharma", zh: "医药健康", en: "Health and pharma" },
  { code: "ai", zh: "人工智能", en: "Artificial intelligence" },
  { code: "next_gen_it", zh: "新一代信息技术", en: "New-generation IT" },
  { code: "integrated_circuits", zh: "集成电路", en: "Integrated circuits" },
  { code: "connected_vehicles", zh: "智能网联汽车", en: "Intelligent connected vehicles" },
  { code: "new_materials", zh: "新材料", en: "New materials" },
  { code: "clean_energy", zh: "新能源", en: "Clean energy" },
  { code: "high_end_instruments", zh: "高端仪器", en: "High-end instruments" },
  { code: "aerospace", zh: "航空航天", en: "Aerospace" },
  { code: "intelligent_manufacturing", zh: "智能制造", en: "Intelligent manufacturing" },
  { code: "future_industries", zh: "未来产业", en: "Future industries" },
];

const countries: ReferenceSeed[] = [
  { code: "US", zh: "美国", en: "United States" },
  { code: "DE", zh: "德国", en: "Germany" },
  { code: "JP", zh: "日本", en: "Japan" },
  { code: "KR", zh: "韩国", en: "South Korea" },
  { code: "FR", zh: "法国", en: "France" },
  { code: "GB", zh: "英国", en: "United Kingdom" },
  { code: "CH", zh: "瑞士", en: "Switzerland" },
  { code: "NL", zh: "荷兰", en: "Netherlands" },
  { code: "SE", zh: "瑞典", en: "Sweden" },
  { code: "DK", zh: "丹麦", en: "Denmark" },
  { code: "IT", zh: "意大利", en: "Italy" },
  { code: "SG", zh: "新加坡", en: "Singapore" },
  { code: "IL", zh: "以色列", en: "Israel" },
  { code: "CA", zh: "加拿大", en: "Canada" },
  { code: "AU", zh: "澳大利亚", en: "Australia" },
  { code: "FI", zh: "芬兰", en: "Finland" },
  { code: "BE", zh: "比利时", en: "Belgium" },
  { code: "HK", zh: "中国香港", en: "Hong Kong SAR" },
  { code: "MO", zh: "中国澳门", en: "Macao SAR" },
  { code: "TW", zh: "中国台湾", en: "Taiwan region" },
];

const departments: ReferenceSeed[] = [
  { code: "commerce", zh: "市商务局", en: "Commerce Bureau" },
  { code: "st_commission", zh: "市科委、中关村管委会", en: "S&T Commission / ZGC Administration" },
  { code: "market_regulation", zh: "市场监管局", en: "Market Regulation Bureau" },
  { code: "investment_promotion", zh: "投资促进中心", en: "Investment Promotion Centre" },
  { code: "development_reform", zh: "市发展改革委", en: "Development and Reform Commission" },
  { code: "public_security", zh: "公安局出入境管理局", en: "Public Security Exit-Entry Administration" },
  { code: "housing", zh: "住房城乡建设委", en: "Housing Commission" },
  { code: "customs", zh: "北京海关", en: "Beijing Customs" },
  { code: "tax", zh: "税务局", en: "Tax Bureau" },
  { code: "cyberspace", zh: "网信办", en: "Cyberspace Administration" },
  { code: "ip_office", zh: "市知识产权局", en: "IP Office" },
  { code: "district_government", zh: "区政府/园区", en: "District government / park" },
  { code: "pboc_safe", zh: "人民银行北京分行/外汇局", en: "PBOC Beijing Branch / SAFE" },
];

const requestCategories: ReferenceSeed[] = [
  { code: "recognition_funding", zh: "认定与资金", en: "Recognition and funding" },
  { code: "talent_entry_exit", zh: "人才与出入境", en: "Talent and entry-exit" },
  { code: "customs_samples", zh: "海关与样本", en: "Customs and samples" },
  { code: "tax", zh: "税收", en: "Tax" },
  { code: "cross_border_data", zh: "数据跨境", en: "Cross-border data" },
  { code: "ip", zh: "知识产权", en: "Intellectual property" },
  { code: "research_facilities", zh: "科研设施", en: "Research facilities" },
  { code: "space", zh: "办公与实验空间", en: "Office and lab space" },
  { code: "finance_forex", zh: "金融与外汇", en: "Finance and forex" },
  { code: "task_force", zh: "重大项目专班", en: "Major-project task force" },
  { code: "other", zh: "其他", en: "Other" },
];

const stages: ReferenceSeed[] = [
  { code: "lead", zh: "线索", en: "Lead" },
  { code: "in_contact", zh: "对接洽谈", en: "In contact" },
  { code: "registering", zh: "注册/信息报告", en: "Registering" },
  { code: "landed", zh: "落地", en: "Landed" },
  { code: "recognition_applied", zh: "认定申报", en: "Recognition applied" },
  { code: "recognised", zh: "已认定", en: "Recognised" },
  { code: "upgrading", zh: "提级", en: "Upgrading" },
  { code: "exited", zh: "退出", en: "Exited" },
];

export const REFERENCE_DATA: Record<ReferenceKind, ReferenceSeed[]> = {
  district: districts,
  park: parks,
  industry: industries,
  country: countries,
  department: departments,
  request_category: requestCategories,
  stage: stages,
};

/** Settings with their defaults (domain notes; assumptions marked there). */
/** The settings an admin can change (and the projection's weights), with their types: one home. */
export type Settings = {
  /** The city's target: this many recognised centres by this date. */
  target: { count: number; date: string };
  /** The projection's chance that a centre in each pipeline stage is recognised, by stage code. */
  stageWeights: Record<string, number>;
  /** A steward contacts a centre at least this often, in calendar days, per level. */
  contactCadenceDays: Record<Level, number>;
  /** Support-request time limits in working days, per category code or "default". */
  requestTimeLimits: Record<string, CategoryTimeLimits>;
  reopenWindowWorkingDays: number;
  dueSoonWorkingDays: number;
  calendarCompleteYears: readonly number[];
};

export const DEFAULT_SETTINGS: Settings = {
  target: { count: 300, date: "2027-12-31" },
  stageWeights: { lead: 0.05, in_contact: 0.1, registering: 0.25, landed: 0.4, recognition_applied: 0.7 },
  contactCadenceDays: { regional: 90, greater_regional: 90, global: 60 },
  /** Support-request time limits in working days (assumption in the domain notes), per category code or "default". */
  requestTimeLimits: { default: { accept: 1, firstContact: 2, answer: 5, satisfactionFollowUp: 3 } },
  /** An enterprise may reopen an answered or closed request within this many working days. */
  reopenWindowWorkingDays: 10,
  /** A request is "due soon" this many working days before a due date. */
  dueSoonWorkingDays: 1,
  /** Years beyond the calendar package whose whole official schedule an admin has entered and marked complete. */
  calendarCompleteYears: [],
};
