import { eq } from "drizzle-orm";
import { hashPassword } from "../app/utils/password.server";
import type { Db } from "./client.server";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD, DEV_SESSION_SECRET } from "./demo-accounts";
import { sealWith } from "./secret-box";
import { REFERENCE_DATA } from "./reference-data";
import { seedChecklistTemplates } from "./seed-checklists";
import { applyTemplates } from "../app/models/checklist.server";
import { dueDates, formatReceiptNo, storedDeadlines } from "../app/domain/request-clock";
import { createWorkingCalendar } from "../app/domain/working-days";
import {
  centreEvents,
  centres,
  checklistItems,
  followUps,
  interactions,
  receiptCounters,
  requestEvents,
  requestMessages,
  satisfaction,
  supportRequests,
} from "./schema";
import { insertCentre, insertUser, makeUscc, seedReferenceData, type SeedEvent } from "./factories";

/**
 * Recognition batches of the demo seed. Cumulative counts match the public figures in the
 * domain notes: 29 after batch 1 (2022), 73 after batch 3 (Jul 2023), 107 after batch 4
 * (Jan 2024), 149 after batch 5 (Jul 2024), 221 by Jun 2025.
 */
export const DEMO_BATCHES = [
  { batch: 1, on: "2022-08-18", count: 29 },
  { batch: 2, on: "2023-01-12", count: 20 },
  { batch: 3, on: "2023-07-20", count: 24 },
  { batch: 4, on: "2024-01-18", count: 34 },
  { batch: 5, on: "2024-07-25", count: 42 },
  { batch: 6, on: "2025-01-16", count: 36 },
  { batch: 7, on: "2025-06-19", count: 36 },
  { batch: 8, on: "2026-01-15", count: 28 },
] as const;
/** Withdrawals after Jun 2025, so the public counts above stay exact. */
export const DEMO_WITHDRAWALS_ON = "2025-11-20";

const STEMS: [string, string, string][] = [
  ["Helix Biotech", "海力克斯生物", "US"],
  ["Novaris Pharma", "诺华瑞医药", "CH"],
  ["Siemtron", "西门创", "DE"],
  ["Kaizen Robotics", "改善机器人", "JP"],
  ["Lumen Semiconductor", "流明半导体", "US"],
  ["Aurelia Materials", "奥瑞利亚材料", "FR"],
  ["Nordvik Energy", "诺德维克能源", "SE"],
  ["Hanbit Electronics", "韩光电子", "KR"],
  ["Brightwell Instruments", "明威仪器", "GB"],
  ["Orion Aerospace", "猎户航天", "FR"],
  ["Vantage AI", "优势智能", "US"],
  ["Rhine Chemicals", "莱茵化学", "DE"],
  ["Danmark Diagnostics", "丹麦诊断", "DK"],
  ["Tulip Medical", "郁金香医疗", "NL"],
  ["Merlion Data", "鱼尾狮数据", "SG"],
  ["Cedar Genomics", "雪松基因", "IL"],
  ["Maple Quantum", "枫叶量子", "CA"],
  ["Kiso Motors", "木曾汽车", "JP"],
  ["Alpina Devices", "阿尔派器械", "CH"],
  ["Sakura Cell Therapy", "樱花细胞", "JP"],
];
const INDUSTRY_POOL = [
  "health_pharma",
  "health_pharma",
  "health_pharma",
  "ai",
  "next_gen_it",
  "integrated_circuits",
  "connected_vehicles",
  "new_materials",
  "clean_energy",
  "high_end_instruments",
  "aerospace",
  "intelligent_manufacturing",
  "future_industries",
  "health_pharma",
  "ai",
];
const DISTRICTS: [string, string | null][] = [
  ["haidian", "zgc_haidian"],
  ["chaoyang", "zgc_chaoyang"],
  ["etown", "zgc_daxing_yizhuang"],
  ["changping", "zgc_changping"],
  ["dongcheng", "zgc_dongcheng"],
  ["shunyi", "zgc_shunyi"],
  ["haidian", "zgc_haidian"],
  ["chaoyang", null],
  ["tongzhou", "zgc_tongzhou"],
];
const PIPELINE_STAGES = ["lead", "in_contact", "registering", "landed", "recognition_applied"] as const;
const STAGE_ORDER = ["lead", "in_contact", "registering", "landed", "recognition_applied", "recognised"] as const;

