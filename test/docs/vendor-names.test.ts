/**
 * A vendor is called the same in errors and in the docs: each profile's display name (what every
 * refusal names) is the one docs/vendors.md gives the vendor's section.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { profiles } from "../../provider/vendors/client";

const docs = readFileSync(path.resolve(__dirname, "../../../docs/vendors.md"), "utf8");

for (const [vendor, profile] of Object.entries(profiles)) {
    test(`${vendor}: errors name it as docs/vendors.md does`, (t) => {
        const heading = new RegExp(`^### \`${vendor}\`: (.+)$`, "m").exec(docs)?.[1];
        t.truthy(heading, `docs/vendors.md has a section for ${vendor}`);
        t.true(heading!.endsWith(profile.displayName), `"${profile.displayName}" in errors, "${heading}" in the docs`);
    });
}
