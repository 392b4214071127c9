import { eq } from "drizzle-orm";
import type { Db } from "./client.server";
import { answerArticles, checklistTemplates } from "./schema";
import { createArticle } from "../app/models/answers.server";
import type { ArticleInput } from "../app/schemas/answer";
import type { Source } from "../app/domain/answers";
import { todayInBeijing } from "../app/utils/format";

/**
 * Demo articles of the policy library (issue 15): one per service-checklist template, written
 * from the domain notes (/work/shared/domain.md: what the item is about and which department
 * owns it). Every one says it is demo text to be replaced by the bureau's own answer; none
 * states a legal rule as real. Sources are given only where the notes name the document.
 */

const DEMO_ZH = "> 【演示文本】本条为系统演示内容，须由主管部门替换为正式答复，不构成政策解释。";
const DEMO_EN = "> **Demo text**: to be replaced by the bureau's own answer. It is not an interpretation of policy.";

type Seed = {
  template: string;
  category: string;
  departments: string[];
  titleZh: string;
  titleEn: string;
  zh: string[];
  en: string[];
  sources?: Source[];
  /** Default: published. */
  status?: "draft" | "published";
  /** Days from the seeding day to the review-by date (default REVIEW_IN_DAYS), so the demo keeps its shape whenever it is seeded. */
  reviewInDays?: number;
};

const ACTION_PLAN: Source = {
  name: "北京市科技国际化行动方案（2024-2027年）/ Beijing action plan for S&T internationalisation (2024-2027)",
  number: "",
  issuer: "",
  issuedOn: "",
  url: "",
};