/** A small deterministic generator, so the demo is the same on every machine. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function stageHistory(upTo: (typeof STAGE_ORDER)[number], endOn: string, rand: () => number): SeedEvent[] {
  const steps = STAGE_ORDER.slice(0, STAGE_ORDER.indexOf(upTo) + 1);
  let on = addDays(endOn, -(steps.length - 1) * 70 - Math.floor(rand() * 40));
  return steps.map((stage, i) => {
    if (i > 0) on = i === steps.length - 1 ? endOn : addDays(on, 40 + Math.floor(rand() * 50));
    return { kind: "stage_changed", effectiveOn: on, toStage: stage } as SeedEvent;
  });
}

/** Checklists, visits and commitments on the demo steward's centres, so /work and the portal have something to show. */
function seedStewardWork(db: Db, centreIds: string[], stewardId: string, rand: () => number) {
  db.transaction((tx) => {
    centreIds.forEach((id, index) => {
      applyTemplates(tx, { id }, { actorId: stewardId, today: addDays("2026-11-16", -Math.floor(rand() * 14)) });
      const items = tx.select({ id: checklistItems.id }).from(checklistItems).where(eq(checklistItems.centreId, id)).all();
      items.forEach((item, i) => {
        const r = rand();
        const status =
          i < items.length / 2 ? "done" : r < 0.3 ? "in_progress" : r < 0.45 ? "waiting_on_department" : "not_started";
        tx.update(checklistItems)
          .set({ status, completedAt: status === "done" ? new Date("2026-10-20T02:00:00Z") : null })
          .where(eq(checklistItems.id, item.id))
          .run();
      });
      // Every other centre was visited recently; the rest are due for contact.
      const daysAgo = index % 2 === 0 ? 10 + Math.floor(rand() * 40) : 100 + Math.floor(rand() * 80);
      const interaction = tx
        .insert(interactions)
        .values({
          centreId: id,
          kind: index % 3 === 0 ? "visit" : "call",
          occurredAt: new Date(`${addDays("2026-11-20", -daysAgo)}T02:30:00Z`),
          summary:
            index % 3 === 0
              ? "走访了解研发团队扩充和人才签证需求 / Visit: R&D team expansion and work permits"
              : "电话沟通认定申报进度 / Call: recognition application progress",
          actorId: stewardId,
        })
        .returning({ id: interactions.id })
        .get();
      if (index < 6) {
        tx.insert(followUps)
          .values({
            centreId: id,
            interactionId: interaction.id,
            description:
              index === 0
                ? "协调出入境管理局办理外籍专家工作许可 / Arrange work permits with the exit-entry office"
                : "提供研发费用加计扣除政策说明 / Send the R&D super-deduction guidance",
            ownerId: stewardId,
            dueOn: addDays("2026-11-20", index * 3 - 6),
            visibleToEnterprise: index === 0,
          })
          .run();
      }
    });
  });
}

const REQUEST_SAMPLES: [string, string, string][] = [
  [
    "talent_entry_exit",
    "外籍研发人员工作许可办理 / Work permit for a foreign researcher",
    "新聘首席科学家需办理工作许可和居留许可。/ Our new chief scientist needs a work and residence permit.",
  ],
  [
    "customs_samples",
    "生物样本进口通关 / Customs clearance of biological samples",
    "下月将进口细胞系样本，需了解检疫要求。/ Cell-line samples arrive next month; what quarantine rules apply?",
  ],
  [
    "tax",
    "研发费用加计扣除咨询 / R&D super-deduction",
    "请说明 2026 年度加计扣除的申报时间。/ When do we file the 2026 super-deduction?",
  ],
  [
    "cross_border_data",
    "研发数据出境标准合同备案 / Cross-border data standard contract",
    "与总部共享临床前数据，需办理标准合同备案。/ We share pre-clinical data with headquarters.",
  ],
  ["space", "实验室扩租 / More lab space", "希望在园区内扩租 800 平方米实验室。/ We need 800 m² more lab space in the park."],
  [
    "recognition_funding",
    "提级资金申报 / Upgrade funding application",
    "我中心已获全球级授权，申请提级支持。/ We were made a global centre and apply for upgrade support.",
  ],
];

