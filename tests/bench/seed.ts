/**
 * Seeds a benchmark database fast: migrations, reference data and the demo seed through the
 * app's own code, then the bulk (centres with their histories, checklists, interactions,
 * follow-ups, support requests with their lifecycle) written with better-sqlite3 prepared
 * statements in large transactions, straight into the drizzle-generated tables.
 *
 * Scale 1 = 30,000 centres, 300,000 interactions, 100,000 requests. Deterministic (seeded PRNG)
 * for a given scale and day.
 */
import fs from "node:fs";
import path from "node:path";
import { v7 as uuidv7 } from "uuid";
import { openDatabase } from "../../db/client.server";
import { DEMO_ACCOUNTS } from "../../db/demo-accounts";
import { makeUscc } from "../../db/factories";
import { migrateDatabase } from "../../db/migrate";
import { DEMO_BATCHES, seedDemo } from "../../db/seed";
import { seedChecklistTemplates } from "../../db/seed-checklists";
import { currentDeadline } from "../../app/domain/request-clock";
import { todayInBeijing } from "../../app/utils/format";
import { defaultLog, formatCount, Progress, type Log } from "./progress";
import { checkSearchIndex, dropSearchTriggers, rebuildSearchIndex } from "./seed-search";

export const SCALE_1 = { centres: 30_000, interactions: 300_000, requests: 100_000 } as const;

export type SeedOptions = {
  /** Database file; created (with its folder), must not exist yet. */
  file: string;
  scale: number;
  log?: Log;
  /** Beijing date the data ends on (default: today). */
  today?: string;
};

export type SeedSummary = {
  file: string;
  scale: number;
  today: string;
  counts: { centres: number; interactions: number; requests: number; enterpriseUsers: number; stewards: number };
  /** Rows written per table (bulk part only). */
  rows: Record<string, number>;
  totalRows: number;
  ms: number;
  rowsPerSecond: number;
  /** Enterprise users created for load (all with the demo password), each with their centre. */
  enterpriseEmails: string[];
  /** A random sample of centre ids (for centre-page load). */
  sampleCentreIds: string[];
  /** The deliberately heavy centre (issue 14, goal 3): a tenth of all requests, at most 10,000, and its enterprise user. */
  heavy: { centreId: string; enterpriseEmail: string; requests: number };
  /** Words that find centres in the list search. */
  searchTerms: string[];
  fileBytes: number;
};

/* ------------------------------------------------------------------ helpers */

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

const DAY_MS = 86_400_000;
const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => isoOf(dayMs(iso) + days * DAY_MS);
/** An instant on a Beijing date at `hour` (may be fractional). */
const beijingMs = (iso: string, hour: number) => dayMs(iso) + (hour - 8) * 3_600_000;
/** The Beijing date of an instant. */
const beijingIso = (ms: number) => isoOf(ms + 8 * 3_600_000);
/** Working days approximated as Monday–Friday (enough for seed data; the app's calendar also knows holidays). */
function addWorkingDays(iso: string, n: number) {
  let ms = dayMs(iso);
  let left = n;
  while (left > 0) {
    ms += DAY_MS;
    const wd = new Date(ms).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return isoOf(ms);
}

function weighted<T>(items: readonly (readonly [T, number])[]) {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of items) cumulative.push((acc += w / total));
  return (r: number): T => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
}

const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length) % list.length]!;

/* ------------------------------------------------------------------ vocabulary */