const SEEDS: Seed[] = [
  {
    template: "Foreign-investment information report and registration",
    category: "other",
    departments: ["market_regulation", "commerce"],
    titleZh: "外资研发中心如何办理登记注册和外商投资信息报告？",
    titleEn: "How does a foreign R&D centre register and file its foreign-investment information report?",
    zh: [
      "在市场监管部门办理登记注册。",
      "外商投资信息报告报送商务部门。",
      "登记后取得的统一社会信用代码为 18 位，最后一位为校验码。",
    ],
    en: [
      "Register the company with the market regulation bureau.",
      "The foreign-investment information report goes to the commerce bureau.",
      "The unified social credit code issued at registration has 18 characters; the last one is a check character.",
    ],
    sources: [{ name: "GB 32100-2015", number: "GB 32100-2015", issuer: "", issuedOn: "", url: "" }],
  },
  {
    template: "Foreign R&D centre recognition application",
    category: "recognition_funding",
    departments: ["commerce", "st_commission"],
    titleZh: "如何申报外资研发中心认定？",
    titleEn: "How do we apply for recognition as a foreign R&D centre?",
    zh: [
      "向市商务局申报，会同市科委、中关村管委会认定。",
      "认定按批次进行，每批有编号和认定日期。",
      "类型分为研发创新中心和开放式创新平台。",
    ],
    en: [
      "Apply to the commerce bureau; recognition is decided together with the S&T Commission (ZGC Administration).",
      "Centres are recognised in numbered batches, each with a date.",
      "There are two types: R&D innovation centre and open innovation platform.",
    ],
  },
  {
    template: "Foreign R&D incentive plan (no application needed)",
    category: "recognition_funding",
    departments: ["st_commission", "commerce"],
    titleZh: "外资研发中心激励计划需要申请吗？",
    titleEn: "Do we need to apply for the foreign R&D incentive plan?",
    zh: ["激励计划按上年度研发投入给予支持，免申即享。", "请与服务管家核对研发投入数据，确保与市科委、市商务局掌握的数据一致。"],
    en: [
      "Support is based on the prior year's R&D spend and granted without an application (免申即享).",
      "Check your R&D spend figures with your steward so they match what the S&T Commission and the commerce bureau hold.",
    ],
    sources: [ACTION_PLAN],
  },
  {
    template: "First-landing or upgrade funding",
    category: "recognition_funding",
    departments: ["commerce", "st_commission"],
    titleZh: "首次落地和提级有哪些资金支持？",
    titleEn: "What funding is there for a first landing or an upgrade?",
    zh: [
      "知名企业在京设立首个实体研发中心，最高支持 5000 万元。",
      "研发中心由区域级提升为大区级或全球级，最高支持 2000 万元。",
      "提级以母公司授权文件为准，请提前告知服务管家。",
    ],
    en: [
      "A renowned firm's first physical R&D centre in Beijing: up to CNY 50M.",
      "An upgrade from regional to greater-regional or global level: up to CNY 20M.",
      "An upgrade rests on the parent company's document; tell your steward early.",
    ],
  },
  {
    template: "Major-project task force entry (one project, one decision)",
    category: "task_force",
    departments: ["investment_promotion", "development_reform"],
    titleZh: "重大项目如何进入专班（一项目一议）？",
    titleEn: "How does a major project get a task force (one project, one decision)?",
    zh: ["由投资促进中心、市发展改革委组织。", "服务管家可将诉求标记为需专班协调。"],
    en: [
      "The investment promotion centre and the development and reform commission run it.",
      "Your steward can flag a request for the task force.",
    ],
  },
  {
    template: "Work permits for foreign staff",
    category: "talent_entry_exit",
    departments: ["st_commission"],
    titleZh: "外籍员工如何办理工作许可？",
    titleEn: "How do foreign staff get a work permit?",
    zh: ["外籍人员工作许可由市科委（外国专家管理）办理。", "取得工作许可后，再办理居留许可。", "请尽早告知服务管家入职时间。"],
    en: [
      "Work permits for foreign staff are handled by the S&T Commission (foreign experts).",
      "The residence permit follows the work permit.",
      "Tell your steward the start date as early as you can.",
    ],
  },
  {
    template: "Residence permits and visas",
    category: "talent_entry_exit",
    departments: ["public_security"],
    titleZh: "外籍员工的居留许可和签证在哪里办理？",
    titleEn: "Where do foreign staff get residence permits and visas?",
    zh: ["由公安局出入境管理部门办理。", "一般在取得工作许可后申请居留许可。"],
    en: [
      "The public security bureau's exit-entry administration handles them.",
      "The residence permit usually follows the work permit.",
    ],
  },
  {
    template: "Permanent residence recommendation for top talent",
    category: "talent_entry_exit",
    departments: ["commerce", "public_security"],
    titleZh: "高端人才如何获得永久居留推荐？",
    titleEn: "How can top talent be recommended for permanent residence?",
    zh: ["由市商务局推荐，公安部门办理。", "请与服务管家确认推荐名额和所需材料。"],
    en: [
      "The commerce bureau recommends; the public security bureau decides.",
      "Check the places and papers needed with your steward.",
    ],
  },
  {
    template: "Talent housing",
    category: "talent_entry_exit",
    departments: ["housing", "district_government"],
    titleZh: "研发人员可以申请人才住房吗？",
    titleEn: "Can our researchers apply for talent housing?",
    zh: ["由住房城乡建设委和所在区办理。", "房源和条件因区而异，请咨询服务管家。"],
    en: ["The housing commission and the district handle it.", "Homes and conditions differ by district: ask your steward."],
    // Past its review date: shown as overdue, never suggested.
    reviewInDays: -30,
  },
  {
    template: "Import tax exemption for R&D goods",
    category: "customs_samples",
    departments: ["customs", "commerce"],
    titleZh: "进口科技开发用品可以免税吗？",
    titleEn: "Are imported R&D goods exempt from import tax?",
    zh: ["由北京海关会同市商务局办理。", "请在进口前与服务管家确认清单和手续。"],
    en: [
      "Beijing Customs handles it with the commerce bureau.",
      "Check the list of goods and the steps with your steward before importing.",
    ],
  },
  {
    template: "VAT refund on domestic R&D equipment",
    category: "tax",
    departments: ["tax", "commerce"],
    titleZh: "采购国产研发设备能退增值税吗？",
    titleEn: "Can we get a VAT refund on domestic R&D equipment?",
    zh: [
      "由税务局会同市商务局办理。",
      "全国层面的门槛（供参考）：投资不低于 800 万美元、全职研发人员不少于 80 人、设备原值不低于 2000 万元。",
      "门槛以正式文件为准，请与服务管家核对。",
    ],
    en: [
      "The tax bureau handles it with the commerce bureau.",
      "The national tier, for reference: at least USD 8M investment, 80 full-time R&D staff and CNY 20M of equipment.",
      "The document's own terms apply: check them with your steward.",
    ],
    sources: [
      {
        name: "财政部 商务部 税务总局公告 / MoF, MOFCOM and STA notice",
        number: "2023年第41号 / 2023 No. 41",
        issuer: "财政部、商务部、税务总局 / MoF, MOFCOM, STA",
        issuedOn: "",
        url: "",
      },
    ],
    // Due for review soon (within REVIEW_DUE_SOON_DAYS).
    reviewInDays: 20,
  },
  {
    template: "R&D expense super-deduction",
    category: "tax",
    departments: ["tax"],
    titleZh: "研发费用加计扣除如何申报？",
    titleEn: "How do we claim the R&D expense super-deduction?",
    zh: ["由税务局办理。", "申报时间和口径请向服务管家或主管税务机关确认。"],
    en: ["The tax bureau handles it.", "Confirm the filing dates and what counts with your steward or your tax office."],
  },
  {
    template: "Biosafety and quarantine of biological samples",
    category: "customs_samples",
    departments: ["customs"],
    titleZh: "进口生物样本需要哪些检疫手续？",
    titleEn: "What quarantine steps apply to imported biological samples?",
    zh: ["由北京海关办理生物安全和检疫。", "请在样本到港前联系服务管家，预留办理时间。"],
    en: [
      "Beijing Customs handles biosafety and quarantine.",
      "Contact your steward before the samples arrive, to leave time for the steps.",
    ],
  },
  {
    template: "Re-export period for temporarily imported R&D equipment",
    category: "customs_samples",
    departments: ["customs"],
    titleZh: "暂时进境的研发设备复运出境期限可以延长吗？",
    titleEn: "Can the re-export period of temporarily imported R&D equipment be extended?",
    zh: ["由北京海关办理。", "请在期限届满前联系服务管家。"],
    en: ["Beijing Customs handles it.", "Contact your steward before the period ends."],
  },
  {
    template: "Cross-border R&D data (security assessment, standard contract)",
    category: "cross_border_data",
    departments: ["cyberspace", "commerce"],
    titleZh: "研发数据出境需要安全评估还是标准合同？",
    titleEn: "Does cross-border R&D data need a security assessment or a standard contract?",
    zh: ["由网信办会同市商务局办理。", "适用哪种路径取决于数据情况，请与服务管家预约咨询。"],
    en: [
      "The cyberspace administration handles it with the commerce bureau.",
      "Which route applies depends on the data: book a consultation through your steward.",
    ],
  },
  {
    template: "Patent fast pre-examination and PCT filing support",
    category: "ip",
    departments: ["ip_office"],
    titleZh: "如何申请专利快速预审和 PCT 申请支持？",
    titleEn: "How do we get patent fast pre-examination and PCT filing support?",
    zh: ["由市知识产权局办理。", "服务管家可协助对接。"],
    en: ["The IP office handles it.", "Your steward can put you in touch."],
  },
  {
    template: "Access to large research instruments and facilities",
    category: "research_facilities",
    departments: ["st_commission"],
    titleZh: "如何使用大型科研仪器设施？",
    titleEn: "How can we use large research instruments and facilities?",
    zh: ["由市科委协调共享。", "请告知服务管家所需仪器和时间。"],
    en: ["The S&T Commission coordinates shared use.", "Tell your steward which instruments you need and when."],
  },
  {
    template: "Office and lab space",
    category: "space",
    departments: ["district_government"],
    titleZh: "在哪里找办公和实验空间？",
    titleEn: "Where can we find office and lab space?",
    zh: ["由所在区政府和园区对接。", "请告知服务管家面积、用途和时间要求。"],
    en: ["The district government and the park help.", "Tell your steward the area, use and timing you need."],
  },
  {
    template: "Banking, forex and cross-border payments",
    category: "finance_forex",
    departments: ["pboc_safe"],
    titleZh: "银行开户、外汇和跨境支付找谁？",
    titleEn: "Who helps with banking, forex and cross-border payments?",
    zh: ["由人民银行北京分行和外汇局指导。", "服务管家可协调有关银行。"],
    en: ["The PBOC Beijing branch and SAFE give guidance.", "Your steward can bring in the banks concerned."],
    // A draft: stewards see it, enterprises never do.
    status: "draft",
  },
  {
    template: "High-tech enterprise recognition guidance",
    category: "recognition_funding",
    departments: ["st_commission"],
    titleZh: "如何获得高新技术企业认定辅导？",
    titleEn: "How do we get guidance on high-tech enterprise recognition?",
    zh: ["由市科委提供辅导。", "服务管家可安排辅导时间。"],
    en: ["The S&T Commission provides guidance.", "Your steward can arrange a session."],
  },
];

