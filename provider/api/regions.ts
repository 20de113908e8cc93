/**
 * Bringg's regional admin/OAuth hosts (research: bringg-api.md §4). A merchant's apps, scopes and
 * tokens live in exactly one region; `bringg:endpoint` overrides this table (emulator, proxies).
 */
export const regions = {
    us1: "https://admin-api.bringg.com",
    us2: "https://us2-admin-api.bringg.com",
    us3: "https://us3-admin-api.bringg.com",
    eu1: "https://eu1-admin-api.bringg.com",
    eu2: "https://eu2-admin-api.bringg.com",
    eu3: "https://eu3-admin-api.bringg.com",
} as const;

/** A Bringg region name, e.g. `us2`. */
export type Region = keyof typeof regions;

/** The region names, in documentation order. */
export const regionNames = Object.keys(regions) as Region[];
