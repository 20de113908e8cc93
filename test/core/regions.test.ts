import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { regionMarkdown, regionTable } from "../../provider/api/regions";

const root = path.resolve(__dirname, "..", "..", "..");

test("README.md, docs/application.md and emulator/README.md show the region table of provider/api/regions.ts, source and confidence per host", (t) => {
    for (const file of ["README.md", "docs/application.md", "emulator/README.md"]) {
        t.true(readFileSync(path.join(root, file), "utf8").includes(regionMarkdown()), `${file} is out of date: paste regionMarkdown()`);
    }
});

test("the Delivery Hub page's us2 and eu2 token hosts are confirmed; us3 is Bringg's documented us3-api host", (t) => {
    t.like(regionTable.us2, { host: "https://us2-admin-api.bringg.com", confidence: "confirmed (Delivery Hub page)" });
    t.like(regionTable.eu2, { host: "https://eu2-admin-api.bringg.com", confidence: "confirmed (Delivery Hub page)" });
    t.is(regionTable.us3.host, "https://us3-api.bringg.com");
    t.is(regionTable.us1.confidence, "inferred");
    t.is(regionTable.eu1.confidence, "inferred");
});