const body = (banner: string, points: string[]) => [banner, "", ...points.map((p) => `- ${p}`)].join("\n");

/** The demo articles are reviewed about seven months after they are seeded. */
const REVIEW_IN_DAYS = 210;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Inserts the demo articles (as the given steward), linked to their templates; skips a title already there. */
export function seedAnswerArticles(db: Db, authorId: string, today = todayInBeijing()) {
  const actor = { id: authorId, role: "steward" as const };
  db.transaction((tx) => {
    for (const seed of SEEDS) {
      if (tx.select({ id: answerArticles.id }).from(answerArticles).where(eq(answerArticles.titleEn, seed.titleEn)).get())
        continue;
      const template = tx
        .select({ id: checklistTemplates.id })
        .from(checklistTemplates)
        .where(eq(checklistTemplates.titleEn, seed.template))
        .get();
      const input: ArticleInput = {
        snapshot: {
          titleZh: seed.titleZh,
          titleEn: seed.titleEn,
          bodyZh: body(DEMO_ZH, seed.zh),
          bodyEn: body(DEMO_EN, seed.en),
          categoryCode: seed.category,
          departmentCodes: seed.departments,
          templateIds: template ? [template.id] : [],
          sources: seed.sources ?? [],
          validFrom: null,
          reviewBy: addDays(today, seed.reviewInDays ?? REVIEW_IN_DAYS),
        },
        note: "演示数据 / demo data",
      };
      const result = createArticle(actor, input, { tx, importKey: `demo-${SEEDS.indexOf(seed) + 1}` });
      if (!result.ok) throw new Error(`demo article "${seed.titleEn}": ${JSON.stringify(result.fieldErrors)}`);
      if ((seed.status ?? "published") === "published")
        tx.update(answerArticles)
          .set({ status: "published", publishedAt: new Date("2026-09-01T02:00:00Z") })
          .where(eq(answerArticles.id, result.id))
          .run();
    }
  });
}