/** Support requests over the last 18 months in every status, so the queue and the service figures have data. */
function seedRequests(db: Db, centreIds: string[], stewardId: string, enterpriseCentreId: string) {
  const calendar = createWorkingCalendar();
  const counters = new Map<number, number>();
  db.transaction((tx) => {
    for (let i = 0; i < 72; i++) {
      const centreId = i % 6 === 0 ? enterpriseCentreId : centreIds[(i * 7) % centreIds.length]!;
      const [category, title, description] = REQUEST_SAMPLES[i % REQUEST_SAMPLES.length]!;
      const submittedOn = addDays("2026-11-24", -i * 7 - (i % 3));
      const year = Number(submittedOn.slice(0, 4));
      const seq = (counters.get(year) ?? 0) + 1;
      counters.set(year, seq);
      const due = dueDates(calendar, submittedOn, { accept: 1, firstContact: 2, answer: 5 }, [], submittedOn);
      const at = (day: string, hour = 3) => new Date(`${day}T0${hour}:00:00Z`);
      const acceptedOn = calendar.addWorkingDays(submittedOn, i % 9 === 4 ? 3 : 1).date;
      const answeredOn = calendar.addWorkingDays(submittedOn, i % 5 === 2 ? 8 : 4).date;
      const stage =
        i < 3 ? "submitted" : i < 5 ? "accepted" : i === 5 ? "referred" : i < 8 ? "answered" : i === 8 ? "rejected" : "closed";
      const row = tx
        .insert(supportRequests)
        .values({
          receiptNo: formatReceiptNo(year, seq),
          centreId,
          categoryCode: category,
          title,
          description,
          urgency: i % 4 === 0 ? "urgent" : "normal",
          language: i % 2 ? "en" : "zh-CN",
          status: stage,
          assignedStewardId: stewardId,
          departmentCode: stage === "referred" ? "public_security" : null,
          submittedOn,
          ...storedDeadlines(stage, due),
          acceptedAt: stage === "submitted" ? null : at(acceptedOn),
          firstContactAt: stage === "submitted" ? null : at(acceptedOn),
          answeredAt: ["answered", "closed"].includes(stage) ? at(answeredOn) : null,
          closedAt: stage === "closed" ? at(answeredOn, 8) : null,
          createdAt: at(submittedOn, 1),
        })
        .returning({ id: supportRequests.id })
        .get();
      const path: [string | null, string, string, string][] = [[null, "submitted", "submit", submittedOn]];
      if (stage !== "submitted")
        path.push([
          "submitted",
          stage === "rejected" ? "rejected" : "accepted",
          stage === "rejected" ? "reject" : "accept",
          acceptedOn,
        ]);
      if (stage === "referred") path.push(["accepted", "referred", "refer", acceptedOn]);
      if (["answered", "closed"].includes(stage)) path.push(["accepted", "answered", "answer", answeredOn]);
      if (stage === "closed") path.push(["answered", "closed", "close", answeredOn]);
      path.forEach(([from, to, action, on], k) =>
        tx
          .insert(requestEvents)
          .values({
            requestId: row.id,
            fromStatus: from as never,
            toStatus: to as never,
            action,
            actorId: k === 0 ? null : stewardId,
            at: at(on, 2 + k),
            onDate: on,
          })
          .run(),
      );
      if (["answered", "closed"].includes(stage))
        tx.insert(requestMessages)
          .values({
            requestId: row.id,
            authorId: stewardId,
            visibility: "public",
            body: "已协调相关部门办理完毕。/ The department has handled it.",
            createdAt: at(answeredOn),
          })
          .run();
      if (stage === "closed" && i % 4 !== 3) {
        const rating = i % 11 === 0 ? "dissatisfied" : i % 3 === 0 ? "basically_satisfied" : "satisfied";
        tx.insert(satisfaction)
          .values({ requestId: row.id, rating, comment: "", at: at(answeredOn, 9) })
          .run();
      }
    }
    for (const [year, last] of counters) tx.insert(receiptCounters).values({ year, last }).run();
  });
}

