/**
 * Bringg's regional admin/OAuth hosts. A merchant's apps, scopes and tokens live in exactly one
 * region (docs/bringg-api.md#regions); `bringg:endpoint` overrides this table (emulator, proxies, a
 * host this table has wrong). Each host says where it comes from and how sure that is: Bringg's API
 * Access Management page names the regions US1, US2, EU1 and EU2 without their hosts; the Delivery
 * Hub OAuth page gives the us2 and eu2 token URLs; docs/bringg-api.md#regions has the evidence for
 * each host. README.md and docs/application.md repeat this table (a test keeps them equal).
 */

/**
 * How sure a host is: stated by Bringg's Delivery Hub OAuth page (`confirmed (Delivery Hub page)`),
 * by Bringg's other public docs, or inferred from indirect evidence (docs/bringg-api.md#regions).
 */
export type HostConfidence = "confirmed (Delivery Hub page)" | "confirmed (Bringg docs)" | "inferred";

/** One region's host, with its evidence. */
export interface RegionHost {
    readonly host: string;
    readonly source: string;
    readonly confidence: HostConfidence;
}

/** Every region: its base URL, the source, the confidence. */
export const regionTable = {
    us1: {
        host: "https://admin-api.bringg.com",
        source: "Bringg's API Access Management page names US1 (AWS), host stripped; the Delivery Hub OAuth page's example token URL uses this host without a region",
        confidence: "inferred",
    },
    us2: {
        host: "https://us2-admin-api.bringg.com",
        source: "Bringg's Delivery Hub OAuth page: the token URL for accounts in the US",
        confidence: "confirmed (Delivery Hub page)",
    },
    us3: {
        host: "https://us3-api.bringg.com",
        source: "Bringg's OAuth 2.0 URLs page; third-party code calls us3-admin-api.bringg.com",
        confidence: "confirmed (Bringg docs)",
    },
    eu1: {
        host: "https://eu1-admin-api.bringg.com",
        source: "Bringg's API Access Management page names EU1 (AWS), host stripped; Bringg's 2016 iOS SDK uses this host",
        confidence: "inferred",
    },
    eu2: {
        host: "https://eu2-admin-api.bringg.com",
        source: "Bringg's Delivery Hub OAuth page: the token URL for accounts in Europe",
        confidence: "confirmed (Delivery Hub page)",
    },
    eu3: {
        host: "https://eu3-admin-api.bringg.com",
        source: "Bringg's OAuth 2.0 URLs page",
        confidence: "confirmed (Bringg docs)",
    },
} as const satisfies Record<string, RegionHost>;

/** A Bringg region name, e.g. `us2`. */
export type Region = keyof typeof regionTable;

/** Each region's base URL. */
export const regions = Object.fromEntries(Object.entries(regionTable).map(([name, row]) => [name, row.host])) as Record<Region, string>;

/** The region names, in documentation order. */
export const regionNames = Object.keys(regionTable) as Region[];

/** The table as Markdown rows, exactly as README.md and docs/application.md show it. */
export function regionMarkdown(): string {
    const rows = regionNames.map((name) => {
        const { host, source, confidence } = regionTable[name];
        return `| \`${name}\` | \`${host}\` | ${confidence} | ${source} |`;
    });
    return ["| region | host | confidence | source |", "|---|---|---|---|", ...rows].join("\n");
}
