import { eq, or } from "drizzle-orm";
import type { Db } from "./client.server";
import { checklistTemplates } from "./schema";

/**
 * The 20 service-checklist items of the domain notes (对接服务清单), each with the department
 * that owns it, a default due period in working days and the onboarding stage at which it
 * applies (null: from the centre's creation). Where the notes name two departments, the first
 * owns the item and the description names the other. Periods and stages are a starting point
 * that admins change at /admin/checklists.
 */
export type ChecklistTemplateSeed = {
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  departmentCode: string;
  duePeriodWorkingDays: number;
  appliesAtStage: string | null;
  appliesToType?: "rd_innovation_centre" | "open_innovation_platform" | null;
};

export const CHECKLIST_TEMPLATE_SEEDS: ChecklistTemplateSeed[] = [
  {
    titleZh: "外商投资信息报告及登记注册",
    titleEn: "Foreign-investment information report and registration",
    descriptionZh: "在市场监管部门办理登记注册，同步向商务部门报送外商投资信息报告。",
    descriptionEn:
      "Company registration with the market regulation bureau; the foreign-investment information report goes to the commerce bureau.",
    departmentCode: "market_regulation",
    duePeriodWorkingDays: 10,
    appliesAtStage: "registering",
  },
  {
    titleZh: "外资研发中心认定申报",
    titleEn: "Foreign R&D centre recognition application",
    descriptionZh: "向市商务局申报，会同市科委、中关村管委会认定。",
    descriptionEn: "Filed with the commerce bureau and recognised together with the S&T Commission (ZGC Administration).",
    departmentCode: "commerce",
    duePeriodWorkingDays: 40,
    appliesAtStage: "landed",
  },
  {
    titleZh: "外资研发中心激励计划（免申即享）",
    titleEn: "Foreign R&D incentive plan (no application needed)",
    descriptionZh: "按上年度研发投入给予支持，免申即享；与市科委、市商务局核对研发投入数据。",
    descriptionEn:
      "Support based on the prior year's R&D spend, granted without an application; check the R&D spend figures with the S&T Commission and the commerce bureau.",
    departmentCode: "st_commission",
    duePeriodWorkingDays: 20,
    appliesAtStage: "recognised",
  },
  {
    titleZh: "首次落地或提级奖励资金",
    titleEn: "First-landing or upgrade funding",
    descriptionZh: "知名企业首个实体研发中心最高5000万元，提级最高2000万元；市商务局会同市科委。",
    descriptionEn:
      "Up to CNY 50M for a renowned firm's first physical centre, up to CNY 20M for an upgrade; commerce bureau with the S&T Commission.",
    departmentCode: "commerce",
    duePeriodWorkingDays: 30,
    appliesAtStage: "recognised",
  },
  {
    titleZh: "重大项目专班（一项目一议）",
    titleEn: "Major-project task force entry (one project, one decision)",
    descriptionZh: "投资促进中心会同市发展改革委，重大项目一项目一议。",
    descriptionEn:
      "Investment promotion centre with the development and reform commission; major projects are decided case by case.",
    departmentCode: "investment_promotion",
    duePeriodWorkingDays: 15,
    appliesAtStage: "in_contact",
  },
  {
    titleZh: "外籍人员工作许可",
    titleEn: "Work permits for foreign staff",
    descriptionZh: "市科委（外国专家管理）办理外国人来华工作许可。",
    descriptionEn: "Work permits for foreign staff from the S&T Commission (foreign experts).",
    departmentCode: "st_commission",
    duePeriodWorkingDays: 10,
    appliesAtStage: "landed",
  },
  {
    titleZh: "居留许可及签证",
    titleEn: "Residence permits and visas",
    descriptionZh: "公安局出入境管理局办理外籍人员居留许可和签证。",
    descriptionEn: "Residence permits and visas from the public security bureau's exit-entry administration.",
    departmentCode: "public_security",
    duePeriodWorkingDays: 10,
    appliesAtStage: "landed",
  },
  {
    titleZh: "高端人才永久居留推荐",
    titleEn: "Permanent residence recommendation for top talent",
    descriptionZh: "市商务局推荐，公安出入境管理部门审批。",
    descriptionEn: "Recommended by the commerce bureau, decided by public security (exit-entry).",
    departmentCode: "commerce",
    duePeriodWorkingDays: 30,
    appliesAtStage: "recognised",
  },
  {
    titleZh: "人才住房",
    titleEn: "Talent housing",
    descriptionZh: "住房城乡建设委及所在区人才住房支持。",
    descriptionEn: "Talent housing through the housing commission and the centre's district.",
    departmentCode: "housing",
    duePeriodWorkingDays: 30,
    appliesAtStage: "landed",
  },
  {
    titleZh: "科技开发用品进口免税",
    titleEn: "Import tax exemption for R&D goods",
    descriptionZh: "北京海关会同市商务局办理科技开发用品进口税收优惠。",
    descriptionEn: "Import tax exemption for R&D goods, Beijing Customs with the commerce bureau.",
    departmentCode: "customs",
    duePeriodWorkingDays: 20,
    appliesAtStage: "landed",
  },
  {
    titleZh: "采购国产设备增值税退税",
    titleEn: "VAT refund on domestic R&D equipment",
    descriptionZh: "税务局会同市商务局；对照财政部、商务部、税务总局2023年第41号公告的条件。",
    descriptionEn: "Tax bureau with the commerce bureau; check the conditions of MoF/MOFCOM/STA notice 2023 No. 41.",
    departmentCode: "tax",
    duePeriodWorkingDays: 20,
    appliesAtStage: "recognised",
  },
  {
    titleZh: "研发费用加计扣除",
    titleEn: "R&D expense super-deduction",
    descriptionZh: "税务局指导研发费用加计扣除的归集和申报。",
    descriptionEn: "Tax bureau guidance on collecting and declaring R&D expenses for the super-deduction.",
    departmentCode: "tax",
    duePeriodWorkingDays: 20,
    appliesAtStage: "landed",
  },
  {
    titleZh: "生物样本生物安全与检疫",
    titleEn: "Biosafety and quarantine of biological samples",
    descriptionZh: "北京海关办理研发用生物样本的检疫审批和生物安全管理。",
    descriptionEn: "Beijing Customs: quarantine approval and biosafety of biological samples for R&D.",
    departmentCode: "customs",
    duePeriodWorkingDays: 15,
    appliesAtStage: "landed",
  },
  {
    titleZh: "暂时进境研发设备复运出境期限",
    titleEn: "Re-export period for temporarily imported R&D equipment",
    descriptionZh: "北京海关办理暂时进境研发设备的期限和延期。",
    descriptionEn: "Beijing Customs: the re-export period of temporarily imported R&D equipment and its extension.",
    departmentCode: "customs",
    duePeriodWorkingDays: 15,
    appliesAtStage: "landed",
  },
  {
    titleZh: "研发数据跨境（安全评估、标准合同）",
    titleEn: "Cross-border R&D data (security assessment, standard contract)",
    descriptionZh: "网信办会同市商务局指导数据出境安全评估、个人信息出境标准合同备案。",
    descriptionEn:
      "Cyberspace administration with the commerce bureau: data-export security assessment and standard-contract filing.",
    departmentCode: "cyberspace",
    duePeriodWorkingDays: 20,
    appliesAtStage: "landed",
  },
  {
    titleZh: "专利快速预审及PCT申请支持",
    titleEn: "Patent fast pre-examination and PCT filing support",
    descriptionZh: "市知识产权局提供专利快速预审和PCT国际申请支持。",
    descriptionEn: "The IP office's fast pre-examination of patents and support for PCT filings.",
    departmentCode: "ip_office",
    duePeriodWorkingDays: 15,
    appliesAtStage: "landed",
  },
  {
    titleZh: "大型科研仪器设施共享",
    titleEn: "Access to large research instruments and facilities",
    descriptionZh: "市科委协调首都科技条件平台的大型科研仪器和设施。",
    descriptionEn: "The S&T Commission arranges access to large research instruments and facilities.",
    departmentCode: "st_commission",
    duePeriodWorkingDays: 15,
    appliesAtStage: "landed",
  },
  {
    titleZh: "办公与实验空间",
    titleEn: "Office and lab space",
    descriptionZh: "所在区政府、园区对接办公和实验用房。",
    descriptionEn: "The district government and park match the centre with office and lab space.",
    departmentCode: "district_government",
    duePeriodWorkingDays: 10,
    appliesAtStage: null,
  },
  {
    titleZh: "银行开户、外汇及跨境支付",
    titleEn: "Banking, forex and cross-border payments",
    descriptionZh: "人民银行北京分行、国家外汇管理局北京分局指导开户、外汇登记和跨境支付。",
    descriptionEn: "PBOC Beijing branch and SAFE: bank accounts, forex registration and cross-border payments.",
    departmentCode: "pboc_safe",
    duePeriodWorkingDays: 10,
    appliesAtStage: "registering",
  },
  {
    titleZh: "高新技术企业认定辅导",
    titleEn: "High-tech enterprise recognition guidance",
    descriptionZh: "市科委辅导高新技术企业认定申报。",
    descriptionEn: "S&T Commission guidance on applying for high-tech enterprise recognition.",
    departmentCode: "st_commission",
    duePeriodWorkingDays: 30,
    appliesAtStage: "recognised",
  },
];

/**
 * Inserts the seed templates, in order, skipping any whose Chinese or English title a template
 * already has: running it twice (or after the demo seed) changes nothing. Returns how many it added.
 */
export function seedChecklistTemplates(db: Db): number {
  return db.transaction((tx) => {
    let added = 0;
    CHECKLIST_TEMPLATE_SEEDS.forEach((seed, index) => {
      const existing = tx
        .select({ id: checklistTemplates.id })
        .from(checklistTemplates)
        .where(or(eq(checklistTemplates.titleEn, seed.titleEn), eq(checklistTemplates.titleZh, seed.titleZh)))
        .get();
      if (existing) return;
      tx.insert(checklistTemplates)
        .values({ ...seed, appliesToType: seed.appliesToType ?? null, sortOrder: (index + 1) * 10, active: true })
        .run();
      added++;
    });
    return added;
  });
}