const PREFIXES: [string, string][] = [
  ["Aster", "紫菀"],
  ["Boreal", "北辰"],
  ["Cobalt", "钴蓝"],
  ["Delta", "德尔塔"],
  ["Evergreen", "长青"],
  ["Fjord", "峡湾"],
  ["Granite", "花岗"],
  ["Harbor", "港湾"],
  ["Iris", "鸢尾"],
  ["Juniper", "杜松"],
  ["Keystone", "基石"],
  ["Lattice", "晶格"],
  ["Meridian", "子午"],
  ["Nimbus", "云雨"],
  ["Obsidian", "黑曜"],
  ["Polaris", "北极星"],
  ["Quasar", "类星"],
  ["Riverside", "河畔"],
  ["Sterling", "斯特林"],
  ["Titan", "泰坦"],
  ["Umbra", "本影"],
  ["Vertex", "顶点"],
  ["Willow", "柳岸"],
  ["Xenon", "氙光"],
  ["Yarrow", "蓍草"],
  ["Zenith", "天顶"],
  ["Alpen", "阿尔卑"],
  ["Baltic", "波罗的"],
  ["Celtic", "凯尔特"],
  ["Danube", "多瑙"],
  ["Elbe", "易北"],
  ["Fuji", "富士"],
  ["Garda", "加尔达"],
  ["Helios", "赫利俄斯"],
  ["Ionic", "爱奥尼"],
  ["Jura", "汝拉"],
  ["Kestrel", "红隼"],
  ["Loire", "卢瓦尔"],
  ["Mosel", "摩泽尔"],
  ["Nordic", "北欧"],
];
const SECTORS: [string, string, string][] = [
  ["Biotech", "生物科技", "health_pharma"],
  ["Pharma", "制药", "health_pharma"],
  ["Medical", "医疗", "health_pharma"],
  ["Diagnostics", "诊断", "health_pharma"],
  ["Robotics", "机器人", "intelligent_manufacturing"],
  ["AI", "智能", "ai"],
  ["Semiconductor", "半导体", "integrated_circuits"],
  ["Microchips", "微芯", "integrated_circuits"],
  ["Software", "软件", "next_gen_it"],
  ["Cloud", "云计算", "next_gen_it"],
  ["Mobility", "出行", "connected_vehicles"],
  ["Motors", "汽车", "connected_vehicles"],
  ["Materials", "材料", "new_materials"],
  ["Chemicals", "化学", "new_materials"],
  ["Energy", "能源", "clean_energy"],
  ["Hydrogen", "氢能", "clean_energy"],
  ["Instruments", "仪器", "high_end_instruments"],
  ["Optics", "光学", "high_end_instruments"],
  ["Aerospace", "航空航天", "aerospace"],
  ["Quantum", "量子", "future_industries"],
  ["Automation", "自动化", "intelligent_manufacturing"],
  ["Genomics", "基因", "health_pharma"],
  ["Data", "数据", "ai"],
  ["Photonics", "光子", "future_industries"],
  ["Devices", "器械", "health_pharma"],
];
const INDUSTRIES = [
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
];
const COUNTRY = weighted<string>([
  ["US", 24],
  ["DE", 14],
  ["JP", 13],
  ["KR", 6],
  ["FR", 7],
  ["GB", 6],
  ["CH", 6],
  ["NL", 3],
  ["SE", 3],
  ["DK", 2],
  ["IT", 2],
  ["SG", 3],
  ["IL", 2],
  ["CA", 2],
  ["AU", 1],
  ["FI", 1],
  ["BE", 1],
  ["HK", 2],
  ["MO", 0.5],
  ["TW", 1.5],
]);
const CORP_SUFFIX: Record<string, string> = {
  US: "Inc.",
  DE: "GmbH",
  JP: "K.K.",
  KR: "Co., Ltd.",
  FR: "SA",
  GB: "plc",
  CH: "AG",
  NL: "B.V.",
  SE: "AB",
  DK: "A/S",
  IT: "S.p.A.",
  FI: "Oyj",
  BE: "NV",
};
const DISTRICT = weighted<string>([
  ["haidian", 30],
  ["chaoyang", 18],
  ["etown", 10],
  ["changping", 8],
  ["shunyi", 6],
  ["dongcheng", 4],
  ["xicheng", 4],
  ["tongzhou", 4],
  ["daxing", 4],
  ["fengtai", 3],
  ["shijingshan", 2],
  ["fangshan", 2],
  ["huairou", 1.5],
  ["mentougou", 1],
  ["pinggu", 1],
  ["miyun", 1],
  ["yanqing", 0.5],
]);
const PARK_OF: Record<string, string> = {
  haidian: "zgc_haidian",
  changping: "zgc_changping",
  shunyi: "zgc_shunyi",
  etown: "zgc_daxing_yizhuang",
  fangshan: "zgc_fangshan",
  tongzhou: "zgc_tongzhou",
  dongcheng: "zgc_dongcheng",
  xicheng: "zgc_xicheng",
  chaoyang: "zgc_chaoyang",
  fengtai: "zgc_fengtai",
  shijingshan: "zgc_shijingshan",
  mentougou: "zgc_mentougou",
  pinggu: "zgc_pinggu",
  huairou: "zgc_huairou",
  miyun: "zgc_miyun",
  yanqing: "zgc_yanqing",
};
const DISTRICT_ZH: Record<string, string> = {
  haidian: "海淀区",
  chaoyang: "朝阳区",
  etown: "经济技术开发区",
  changping: "昌平区",
  shunyi: "顺义区",
  dongcheng: "东城区",
  xicheng: "西城区",
  tongzhou: "通州区",
  daxing: "大兴区",
  fengtai: "丰台区",
  shijingshan: "石景山区",
  fangshan: "房山区",
  huairou: "怀柔区",
  mentougou: "门头沟区",
  pinggu: "平谷区",
  miyun: "密云区",
  yanqing: "延庆区",
};
const STAGE_ORDER = ["lead", "in_contact", "registering", "landed", "recognition_applied", "recognised"] as const;
type Stage = (typeof STAGE_ORDER)[number] | "exited";
const TARGET = weighted<Stage>([
  ["lead", 10],
  ["in_contact", 9],
  ["registering", 8],
  ["landed", 8],
  ["recognition_applied", 6],
  ["recognised", 55],
  ["exited", 4],
]);
/** Recognition batches: the demo's eight (same numbers and dates) and a ninth. */
const BATCHES = [
  ...DEMO_BATCHES.map((b) => ({ batch: b.batch as number, on: b.on as string, weight: b.count as number })),
  { batch: 9, on: "2026-07-16", weight: 30 },
];
const BATCH = weighted(BATCHES.map((b) => [b, b.weight] as const));
const LEVEL = weighted<"regional" | "greater_regional" | "global">([
  ["regional", 70],
  ["greater_regional", 20],
  ["global", 10],
]);
const INTERACTION_KIND = weighted<string>([
  ["visit", 30],
  ["call", 30],
  ["meeting", 20],
  ["email", 15],
  ["event", 5],
]);
const TOPICS = [
  ["人才签证办理进度", "talent visa applications"],
  ["样本进口通关", "customs clearance of samples"],
  ["研发费用加计扣除", "R&D super-deduction"],
  ["数据出境安全评估", "cross-border data assessment"],
  ["认定申报材料", "recognition application documents"],
  ["实验室扩租", "lab space expansion"],
  ["提级申报", "upgrade application"],
  ["知识产权快速预审", "fast-track IP examination"],
  ["激励资金拨付", "incentive funding disbursement"],
  ["外汇资本金结汇", "capital account forex settlement"],
  ["重大项目专班对接", "major-project task force"],
  ["年度复核", "annual review"],
] as const;
const REQUEST_CATEGORY = weighted<string>([
  ["recognition_funding", 18],
  ["talent_entry_exit", 16],
  ["customs_samples", 12],
  ["tax", 10],
  ["cross_border_data", 10],
  ["ip", 7],
  ["research_facilities", 6],
  ["space", 7],
  ["finance_forex", 6],
  ["task_force", 3],
  ["other", 5],
]);
const DEPARTMENT_OF: Record<string, string> = {
  recognition_funding: "commerce",
  talent_entry_exit: "public_security",
  customs_samples: "customs",
  tax: "tax",
  cross_border_data: "cyberspace",
  ip: "ip_office",
  research_facilities: "st_commission",
  space: "district_government",
  finance_forex: "pboc_safe",
  task_force: "development_reform",
  other: "investment_promotion",
};

