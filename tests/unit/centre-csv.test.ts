import { describe, expect, it } from "vitest";
import {
  CENTRE_CSV_COLUMNS,
  centreToCsvCells,
  checkCsvHeader,
  csvCell,
  csvRowToValues,
  decodeCsvBytes,
  labeller,
  normaliseCsvDate,
  parseCsvTable,
  parseCsvTableInSlices,
  resolveChoice,
  toCsv,
  type ImportReferences,
} from "~/domain/centre-csv";

/** GB18030 bytes for text of ASCII and two-byte (GBK) characters, built from the platform's decoder. */
function encodeGb18030(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return new Uint8Array(
    [...text].flatMap((ch) => {
      if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${ch}`);
      return bytes;
    }),
  );
}

const REFS: ImportReferences = {
  country: [
    { code: "US", labelZh: "美国", labelEn: "United States" },
    { code: "DE", labelZh: "德国", labelEn: "Germany" },
  ],
  district: [
    { code: "haidian", labelZh: "海淀区", labelEn: "Haidian" },
    { code: "etown", labelZh: "北京经济技术开发区", labelEn: "Beijing E-Town (BDA)" },
  ],
  park: [{ code: "zgc_haidian", labelZh: "中关村海淀园", labelEn: "ZGC Haidian Park" }],
  industries: [
    { code: "health_pharma", labelZh: "医药健康", labelEn: "Health and pharma" },
    { code: "ai", labelZh: "人工智能", labelEn: "Artificial intelligence" },
  ],
  stage: [
    { code: "lead", labelZh: "线索", labelEn: "Lead" },
    { code: "landed", labelZh: "落地", labelEn: "Landed" },
  ],
  type: [
    { code: "rd_innovation_centre", labelZh: "研发创新中心", labelEn: "R&D innovation centre" },
    { code: "open_innovation_platform", labelZh: "开放式创新平台", labelEn: "Open innovation platform" },
  ],
  level: [
    { code: "regional", labelZh: "区域级", labelEn: "Regional" },
    { code: "global", labelZh: "全球级", labelEn: "Global" },
  ],
};

describe("decodeCsvBytes", () => {
  const text = "name_zh,name_en\r\n海力克斯生物（北京）研发中心,Helix\r\n";

  it("reads UTF-8 with and without a byte-order mark", () => {
    const plain = new TextEncoder().encode(text);
    expect(decodeCsvBytes(plain)).toEqual({ text, encoding: "utf-8" });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeCsvBytes(withBom)).toEqual({ text, encoding: "utf-8" });
  });

  it("falls back to GB18030 for what Excel on a Chinese Windows saves", () => {
    const bytes = encodeGb18030(text);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: "gb18030" });
  });

  it("reads UTF-16 with a byte-order mark (Excel's Unicode text)", () => {
    const units = [0xfeff, ...[...text].map((c) => c.charCodeAt(0))];
    const bytes = new Uint8Array(new Uint16Array(units).buffer); // little-endian on every supported platform
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: "utf-16le" });
  });
});

describe("parseCsvTable", () => {
  it("parses quoted cells with commas, quotes and line breaks, and numbers rows by their first line", () => {
    const parsed = parseCsvTable('a,b\r\n"x, ""y""",1\r\n"two\nlines",2\r\n\r\n,,\r\nlast,3');
    expect(parsed).toEqual({
      ok: true,
      table: {
        header: ["a", "b"],
        rows: [
          { line: 2, cells: ['x, "y"', "1"] },
          { line: 3, cells: ["two\nlines", "2"] },
          { line: 7, cells: ["last", "3"] },
        ],
      },
    });
  });

  it("detects tab- and semicolon-separated files", () => {
    expect(parseCsvTable("a\tb\n1\t2")).toMatchObject({ ok: true, table: { header: ["a", "b"], rows: [{ cells: ["1", "2"] }] } });
    expect(parseCsvTable('a;b\n"x;y";2')).toMatchObject({ ok: true, table: { rows: [{ cells: ["x;y", "2"] }] } });
  });

  it("reports an unclosed quote with its line and an empty file, and takes a stray quote as text", () => {
    expect(parseCsvTable('a,b\n1,2\n3,"oops\n')).toEqual({ ok: false, error: { key: "malformed", line: 3 } });
    expect(parseCsvTable('a,b\n12" screen,2')).toMatchObject({ ok: true, table: { rows: [{ cells: ['12" screen', "2"] }] } });
    expect(parseCsvTable("\uFEFF \r\n")).toEqual({ ok: false, error: { key: "empty" } });
  });
});

describe("checkCsvHeader", () => {
  it("accepts the columns in any order, ignoring case, spaces and unknown columns", () => {
    const header = [
      "USCC",
      " Name ZH",
      "name-en",
      "parent_company",
      "country",
      "district",
      "industries",
      "type",
      "level",
      "Comment",
    ];
    const check = checkCsvHeader(header);
    expect(check).toMatchObject({ ok: true, ignored: ["Comment"] });
    if (check.ok) expect(check.index).toMatchObject({ uscc: 0, name_zh: 1, name_en: 2 });
  });

  it("names missing required columns and duplicates", () => {
    expect(checkCsvHeader(["name_zh", "uscc", "uscc"])).toEqual({
      ok: false,
      missing: ["name_en", "parent_company", "country", "district", "industries", "type", "level"],
      duplicate: ["uscc"],
      ignored: [],
    });
  });
});

describe("resolveChoice", () => {
  it("takes a code, a Chinese label or an English label, and leaves unknown values for the server check", () => {
    expect(resolveChoice("us", REFS.country)).toBe("US");
    expect(resolveChoice("美国", REFS.country)).toBe("US");
    expect(resolveChoice("  united   STATES ", REFS.country)).toBe("US");
    expect(resolveChoice("海淀", REFS.district)).toBe("haidian");
    expect(resolveChoice("海淀区", REFS.district)).toBe("haidian");
    expect(resolveChoice("ＵＳ", REFS.country)).toBe("US"); // full-width
    expect(resolveChoice(" Mars ", REFS.country)).toBe("Mars");
  });
});

describe("csvRowToValues", () => {
  const header = [...CENTRE_CSV_COLUMNS];
  const check = checkCsvHeader(header);
  if (!check.ok) throw new Error("header");
  const row = (values: Partial<Record<(typeof CENTRE_CSV_COLUMNS)[number], string>>) => header.map((c) => values[c] ?? "");

  it("maps a row to the centre form's values with labels resolved to codes", () => {
    const mapped = csvRowToValues(
      row({
        name_zh: " 海力克斯生物（北京）研发中心 ",
        name_en: "Helix",
        uscc: " 91110000 mA01234567 ",
        parent_company: "Helix Inc.",
        country: "美国",
        district: "Haidian",
        park: "中关村海淀园",
        industries: "医药健康；ai; Health and pharma",
        type: "开放式创新平台",
        level: "Global",
        stage: "落地",
        recognised_batch: "３",
        recognised_on: "2023/7/1",
        rd_headcount: "1,200",
        rd_spend_cny: "",
        lead_steward_email: "Steward@Demo.Local",
      }),
      check.index,
      REFS,
    );
    expect(mapped).toEqual({
      values: {
        name_zh: "海力克斯生物（北京）研发中心", // full-width brackets kept in names
        name_en: "Helix",
        uscc: "91110000mA01234567", // upper-cased by the schema
        parent_company: "Helix Inc.",
        country: "US",
        district: "haidian",
        park: "zgc_haidian",
        industries: ["health_pharma", "ai"],
        type: "open_innovation_platform",
        level: "global",
        stage: "landed",
        rd_headcount: "1,200",
        rd_spend_cny: undefined,
        lead_steward_email: "steward@demo.local",
      },
      recognisedBatch: "3",
      recognisedOn: "2023-07-01",
    });
  });

  it("treats absent columns like empty cells", () => {
    const partial = checkCsvHeader([
      "name_zh",
      "name_en",
      "uscc",
      "parent_company",
      "country",
      "district",
      "industries",
      "type",
      "level",
    ]);
    if (!partial.ok) throw new Error("header");
    const mapped = csvRowToValues(
      ["甲", "A", "X", "P", "US", "haidian", "ai", "rd_innovation_centre", "regional"],
      partial.index,
      REFS,
    );
    expect(mapped.values.park).toBeUndefined();
    expect(mapped.values.stage).toBeUndefined();
    expect(mapped.recognisedBatch).toBeUndefined();
  });

  it("undoes the apostrophe the export adds before formula-like text", () => {
    const mapped = csvRowToValues(row({ name_en: "'=Helix", parent_company: "'s-Hertogenbosch BV" }), check.index, REFS);
    expect(mapped.values.name_en).toBe("=Helix");
    expect(mapped.values.parent_company).toBe("'s-Hertogenbosch BV");
  });
});

describe("normaliseCsvDate", () => {
  it.each([
    ["2023-07-01", "2023-07-01"],
    ["2023/7/1", "2023-07-01"],
    ["2023.12.31", "2023-12-31"],
    ["2023年7月1日", "2023-07-01"],
    ["1 July 2023", "1 July 2023"],
  ])("%s → %s", (input, expected) => expect(normaliseCsvDate(input)).toBe(expected));
});

describe("CSV output", () => {
  it("quotes what needs quoting and guards formula-like text", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+86 10")).toBe("'+86 10");
    expect(csvCell(1200)).toBe("1200");
    expect(csvCell(null)).toBe("");
  });

  it("writes CRLF rows, with a BOM when asked, that parse back to the same cells", () => {
    const rows = [
      ["name_zh", "name_en"],
      ["海力克斯（北京）", 'Helix "BJ", R&D'],
      ["=danger", ""],
    ];
    const csv = toCsv(rows, { bom: true });
    expect(csv.startsWith("\uFEFFname_zh,name_en\r\n")).toBe(true);
    const parsed = parseCsvTable(csv);
    expect(parsed.ok && parsed.table.rows.map((r) => r.cells)).toEqual([
      ["海力克斯（北京）", 'Helix "BJ", R&D'],
      ["'=danger", ""],
    ]);
    expect(toCsv([["a"]])).toBe("a\r\n");
  });

  it("exports a centre in the import's columns, with labels that resolve back to the codes", () => {
    const cells = centreToCsvCells(
      {
        nameZh: "甲中心",
        nameEn: "A Centre",
        uscc: "91110000MA01234567",
        parentCompany: "A Inc.",
        countryCode: "DE",
        districtCode: "etown",
        parkCode: null,
        industries: ["ai", "health_pharma"],
        type: "rd_innovation_centre",
        level: "global",
        stage: "landed",
        firstBatch: 4,
        firstRecognisedOn: "2024-01-15",
        rdHeadcount: 80,
        rdSpendCny: null,
        leadStewardEmail: "steward@demo.local",
      },
      labeller(REFS, "zh-CN"),
    );
    expect(cells).toEqual([
      "甲中心",
      "A Centre",
      "91110000MA01234567",
      "A Inc.",
      "德国",
      "北京经济技术开发区",
      null,
      "人工智能;医药健康",
      "研发创新中心",
      "全球级",
      "落地",
      4,
      "2024-01-15",
      80,
      null,
      "steward@demo.local",
    ]);
    const header = checkCsvHeader([...CENTRE_CSV_COLUMNS]);
    if (!header.ok) throw new Error("header");
    const back = csvRowToValues(
      cells.map((c) => (c === null ? "" : String(c))),
      header.index,
      REFS,
    );
    expect(back.values).toMatchObject({
      country: "DE",
      district: "etown",
      industries: ["ai", "health_pharma"],
      type: "rd_innovation_centre",
      level: "global",
      stage: "landed",
    });
    expect(labeller(REFS, "en")("country", "DE")).toBe("Germany");
    expect(labeller(REFS, "en")("country", "XX")).toBe("XX");
  });
});

describe("parseCsvTableInSlices", () => {
  const samples = [
    'name_zh,name_en\r\n甲,"A, with comma"\r\n乙,"B\nwith a line break"\r\n\r\n,\r\n丙,C\r\n',
    "\uFEFFa;b;c\n1;2;3\n4;5;6\n",
    "a\tb\n1\t2\n",
    'a,b\n"unclosed,1\n2,3\n',
    "   \n",
    "a,b\n",
  ];
  it("reads the same table as parseCsvTable, whatever the slices cut (quotes and line breaks across them)", async () => {
    for (const text of samples) {
      for (const sliceChars of [1, 3, 7, 64, 1 << 20]) {
        let pauses = 0;
        const sliced = await parseCsvTableInSlices(text, {
          sliceChars,
          pause: async () => {
            pauses++;
          },
        });
        expect(sliced, `${JSON.stringify(text)} in slices of ${sliceChars}`).toEqual(parseCsvTable(text));
        if (text.trim() !== "" && sliceChars < text.length) expect(pauses).toBeGreaterThan(1);
      }
    }
  });
});