export async function seedDemo(db: Db) {
  seedReferenceData(db);
  seedChecklistTemplates(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Admins must use two-factor sign-in: the demo admin is enrolled with a key the README lists.
  const adminId = insertUser(db, {
    email: DEMO_ACCOUNTS.admin,
    name: "陈静 Chen Jing",
    role: "admin",
    passwordHash,
    totpSecret: sealWith(process.env.SESSION_SECRET || DEV_SESSION_SECRET, DEMO_ADMIN_TOTP_SECRET),
    totpEnabledAt: new Date(),
  });
  const stewardId = insertUser(db, { email: DEMO_ACCOUNTS.steward, name: "王芳 Wang Fang", role: "steward", passwordHash });
  const steward2Id = insertUser(db, { email: "steward2@demo.local", name: "李明 Li Ming", role: "steward", passwordHash });
  const districtStewardId = insertUser(db, {
    email: "district.steward@demo.local",
    name: "张伟 Zhang Wei",
    role: "steward",
    passwordHash,
  });
  insertUser(db, { email: DEMO_ACCOUNTS.official, name: "刘洋 Liu Yang", role: "official", passwordHash });

  const rand = prng(20240712);
  let n = 0;
  let firstCentreId = "";
  const makeCentre = (events: SeedEvent[], startLevel: "regional" | "greater_regional" | "global") => {
    const [stemEn, stemZh, country] = STEMS[n % STEMS.length]!;
    const series = Math.floor(n / STEMS.length);
    const suffixEn =
      series === 0
        ? ""
        : ` ${["II", "Labs", "Health", "Digital", "Systems", "Innovation", "Research", "Tech", "Bio", "Works", "Edge", "Next", "Plus", "Group"][series - 1] ?? series}`;
    const suffixZh = series === 0 ? "" : `第${series + 1}`;
    const [district, park] = DISTRICTS[n % DISTRICTS.length]!;
    const i1 = INDUSTRY_POOL[Math.floor(rand() * INDUSTRY_POOL.length)]!;
    const i2 = INDUSTRY_POOL[Math.floor(rand() * INDUSTRY_POOL.length)]!;
    const lead = n % 3 === 0 ? stewardId : steward2Id;
    const id = insertCentre(db, {
      nameEn: `${stemEn}${suffixEn} Beijing R&D Centre`,
      nameZh: `${stemZh}${suffixZh}（北京）研发中心`,
      parentCompany: `${stemEn}${suffixEn}`,
      countryCode: country,
      uscc: makeUscc(1000 + n * 7919),
      districtCode: district,
      parkCode: park,
      type: n % 5 === 4 ? "open_innovation_platform" : "rd_innovation_centre",
      level: startLevel,
      industries: rand() < 0.3 && i1 !== i2 ? [i1, i2] : [i1],
      rdHeadcount: 20 + Math.floor(rand() * 400),
      rdSpendCny: (5 + Math.floor(rand() * 200)) * 1_000_000,
      address: `北京市${REFERENCE_DATA.district.find((d) => d.code === district)!.zh}示范路${n + 1}号`,
      website: `https://www.${stemEn.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      leadStewardId: lead,
      districtStewardId: n % 4 === 0 ? districtStewardId : null,
      contacts: [
        {
          name: `Contact ${n + 1}`,
          role: "R&D Director",
          email: `rd${n + 1}@centre.example`,
          phone: `+86 10 8000 ${String(n).padStart(4, "0")}`,
          language: n % 2 ? "en" : "zh-CN",
        },
      ],
      events,
      actorId: lead,
    });
    n += 1;
    return id;
  };

  const recognisedIds: string[] = [];
  for (const { batch, on, count } of DEMO_BATCHES) {
    for (let i = 0; i < count; i++) {
      const r = rand();
      const level = r < 0.7 ? "regional" : r < 0.9 ? "greater_regional" : "global";
      const events: SeedEvent[] = [
        ...stageHistory("recognised", on, rand),
        { kind: "recognised", effectiveOn: on, batch, level },
      ];
      // About one in eight upgrades a level, a year or so after recognition (before today).
      const upgradeOn = addDays(on, 300 + Math.floor(rand() * 300));
      if (level !== "global" && rand() < 0.12 && upgradeOn < "2026-11-01") {
        events.push({
          kind: "level_changed",
          effectiveOn: upgradeOn,
          toLevel: level === "regional" ? "greater_regional" : "global",
          documentRef: `提级批复 ${upgradeOn}`,
        });
      }
      const id = makeCentre(events, level);
      if (!firstCentreId) firstCentreId = id;
      recognisedIds.push(id);
    }
  }
  // Two withdrawals after the public figures, on the annual review.
  for (const idx of [5, 40]) {
    const id = recognisedIds[idx]!;
    db.transaction((tx) => {
      tx.insert(centreEvents)
        .values({
          centreId: id,
          kind: "withdrawn",
          effectiveOn: DEMO_WITHDRAWALS_ON,
          note: "年度复核未通过 / Failed annual review",
          actorId: adminId,
        })
        .run();
      tx.insert(centreEvents)
        .values({
          centreId: id,
          kind: "stage_changed",
          effectiveOn: DEMO_WITHDRAWALS_ON,
          fromStage: "recognised",
          toStage: "exited",
          actorId: adminId,
        })
        .run();
      tx.update(centres).set({ stage: "exited", stageSince: DEMO_WITHDRAWALS_ON }).where(eq(centres.id, id)).run();
    });
  }
  // The pipeline: centres on their way to recognition.
  for (let i = 0; i < 45; i++) {
    const stage = PIPELINE_STAGES[i % PIPELINE_STAGES.length]!;
    const endOn = addDays("2026-11-01", -Math.floor(rand() * 200));
    makeCentre(stageHistory(stage, endOn, rand), "regional");
  }

  seedStewardWork(db, [firstCentreId, ...recognisedIds.filter((_, i) => i % 3 === 0).slice(1, 25)], stewardId, rand);

  seedRequests(
    db,
    recognisedIds.filter((_, i) => i % 3 === 0),
    stewardId,
    firstCentreId,
  );

  insertUser(db, {
    email: DEMO_ACCOUNTS.enterprise,
    name: "Emily Carter",
    role: "enterprise",
    passwordHash,
    locale: "en",
    centreId: firstCentreId,
  });
  return { centres: n };
}