/* ------------------------------------------------------------------ the seed */

type CentreInfo = {
  id: string;
  leadId: string | null;
  type: string;
  stage: string;
  /** First day of its history. */
  since: string;
  contactIds: string[];
  /** Interaction weight: recognised centres are contacted more often than leads. */
  weight: number;
  /** Accepts support requests (landed or later). */
  served: boolean;
  enterpriseUserId: string | null;
};

export async function seedBench(options: SeedOptions): Promise<SeedSummary> {
  const log = options.log ?? defaultLog;
  const started = Date.now();
  const today = options.today ?? todayInBeijing();
  const nowMs = Math.min(Date.now(), beijingMs(today, 18));
  if (fs.existsSync(options.file)) throw new Error(`${options.file} exists: the bench seeds a fresh database`);
  fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });

  const db = openDatabase(options.file);
  migrateDatabase(db);
  await seedDemo(db);
  seedChecklistTemplates(db);
  const sqlite = db.$client;
  // Bulk mode: a fresh file nobody else has open, so no journal and no syncing; WAL again at the end.
  sqlite.pragma("journal_mode = MEMORY");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -1048576");
  // Foreign keys are checked once at the end (foreign_key_check) rather than per row.
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("temp_store = MEMORY");
  // The search index's triggers fire per row (28 minutes at scale 1): off during the bulk, the
  // index filled in one pass per table afterwards (tests/bench/seed-search.ts).
  const searchTriggers = dropSearchTriggers(sqlite);

  const targetCentres = Math.max(1, Math.round(SCALE_1.centres * options.scale));
  const targetInteractions = Math.round(SCALE_1.interactions * options.scale);
  const targetRequests = Math.round(SCALE_1.requests * options.scale);

  const rows: Record<string, number> = {};
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);
  const rand = prng(Math.round(options.scale * 1_000_000) ^ 0x5eed);

  const demo = sqlite.prepare("select id, email, role, password_hash as hash, centre_id as centreId from users").all() as {
    id: string;
    email: string;
    role: string;
    hash: string;
    centreId: string | null;
  }[];
  const demoSteward = demo.find((u) => u.email === DEMO_ACCOUNTS.steward)!;
  const passwordHash = demo.find((u) => u.email === DEMO_ACCOUNTS.enterprise)!.hash;
  const adminId = demo.find((u) => u.email === DEMO_ACCOUNTS.admin)!.id;
  const existing = (sqlite.prepare("select count(*) as n from centres").get() as { n: number }).n;
  const bulkCentres = Math.max(0, targetCentres - existing);
  log(
    `Seeding ${formatCount(targetCentres)} centres (${formatCount(existing)} from the demo seed), ${formatCount(targetInteractions)} interactions, ${formatCount(targetRequests)} requests into ${options.file}`,
  );

  const templates = sqlite
    .prepare(
      "select id, title_zh as titleZh, title_en as titleEn, department_code as department, due_period_working_days as period, applies_to_type as toType, applies_at_stage as atStage from checklist_templates where active = 1 order by sort_order",
    )
    .all() as {
    id: string;
    titleZh: string;
    titleEn: string;
    department: string;
    period: number;
    toType: string | null;
    atStage: string | null;
  }[];

  const ins = {
    user: sqlite.prepare(
      "insert into users (id, email, name, role, locale, password_hash, centre_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    centre: sqlite.prepare(
      `insert into centres (id, name_zh, name_en, parent_company, country_code, uscc, address, district_code, park_code, type, level, stage, stage_since,
        rd_headcount, rd_spend_cny, website, lead_steward_id, district_steward_id, notes, version, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?)`,
    ),
    industry: sqlite.prepare("insert into centre_industries (centre_id, industry_code) values (?, ?)"),
    contact: sqlite.prepare(
      "insert into contacts (id, centre_id, name, role, email, phone, language) values (?, ?, ?, ?, ?, ?, ?)",
    ),
    event: sqlite.prepare(
      `insert into centre_events (id, centre_id, kind, effective_on, document_ref, note, batch, from_level, to_level, from_stage, to_stage, actor_id, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: sqlite.prepare("insert into audit_log (actor_id, at, entity, entity_id, action, changes) values (?, ?, ?, ?, ?, ?)"),
    checklist: sqlite.prepare(
      `insert into checklist_items (id, centre_id, template_id, title_zh, title_en, department_code, status, owner_id, due_on, notes, visible_to_enterprise, completed_at, version, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, 1, ?, ?)`,
    ),
    interaction: sqlite.prepare(
      "insert into interactions (id, centre_id, kind, occurred_at, summary, actor_id, created_at) values (?, ?, ?, ?, ?, ?, ?)",
    ),
    participant: sqlite.prepare(
      "insert into interaction_participants (id, interaction_id, contact_id, user_id) values (?, ?, ?, ?)",
    ),
    followUp: sqlite.prepare(
      `insert into follow_ups (id, centre_id, interaction_id, request_id, description, owner_id, due_on, status, visible_to_enterprise, completed_at, created_at, updated_at)
       values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    request: sqlite.prepare(
      `insert into support_requests (id, receipt_no, centre_id, submitter_id, category_code, title, description, urgency, language, status, assigned_steward_id,
        department_code, submitted_on, accept_due_on, first_contact_due_on, answer_due_on, current_deadline_on, accepted_at, first_contact_at, answered_at, closed_at, escalated,
        idempotency_key, version, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    requestEvent: sqlite.prepare(
      "insert into request_events (id, request_id, from_status, to_status, action, actor_id, at, on_date, department_code, note) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    message: sqlite.prepare(
      "insert into request_messages (id, request_id, author_id, visibility, body, language, created_at) values (?, ?, ?, ?, ?, ?, ?)",
    ),
    satisfaction: sqlite.prepare("insert into satisfaction (request_id, rating, comment, by_id, at) values (?, ?, ?, ?, ?)"),
  };
  const audit = (actorId: string | null, at: number, entity: string, entityId: string, action: string, changes: unknown) => {
    ins.audit.run(actorId, at, entity, entityId, action, JSON.stringify(changes));
    count("audit_log");
  };
  const idAt = (ms: number) => uuidv7({ msecs: Math.max(0, Math.floor(ms)) });

  /* ---------------- staff: stewards leading ~100 centres each, one district steward per district */
  const stewardIds: string[] = [demoSteward.id];
  const stewardCount = Math.max(1, Math.round(bulkCentres / 100));
  const districtStewards = new Map<string, string>();
  sqlite.transaction(() => {
    const at = dayMs(addDays(today, -1200));
    for (let i = 1; i <= stewardCount; i++) {
      const id = idAt(at);
      ins.user.run(
        id,
        `steward.${String(i).padStart(3, "0")}@bench.local`,
        `Bench steward ${i}`,
        "steward",
        i % 3 ? "zh-CN" : "en",
        passwordHash,
        null,
        at,
        at,
      );
      stewardIds.push(id);
      count("users");
    }
    for (const code of Object.keys(DISTRICT_ZH)) {
      const id = idAt(at);
      ins.user.run(
        id,
        `district.${code}@bench.local`,
        `District steward ${code}`,
        "steward",
        "zh-CN",
        passwordHash,
        null,
        at,
        at,
      );
      districtStewards.set(code, id);
      count("users");
    }
  })();

  /* ---------------- centres with their histories */
  const centresInfo: CentreInfo[] = [];
  // The demo seed's centres take part in interactions and requests too.
  const demoCentres = sqlite
    .prepare(
      `select c.id, c.lead_steward_id as leadId, c.type, c.stage, (select min(effective_on) from centre_events e where e.centre_id = c.id) as since,
        (select group_concat(id) from contacts k where k.centre_id = c.id) as contactIds from centres c`,
    )
    .all() as {
    id: string;
    leadId: string | null;
    type: string;
    stage: string;
    since: string | null;
    contactIds: string | null;
  }[];
  for (const c of demoCentres) {
    const reached = c.stage === "exited" ? 5 : STAGE_ORDER.indexOf(c.stage as (typeof STAGE_ORDER)[number]);
    centresInfo.push({
      id: c.id,
      leadId: c.leadId,
      type: c.type,
      stage: c.stage,
      since: c.since ?? addDays(today, -400),
      contactIds: c.contactIds ? c.contactIds.split(",") : [],
      weight: c.stage === "recognised" ? 1.3 : c.stage === "exited" ? 0.4 : 0.5 + reached * 0.15,
      served: reached >= 3,
      enterpriseUserId: demo.find((u) => u.centreId === c.id)?.id ?? null,
    });
  }

  const progressCentres = new Progress("centres", bulkCentres, log);
  let centreRows = 0;
  const CHUNK = 1000;
  const insertCentres = sqlite.transaction((from: number, to: number) => {
    for (let j = from; j < to; j++) {
      const n = existing + j;
      const [prefixEn, prefixZh] = pick(PREFIXES, rand());
      const [sectorEn, sectorZh, sectorIndustry] = pick(SECTORS, rand());
      const series = j; // unique, shown as a number so names never collide
      const country = COUNTRY(rand());
      const district = DISTRICT(rand());
      const park = PARK_OF[district] && rand() < 0.7 ? PARK_OF[district]! : null;
      const type = rand() < 0.2 ? "open_innovation_platform" : "rd_innovation_centre";
      const leadId = stewardIds[j % stewardIds.length]!;
      const districtStewardId = rand() < 0.25 ? districtStewards.get(district)! : null;
      const target = TARGET(rand());

      type Ev = {
        kind: string;
        on: string;
        batch?: number;
        fromLevel?: string | null;
        toLevel?: string;
        fromStage?: string | null;
        toStage?: string;
        doc?: string;
        note?: string;
      };
      const events: Ev[] = [];
      let level = LEVEL(rand());
      const steps =
        target === "exited" || target === "recognised"
          ? [...STAGE_ORDER]
          : STAGE_ORDER.slice(0, STAGE_ORDER.indexOf(target as (typeof STAGE_ORDER)[number]) + 1);
      let endOn: string;
      let batch: (typeof BATCHES)[number] | null = null;
      if (steps.length === STAGE_ORDER.length) {
        batch = BATCH(rand());
        endOn = batch.on;
      } else {
        endOn = addDays(today, -Math.floor(rand() * 420));
      }
      let on = addDays(endOn, -(steps.length - 1) * 65 - Math.floor(rand() * 60));
      const reachedOn = new Map<string, string>();
      steps.forEach((stage, i) => {
        if (i > 0) on = i === steps.length - 1 ? endOn : addDays(on, 35 + Math.floor(rand() * 55));
        events.push({ kind: "stage_changed", on, fromStage: i === 0 ? null : steps[i - 1]!, toStage: stage });
        reachedOn.set(stage, on);
      });
      let stage: string = steps[steps.length - 1]!;
      let stageSince = endOn;
      if (batch) {
        events.push({
          kind: "recognised",
          on: batch.on,
          batch: batch.batch,
          toLevel: level,
          doc: `京商研认〔${batch.on.slice(0, 4)}〕${batch.batch}号`,
        });
        const upgradeOn = addDays(batch.on, 280 + Math.floor(rand() * 320));
        if (level !== "global" && rand() < 0.12 && upgradeOn <= today) {
          const to = level === "regional" ? (rand() < 0.8 ? "greater_regional" : "global") : "global";
          events.push({ kind: "level_changed", on: upgradeOn, fromLevel: level, toLevel: to, doc: `提级批复 ${upgradeOn}` });
          level = to;
        }
        if (target === "exited") {
          const withdrawnOn = addDays(batch.on, 300 + Math.floor(rand() * 400));
          if (withdrawnOn <= today) {
            events.push({ kind: "withdrawn", on: withdrawnOn, note: "年度复核未通过 / Failed annual review" });
            events.push({ kind: "stage_changed", on: withdrawnOn, fromStage: "recognised", toStage: "exited" });
            stage = "exited";
            stageSince = withdrawnOn;
          }
        }
      }
      events.sort((a, b) => a.on.localeCompare(b.on));
      const firstOn = events[0]!.on;
      const createdAt = beijingMs(firstOn, 10);
      const id = idAt(createdAt);
      const nameEn = `${prefixEn} ${sectorEn} ${series + 1} Beijing R&D Centre`;
      const nameZh = `${prefixZh}${sectorZh}${series + 1}（北京）研发中心`;
      const suffix = CORP_SUFFIX[country] ?? "Ltd.";
      const industries = new Set([sectorIndustry, ...(rand() < 0.3 ? [pick(INDUSTRIES, rand())] : [])]);
      ins.centre.run(
        id,
        nameZh,
        nameEn,
        `${prefixEn} ${sectorEn} ${suffix}`,
        country,
        makeUscc(50_000_000 + j),
        `北京市${DISTRICT_ZH[district]}科创路${(j % 900) + 1}号`,
        district,
        park,
        type,
        level,
        stage,
        stageSince,
        20 + Math.floor(rand() * 600),
        (3 + Math.floor(rand() * 300)) * 1_000_000,
        `https://rd${j}.${prefixEn.toLowerCase()}.example`,
        leadId,
        districtStewardId,
        createdAt,
        beijingMs(stageSince, 11),
      );
      centreRows++;
      for (const code of industries) {
        ins.industry.run(id, code);
        centreRows++;
      }
      const contactIds: string[] = [];
      const contactCount = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < contactCount; k++) {
        const cid = idAt(createdAt);
        ins.contact.run(
          cid,
          id,
          `Contact ${n}-${k + 1}`,
          ["R&D Director", "Office Manager", "Government Affairs", "HR Lead"][k % 4]!,
          `c${n}.${k}@centre${n}.example`,
          `+86 10 ${String(6000_0000 + ((n * 7 + k) % 3999_9999))}`,
          rand() < 0.5 ? "en" : "zh-CN",
        );
        contactIds.push(cid);
        centreRows++;
      }
      audit(leadId, createdAt, "centre", id, "create", [
        { field: "nameEn", before: null, after: nameEn },
        { field: "nameZh", before: null, after: nameZh },
        { field: "districtCode", before: null, after: district },
      ]);
      centreRows++;
      for (const e of events) {
        const actor = e.kind === "withdrawn" || e.kind === "recognised" ? adminId : leadId;
        const recordedAt = Math.min(nowMs, beijingMs(e.on, 9 + rand() * 9) + Math.floor(rand() * 3) * DAY_MS);
        ins.event.run(
          idAt(recordedAt),
          id,
          e.kind,
          e.on,
          e.doc ?? "",
          e.note ?? "",
          e.batch ?? null,
          e.fromLevel ?? null,
          e.toLevel ?? null,
          e.fromStage ?? null,
          e.toStage ?? null,
          actor,
          recordedAt,
        );
        audit(actor, recordedAt, "centre", id, e.kind, [
          {
            field: e.kind === "stage_changed" ? "stage" : "level",
            before: e.fromStage ?? e.fromLevel ?? null,
            after: e.toStage ?? e.toLevel ?? null,
          },
        ]);
        centreRows += 2;
      }
      // Checklist items applied as the centre reached each stage, like the app does.
      const reachedIndex = STAGE_ORDER.indexOf((stage === "exited" ? "recognised" : stage) as (typeof STAGE_ORDER)[number]);
      for (const t of templates) {
        if (t.toType && t.toType !== type) continue;
        const atIndex = t.atStage ? STAGE_ORDER.indexOf(t.atStage as (typeof STAGE_ORDER)[number]) : 0;
        if (atIndex < 0 || atIndex > reachedIndex) continue;
        const appliedOn = reachedOn.get(t.atStage ?? "lead") ?? firstOn;
        const dueOn = addWorkingDays(appliedOn, t.period);
        const current = atIndex === reachedIndex && stage !== "exited";
        const r = rand();
        const status = current
          ? r < 0.4
            ? "not_started"
            : r < 0.75
              ? "in_progress"
              : r < 0.9
                ? "waiting_on_department"
                : "done"
          : r < 0.85
            ? "done"
            : r < 0.95
              ? "not_applicable"
              : "in_progress";
        const appliedAt = beijingMs(appliedOn, 10);
        const completedAt =
          status === "done" ? Math.min(nowMs, appliedAt + Math.floor(rand() * t.period * 1.4 + 1) * DAY_MS) : null;
        ins.checklist.run(
          idAt(appliedAt),
          id,
          t.id,
          t.titleZh,
          t.titleEn,
          t.department,
          status,
          rand() < 0.2 ? leadId : null,
          dueOn,
          completedAt,
          appliedAt,
          completedAt ?? appliedAt,
        );
        count("checklist_items");
      }
      centresInfo.push({
        id,
        leadId,
        type,
        stage,
        since: firstOn,
        contactIds,
        weight: stage === "recognised" ? 1.3 : stage === "exited" ? 0.4 : 0.5 + reachedIndex * 0.15,
        served: reachedIndex >= 3,
        enterpriseUserId: null,
      });
    }
  });
  for (let from = 0; from < bulkCentres; from += CHUNK) {
    insertCentres(from, Math.min(bulkCentres, from + CHUNK));
    progressCentres.update(Math.min(bulkCentres, from + CHUNK), centreRows + (rows.checklist_items ?? 0));
  }
  if (bulkCentres > 0) progressCentres.finish(centreRows + (rows.checklist_items ?? 0));
  rows.centres = bulkCentres;

  /* ---------------- enterprise users: one for every eighth centre (at least 400), on centres that are served */
  const served = centresInfo.filter((c) => c.served);
  const enterpriseCount = Math.max(400, Math.round(centresInfo.length / 8));
  const enterpriseEmails: string[] = [];
  const emailOf = new Map<string, string>();
  sqlite.transaction(() => {
    for (let e = 0; e < enterpriseCount; e++) {
      const centre = served[(e * 7919) % served.length]!;
      const at = beijingMs(centre.since, 12);
      const id = idAt(at);
      const email = `ent.${String(e).padStart(5, "0")}@bench.local`;
      ins.user.run(id, email, `Enterprise user ${e}`, "enterprise", e % 2 ? "en" : "zh-CN", passwordHash, centre.id, at, at);
      centre.enterpriseUserId ??= id;
      emailOf.set(id, email);
      enterpriseEmails.push(email);
      count("users");
    }
  })();

  /* ---------------- interactions, participants, follow-ups */
  const byWeight = weighted(centresInfo.map((c) => [c, c.weight] as const));
  const fromMs = beijingMs(addDays(today, -3 * 365), 0);
  const progressInteractions = new Progress("interactions", targetInteractions, log);
  let interactionRows = 0;
  // Planned first and written in time order, as they would have been logged.
  const plans: { c: CentreInfo; occurredAt: number }[] = [];
  for (let k = 0; k < targetInteractions; k++) {
    const c = byWeight(rand());
    const start = Math.max(fromMs, beijingMs(c.since, 9));
    const dayOffset = Math.floor((rand() * Math.max(0, nowMs - start)) / DAY_MS);
    plans.push({ c, occurredAt: Math.min(nowMs - 60_000, beijingMs(beijingIso(start + dayOffset * DAY_MS), 9 + rand() * 9)) });
  }
  plans.sort((a, b) => a.occurredAt - b.occurredAt);
  const insertInteractions = sqlite.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const { c, occurredAt } = plans[k]!;
      const id = idAt(occurredAt);
      const [topicZh, topicEn] = pick(TOPICS, rand());
      const kind = INTERACTION_KIND(rand());
      const summary =
        rand() < 0.5
          ? `${topicZh}：与企业沟通进展，约定下一步材料与时间。`
          : `Discussed ${topicEn} with the centre; agreed next steps and documents.`;
      ins.interaction.run(id, c.id, kind, occurredAt, summary, c.leadId, occurredAt + 3_600_000);
      interactionRows++;
      if (c.contactIds.length > 0) {
        ins.participant.run(idAt(occurredAt), id, pick(c.contactIds, rand()), null);
        interactionRows++;
      }
      if (c.leadId) {
        ins.participant.run(idAt(occurredAt), id, null, c.leadId);
        interactionRows++;
      }
      audit(c.leadId, occurredAt + 3_600_000, "interaction", id, "create", [{ field: "kind", before: null, after: kind }]);
      interactionRows++;
      if (rand() < 0.1) {
        const dueOn = addDays(beijingIso(occurredAt), 7 + Math.floor(rand() * 30));
        const old = dueOn < addDays(today, -14);
        const r = rand();
        const status = old ? (r < 0.9 ? "done" : r < 0.95 ? "cancelled" : "open") : r < 0.2 ? "done" : "open";
        const completedAt = status === "done" ? Math.min(nowMs, occurredAt + Math.floor(rand() * 20 + 1) * DAY_MS) : null;
        ins.followUp.run(
          idAt(occurredAt),
          c.id,
          id,
          `跟进：${topicZh} / Follow up: ${topicEn}`,
          c.leadId,
          dueOn,
          status,
          rand() < 0.3 ? 1 : 0,
          completedAt,
          occurredAt,
          completedAt ?? occurredAt,
        );
        count("follow_ups");
      }
    }
  });
  const BIG_CHUNK = 5000;
  for (let from = 0; from < targetInteractions; from += BIG_CHUNK) {
    insertInteractions(from, Math.min(targetInteractions, from + BIG_CHUNK));
    progressInteractions.update(Math.min(targetInteractions, from + BIG_CHUNK), interactionRows + (rows.follow_ups ?? 0));
  }
  progressInteractions.finish(interactionRows + (rows.follow_ups ?? 0));
  rows.interactions = targetInteractions;

  /* ---------------- support requests with their lifecycle */
  // Submission instants first, sorted, so receipt numbers run in order within each year.
  // Realistic spread: how much a centre asks for varies a lot (log-normal activity on top of its
  // stage's weight), so most centres have a handful of requests and a few have hundreds.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const servedWeighted = weighted(served.map((c) => [c, c.weight * Math.exp(1.2 * gaussian())] as const));
  // And one deliberately heavy centre (issue 14, goal 3): every tenth request, at most 10,000 (so
  // 10,000 at scale 1); a bulk centre with its own enterprise user, there from the start.
  const demoIds = new Set(demoCentres.map((c) => c.id));
  const earliest = (list: CentreInfo[]) =>
    list.reduce<CentreInfo | null>((best, c) => (!best || c.since < best.since ? c : best), null);
  const withUser = served.filter((c) => c.enterpriseUserId);
  // (The demo's centres only when the scale is too small for bulk ones.)
  const heavy = earliest(withUser.filter((c) => !demoIds.has(c.id))) ?? earliest(withUser);
  const heavyLimit = heavy ? Math.min(10_000, Math.floor(targetRequests / 10)) : 0;
  let heavyRequests = 0;
  const reqFrom = beijingMs(addDays(today, -3 * 365), 0);
  const submissions: number[] = [];
  for (let k = 0; k < targetRequests; k++) {
    // More requests recently (the scheme grows): density rising linearly over the three years.
    const u = Math.sqrt(rand());
    submissions.push(Math.floor(reqFrom + u * (nowMs - 3_600_000 - reqFrom)));
  }
  submissions.sort((a, b) => a - b);
  // Receipt numbers continue after those the demo seed handed out (its counter, or its highest number).
  const sequence = new Map<number, number>();
  for (const row of sqlite.prepare("select year, last from receipt_counters").all() as { year: number; last: number }[])
    sequence.set(row.year, row.last);
  for (const row of sqlite
    .prepare(
      "select cast(substr(receipt_no, 4, 4) as integer) as year, max(cast(substr(receipt_no, 9) as integer)) as last from support_requests group by 1",
    )
    .all() as { year: number; last: number }[])
    sequence.set(row.year, Math.max(sequence.get(row.year) ?? 0, row.last));
  const progressRequests = new Progress("requests", targetRequests, log);
  let requestRows = 0;
  const insertRequests = sqlite.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const submittedAt = submissions[k]!;
      let c = servedWeighted(rand());
      if (heavy && k % 10 === 0 && heavyRequests < heavyLimit) c = heavy;
      if (beijingIso(submittedAt) < c.since) c = centresInfo[0]!;
      if (c === heavy) heavyRequests++;
      const submittedOn = beijingIso(submittedAt);
      const year = Number(submittedOn.slice(0, 4));
      const seq = (sequence.get(year) ?? 0) + 1;
      sequence.set(year, seq);
      const receiptNo = `RQ-${year}-${String(seq).padStart(6, "0")}`;
      const id = idAt(submittedAt);
      const category = REQUEST_CATEGORY(rand());
      const [topicZh, topicEn] = pick(TOPICS, rand());
      const language = rand() < 0.6 ? "zh-CN" : "en";
      const submitter = c.enterpriseUserId ?? c.leadId;
      const steward = c.leadId;
      const acceptDueOn = addWorkingDays(submittedOn, 1);
      const firstContactDueOn = addWorkingDays(submittedOn, 2);
      let answerDueOn = addWorkingDays(submittedOn, 5);

      // The planned timeline; only what lies before now happens.
      type Step = {
        at: number;
        from: string;
        to: string;
        action: string;
        actor: string | null;
        department?: string;
        note?: string;
      };
      const steps: Step[] = [];
      const rejected = rand() < 0.04;
      let t = submittedAt + (0.3 + rand() * 30) * 3_600_000;
      steps.push(
        rejected
          ? { at: t, from: "submitted", to: "rejected", action: "reject", actor: steward, note: "不属于服务范围 / Out of scope" }
          : { at: t, from: "submitted", to: "accepted", action: "accept", actor: steward },
      );
      const acceptedAt = t;
      if (!rejected) {
        let state = "accepted";
        if (rand() < 0.15) {
          const department = DEPARTMENT_OF[category] ?? "commerce";
          t += (0.5 + rand() * 2) * DAY_MS;
          steps.push({ at: t, from: state, to: "referred", action: "refer", actor: steward, department });
          const paused = 2 + Math.floor(rand() * 8);
          t += paused * DAY_MS;
          steps.push({
            at: t,
            from: "referred",
            to: "in_progress",
            action: "record_department_answer",
            actor: steward,
            note: "部门已答复 / Department answered",
          });
          answerDueOn = addWorkingDays(answerDueOn, Math.round((paused * 5) / 7));
          state = "in_progress";
        }
        t += (0.5 + rand() * 6) * DAY_MS;
        steps.push({ at: t, from: state, to: "answered", action: "answer", actor: steward });
        if (rand() < 0.92) {
          t += (0.5 + rand() * 5) * DAY_MS;
          steps.push({ at: t, from: "answered", to: "closed", action: "close", actor: rand() < 0.5 ? submitter : steward });
        }
      }
      const happened = steps.filter((s) => s.at <= nowMs);
      const status = happened.length ? happened[happened.length - 1]!.to : "submitted";
      const answered = happened.find((s) => s.to === "answered");
      const closed = happened.find((s) => s.to === "closed");
      const accepted = happened.find((s) => s.to === "accepted");
      const referredNow = status === "referred" ? (happened[happened.length - 1]!.department ?? null) : null;
      const updatedAt = happened.length ? happened[happened.length - 1]!.at : submittedAt;
      ins.request.run(
        id,
        receiptNo,
        c.id,
        submitter,
        category,
        `${topicZh} · ${topicEn}`,
        language === "zh-CN"
          ? `关于${topicZh}的诉求，请协助协调相关部门。`
          : `We ask for help with ${topicEn}; please coordinate with the departments concerned.`,
        rand() < 0.1 ? "urgent" : "normal",
        language,
        status,
        steward,
        referredNow,
        submittedOn,
        acceptDueOn,
        firstContactDueOn,
        answerDueOn,
        currentDeadline(status, { acceptDueOn, firstContactDueOn, answerDueOn }),
        accepted ? acceptedAt : null,
        accepted ? acceptedAt + 2 * 3_600_000 : null,
        answered?.at ?? null,
        closed?.at ?? null,
        rand() < 0.01 ? 1 : 0,
        `bench-${id}`,
        1 + happened.length,
        submittedAt,
        updatedAt,
      );
      ins.requestEvent.run(idAt(submittedAt), id, null, "submitted", "submit", submitter, submittedAt, submittedOn, null, "");
      audit(submitter, submittedAt, "support_request", id, "submit", [
        { field: "receiptNo", before: null, after: receiptNo },
        { field: "category", before: null, after: category },
      ]);
      requestRows += 3;
      for (const s of happened) {
        ins.requestEvent.run(
          idAt(s.at),
          id,
          s.from,
          s.to,
          s.action,
          s.actor,
          s.at,
          beijingIso(s.at),
          s.department ?? null,
          s.note ?? "",
        );
        requestRows++;
      }
      if (rand() < 0.2) {
        ins.message.run(
          idAt(submittedAt + 3_600_000),
          id,
          submitter,
          "public",
          language === "zh-CN" ? "补充材料已上传。" : "Additional documents attached.",
          language,
          Math.min(nowMs, submittedAt + 3_600_000),
        );
        requestRows++;
      }
      if (accepted && rand() < 0.3) {
        ins.message.run(
          idAt(acceptedAt),
          id,
          steward,
          "internal",
          "内部备注：需与区政府确认。 / Internal: check with the district.",
          "zh-CN",
          acceptedAt,
        );
        requestRows++;
      }
      if (answered) {
        ins.message.run(
          idAt(answered.at),
          id,
          steward,
          "public",
          language === "zh-CN"
            ? `关于${topicZh}，已协调办理，请查收。`
            : `Regarding ${topicEn}: arranged with the department, see the details.`,
          language,
          answered.at,
        );
        requestRows++;
      }
      if (closed && rand() < 0.6) {
        const r = rand();
        ins.satisfaction.run(
          id,
          r < 0.8 ? "satisfied" : r < 0.95 ? "basically_satisfied" : "dissatisfied",
          "",
          submitter,
          closed.at + 3_600_000,
        );
        requestRows++;
      }
    }
  });
  for (let from = 0; from < targetRequests; from += BIG_CHUNK) {
    insertRequests(from, Math.min(targetRequests, from + BIG_CHUNK));
    progressRequests.update(Math.min(targetRequests, from + BIG_CHUNK), requestRows);
  }
  progressRequests.finish(requestRows);
  rows.support_requests = targetRequests;
  // The app's receipt counter continues after the seeded numbers.
  const counter = sqlite.prepare(
    "insert into receipt_counters (year, last) values (?, ?) on conflict(year) do update set last = max(last, excluded.last)",
  );
  sqlite.transaction(() => {
    for (const [year, last] of sequence) counter.run(year, last);
  })();

  log("  building the search index…");
  const indexStarted = Date.now();
  rebuildSearchIndex(sqlite, searchTriggers);
  const indexed = checkSearchIndex(sqlite);
  log(
    `  search index: ${formatCount(indexed.documents)} documents in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s, checked against the triggers of ${indexed.checkedTables} tables`,
  );
  log("  analysing and checkpointing…");
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) throw new Error(`The bench seed broke ${broken.length} foreign keys, e.g. ${JSON.stringify(broken[0])}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.exec("ANALYZE");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  const tableCounts: Record<string, number> = {};
  for (const table of [
    "centres",
    "centre_events",
    "checklist_items",
    "interactions",
    "interaction_participants",
    "follow_ups",
    "support_requests",
    "request_events",
    "request_messages",
    "satisfaction",
    "audit_log",
    "users",
  ]) {
    tableCounts[table] = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  }
  const sample: string[] = [];
  for (let k = 0; k < Math.min(1000, centresInfo.length); k++)
    sample.push(centresInfo[Math.floor(rand() * centresInfo.length)]!.id);
  db.$client.close();

  const ms = Date.now() - started;
  const totalRows = Object.values(tableCounts).reduce((s, n) => s + n, 0);
  const summary: SeedSummary = {
    file: options.file,
    scale: options.scale,
    today,
    counts: {
      centres: tableCounts.centres!,
      interactions: tableCounts.interactions!,
      requests: tableCounts.support_requests!,
      enterpriseUsers: enterpriseEmails.length + 1,
      stewards: stewardIds.length + districtStewards.size,
    },
    rows: tableCounts,
    totalRows,
    ms,
    rowsPerSecond: Math.round(totalRows / (ms / 1000)),
    enterpriseEmails,
    sampleCentreIds: sample,
    heavy: {
      centreId: heavy?.id ?? centresInfo[0]!.id,
      enterpriseEmail: (heavy?.enterpriseUserId && emailOf.get(heavy.enterpriseUserId)) || DEMO_ACCOUNTS.enterprise,
      requests: heavyRequests,
    },
    searchTerms: ["Cobalt", "量子", "Robotics Inc", "Polaris Pharma", "北京", "Helix"],
    fileBytes: fs.statSync(options.file).size,
  };
  log(
    `Seeded ${formatCount(totalRows)} rows in ${(ms / 1000).toFixed(1)} s (${formatCount(summary.rowsPerSecond)} rows/s), ${(summary.fileBytes / 1024 / 1024).toFixed(0)} MB`,
  );
  return summary;
}
