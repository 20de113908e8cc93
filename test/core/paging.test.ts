/**
 * Lists never lie: every declared page style is read whole against the emulator's paged lists,
 * undeclared paging fails the list with the sign seen (never a short list), and a runaway loop of
 * pages ends in an error. Also: a write route the account does not offer (404/405) is said once,
 * with the way on.
 */
import test from "ava";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { demoCredentials, startEmulator, type Paging, type RunningEmulator } from "../../emulator/server";
import type { ApiProfile, Pagination } from "../../provider/api/profile";
import { BringgClient } from "../../provider/core/client";
import { BringgApiError } from "../../provider/core/errors";
import { ListPager, signOfMore } from "../../provider/core/paging";
import * as lookups from "../../provider/lookups/query";

const pageStyle: Pagination = { style: "page", pageParam: "page", perPageParam: "per_page", perPage: 50, firstPage: 1 };
const declared: Record<Paging["style"], Pagination> = {
    page: pageStyle,
    envelope: pageStyle,
    link: { style: "link" },
    cursor: { style: "cursor", cursorParam: "cursor", nextField: "next_cursor" },
};

function profileWith(pagination: Pagination): ApiProfile {
    return { operations: { listApplications: { pagination } } };
}

async function withPagedEmulator(
    paging: Paging,
    applications: number,
    run: (emulator: RunningEmulator, client: (profile?: ApiProfile) => BringgClient) => Promise<void>,
): Promise<void> {
    const emulator = await startEmulator({ port: 0, paging });
    try {
        for (let i = 0; i < applications; i++) {
            emulator.control.createApplication(demoCredentials.merchantId, { name: `app-${String(i).padStart(3, "0")}`, scopes: ["tasks_read"] });
        }
        emulator.control.resetCounters();
        await run(
            emulator,
            (apiProfile) =>
                new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, retry: { limit: 0 }, ...(apiProfile ? { apiProfile } : {}) }),
        );
    } finally {
        await emulator.stop();
    }
}

for (const style of ["page", "envelope", "link", "cursor"] as const) {
    test(`${style} paging as declared: 120 applications over 3 pages of 50 are listed whole, each once, in 3 requests`, async (t) => {
        await withPagedEmulator({ size: 50, style }, 120, async (emulator, client) => {
            const listed = await client(profileWith(declared[style])).listApplications();
            t.is(listed.length, 120);
            t.is(new Set(listed.map((app) => app.id)).size, 120);
            t.deepEqual(
                listed.map((app) => app.name),
                Array.from({ length: 120 }, (_, i) => `app-${String(i).padStart(3, "0")}`),
            );
            t.is(emulator.control.counters().byRoute.listApplications, 3);
        });
    });
}

test("every reader shares one paged list: 10 concurrent readers, a lookup and a find cost the 3 pages once", async (t) => {
    await withPagedEmulator({ size: 50, style: "link" }, 120, async (emulator, client) => {
        const bringg = client(profileWith({ style: "link" }));
        const [lists, last, found] = await Promise.all([
            Promise.all(Array.from({ length: 10 }, () => bringg.listApplications())),
            lookups.application(bringg, { name: "app-119" }),
            bringg.findApplication({ clientId: "missing" }),
        ]);
        t.true(lists.every((list) => list.length === 120));
        t.is(last.name, "app-119", "a lookup finds the application on page 3");
        t.is(found, undefined);
        t.is(emulator.control.counters().byRoute.listApplications, 3);
    });
});

const signs: Record<Paging["style"], RegExp> = {
    page: /a header x-total-count of 60, larger than the 25 items read.*"perPage":25/,
    envelope: /a field meta\.next_page that is set/,
    link: /a Link header with rel="next"/,
    cursor: /a field next_cursor that is set/,
};

for (const style of ["page", "envelope", "link", "cursor"] as const) {
    test(`undeclared ${style} paging fails the list with the sign seen and the fix, never a list of 25`, async (t) => {
        await withPagedEmulator({ size: 25, style }, 60, async (emulator, client) => {
            const bringg = client();
            const error = await t.throwsAsync(bringg.listApplications({ resource: 'application "app-059"' }));
            t.true(BringgApiError.isInstance(error));
            t.is((error as BringgApiError).code, "pagination");
            t.regex(error!.message, /^listApplications for application "app-059" failed: GET \/oauth\/applications returned one page of a longer list: /);
            t.regex(error!.message, signs[style]);
            t.regex(error!.message, /the API profile declares no pagination for listApplications/);
            t.regex(error!.message, /would take what is on the other pages for deleted/);
            t.regex(error!.message, /Fix: declare pagination for listApplications in the API profile .*docs\/real-bringg\.md/);
            t.is(emulator.control.counters().byRoute.listApplications, 1, "one page read, no retry");
            // Each reader gets the failure; none gets a short list.
            await t.throwsAsync(bringg.findApplication({ clientId: "x" }), { message: /one page of a longer list/ });
            await t.throwsAsync(lookups.applications(bringg, {}), { message: /one page of a longer list/ });
        });
    });
}

test("a declared page size larger than the server's cap is read whole: a short first page sets the page size", async (t) => {
    await withPagedEmulator({ size: 50, style: "page" }, 120, async (emulator, client) => {
        const listed = await client(profileWith({ ...pageStyle, perPage: 100 })).listApplications();
        t.is(new Set(listed.map((app) => app.id)).size, 120);
        t.is(emulator.control.counters().byRoute.listApplications, 3);
    });
});

test("a page-style list that fits in one short page costs one more request, which finds the next page empty", async (t) => {
    await withPagedEmulator({ size: 50, style: "page" }, 7, async (emulator, client) => {
        t.is((await client(profileWith(pageStyle)).listApplications()).length, 7);
        t.is(emulator.control.counters().byRoute.listApplications, 2);
    });
});

test("a server that caps the page size and reports no total is still read whole (the pager never stops at a short first page)", (t) => {
    const pager = new ListPager({ ...pageStyle, perPage: 100 }, "http://bringg.test/oauth/applications", { operation: "listApplications" });
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i }));
    let url = pager.first();
    const seen: string[] = [url];
    for (const items of [page(1, 50), page(51, 50), page(101, 20)]) {
        const next = pager.next({ url, headers: {}, body: items, items });
        if (next === undefined) break;
        seen.push(next);
        url = next;
    }
    t.deepEqual(
        seen.map((u) => new URL(u).searchParams.get("page")),
        ["1", "2", "3"],
    );
});

test("a page parameter the server ignores is caught when page 2 repeats page 1", async (t) => {
    await withPagedEmulator({ size: 50, style: "page" }, 120, async (_emulator, client) => {
        const bringg = client(profileWith({ ...pageStyle, pageParam: "p" }));
        await t.throwsAsync(bringg.listApplications(), { message: /page 2 repeats an earlier page .*check pagination\.pageParam/ });
    });
});

/** A server whose cursor paging is broken in the way `next` says. */
async function brokenCursorServer(
    next: (n: number) => { items: number[]; cursor: string },
): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
    let requests = 0;
    const server = createServer((req, res) => {
        const n = requests++;
        const page = next(n);
        const applications = page.items.map((id) => ({
            id,
            name: `a${id}`,
            client_id: `c${id}`,
            scopes: ["tasks_read"],
            enabled: false,
            created_at: "2025-01-01T00:00:00Z",
        }));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ applications, next_cursor: page.cursor }));
        req.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests: () => requests,
        stop: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

const cursorProfile = profileWith({ style: "cursor", cursorParam: "cursor", nextField: "next_cursor" });

test("a cursor that cycles (a, b, a) fails the list at once instead of looping", async (t) => {
    const server = await brokenCursorServer((n) => ({ items: [n * 2 + 1, n * 2 + 2], cursor: n % 2 === 0 ? "a" : "b" }));
    try {
        const client = new BringgClient({ settings: { baseUrl: server.url, ...demoCredentials }, apiProfile: cursorProfile, retry: { limit: 0 } });
        await t.throwsAsync(client.listApplications(), {
            message: /the next page \(\/oauth\/applications\?cursor=a\) was already read: the pages form a loop/,
        });
        t.is(server.requests(), 3);
    } finally {
        await server.stop();
    }
});

test("a page cap stops a cursor that never ends (empty pages, a new cursor each time)", async (t) => {
    const server = await brokenCursorServer((n) => ({ items: [], cursor: `c${n}` }));
    try {
        const client = new BringgClient({
            settings: { baseUrl: server.url, ...demoCredentials },
            apiProfile: cursorProfile,
            retry: { limit: 0 },
            maxListPages: 7,
        });
        const error = await t.throwsAsync(client.listApplications());
        t.is((error as BringgApiError).code, "pagination");
        t.regex(error!.message, /more than 7 pages \(0 items so far\), so the pages may never end/);
        t.is(server.requests(), 7);
    } finally {
        await server.stop();
    }
});

test("signs of more: each is named; a last page without one, and fields inside the items, are none", (t) => {
    t.is(signOfMore({}, [{ next: "x", has_more: true }], 1), undefined, "fields of the items are not signs");
    t.is(signOfMore({}, { applications: [], meta: { next_page: null, total_count: 3 } }, 3), undefined);
    t.is(signOfMore({}, { data: { paging: { has_more: true } } }, 3), "a field data.paging.has_more of true");
    t.is(signOfMore({}, { total: 4 }, 3), "a field total of 4, larger than the 3 items read");
    t.is(signOfMore({ link: '<https://x/a?page=2>; rel="next"' }, [], 0), 'a Link header with rel="next"');
    t.is(signOfMore({ link: '<https://x/a?page=1>; rel="prev"' }, [], 0), undefined);
    t.is(
        signOfMore({}, { next_cursor: "abc" }, 1, { style: "cursor", cursorParam: "c", nextField: "next_cursor" }),
        undefined,
        "the declared cursor is no sign",
    );
});

test("a Link to another host is refused: the admin credentials never leave for it", (t) => {
    const pager = new ListPager({ style: "link" }, "http://127.0.0.1:1/oauth/applications", { operation: "listApplications" });
    t.throws(
        () =>
            pager.next({
                url: pager.first(),
                headers: { link: '<https://elsewhere.example/oauth/applications?page=2>; rel="next"' },
                body: [],
                items: [{ id: 1 }],
            }),
        {
            message: /next page is on another host \(https:\/\/elsewhere\.example\)/,
        },
    );
});

// ---- what the account cannot do -----------------------------------------------------------------

test("an account without API create (404) says so once, unretried, and names the way on: the web UI and adopt", async (t) => {
    await withPagedEmulator({ size: 50, style: "link" }, 0, async (emulator) => {
        emulator.control.disableRoute("createApplication", 404);
        const bringg = new BringgClient({ settings: { baseUrl: emulator.url, ...demoCredentials }, lateWriteWindowMs: 100 });
        const error = await t.throwsAsync(bringg.createApplication({ name: "dashboards", scopes: ["tasks_read"] }, { resource: 'application "dashboards"' }));
        t.is((error as BringgApiError).code, "unsupported");
        t.regex(
            error!.message,
            /^createApplication for application "dashboards" failed: POST \/oauth\/applications returned 404 Not Found: .*: this Bringg account does not offer createApplication through its API \(it answered 404; not retried\)\. Fix: create the application in Bringg's web UI, Settings → Webhooks & API, then manage it with the Application's `adopt: \{ clientId \}`/,
        );
        t.is(error!.message.match(/does not offer/g)?.length, 1, "said once");
        t.is(emulator.control.counters().byRoute.createApplication, 1, "not retried");
    });
});

test("405 on enable, and 404 on delete of an application still listed, say the account lacks the route; a real absence stays absent", async (t) => {
    await withPagedEmulator({ size: 50, style: "link" }, 1, async (emulator) => {
        const bringg = new BringgClient({
            settings: { baseUrl: emulator.url, ...demoCredentials },
            apiProfile: profileWith({ style: "link" }),
            retry: { limit: 0 },
        });
        const [app] = await bringg.listApplications();
        emulator.control.disableRoute("enableApplication", 405);
        await t.throwsAsync(bringg.setEnabled(app!.id, true), {
            message:
                /returned 405 Method Not Allowed.*does not offer enableApplication.*Fix: enable the application in Bringg's web UI, Settings → Webhooks & API/,
        });
        t.is(emulator.control.counters().byRoute.enableApplication, 1);

        emulator.control.disableRoute("deleteApplication", 404);
        const refused = await t.throwsAsync(bringg.deleteApplication(app!.id));
        t.is((refused as BringgApiError).code, "unsupported");
        t.regex(
            refused!.message,
            /does not offer deleteApplication through its API \(it answered 404; not retried\): application \d+ is still listed\. Fix: delete the application in Bringg's web UI/,
        );

        emulator.control.disableRoute("deleteApplication", null);
        t.is(await bringg.deleteApplication(app!.id), "deleted");
        t.is(await bringg.deleteApplication(app!.id), "absent", "an application really gone still counts as deleted");
    });
});

test("deleting applications already gone costs one list between them, not one fresh list each", async (t) => {
    await withPagedEmulator({ size: 50, style: "link" }, 10, async (emulator) => {
        const bringg = new BringgClient({
            settings: { baseUrl: emulator.url, ...demoCredentials },
            apiProfile: profileWith({ style: "link" }),
            retry: { limit: 0 },
        });
        const apps = await bringg.listApplications();
        for (const app of apps) emulator.control.deleteApplication(demoCredentials.merchantId, app.client_id);
        emulator.control.resetCounters();
        t.deepEqual(await Promise.all(apps.map((app) => bringg.deleteApplication(app.id))), Array(10).fill("absent"));
        t.true((emulator.control.counters().byRoute.listApplications ?? 0) <= 2, `${emulator.control.counters().byRoute.listApplications} list requests`);
    });
});

test("a next page's URL in the reply body (links.next) is followed with the link style's nextField, on the same host only", (t) => {
    const pager = new ListPager({ style: "link", nextField: "links.next" }, "http://bringg.test/api/v1/apps", { operation: "listApplications" });
    const body = (next: string | null, from: number) => ({ data: [{ id: from }, { id: from + 1 }], links: { next } });
    const first = pager.first();
    const second = pager.next({ url: first, headers: {}, body: body("http://bringg.test/api/v1/apps?page=2", 1), items: [{ id: 1 }, { id: 2 }] });
    t.is(second, "http://bringg.test/api/v1/apps?page=2");
    t.is(pager.next({ url: second!, headers: {}, body: body(null, 3), items: [{ id: 3 }, { id: 4 }] }), undefined, "null: the last page");
    const elsewhere = new ListPager({ style: "link", nextField: "links.next" }, "http://bringg.test/api/v1/apps", { operation: "listApplications" });
    t.throws(() => elsewhere.next({ url: elsewhere.first(), headers: {}, body: body("http://evil.test/apps?page=2", 1), items: [{ id: 1 }] }), {
        message: /on another host/,
    });
});

test("a URL given as a cursor fails the list, naming the link style that reads it (it would have been sent back as ?cursor= and read short)", (t) => {
    const pager = new ListPager({ style: "cursor", cursorParam: "page", nextField: "links.next" }, "http://bringg.test/api/v1/apps", {
        operation: "listApplications",
    });
    t.throws(
        () =>
            pager.next({
                url: pager.first(),
                headers: {},
                body: { data: [{ id: 1 }], links: { next: "http://bringg.test/api/v1/apps?page=2" } },
                items: [{ id: 1 }],
            }),
        { message: /links\.next is a URL .*\{"style":"link","nextField":"links\.next"\}/ },
    );
});

test("an undeclared next URL in the body is named, never quoted, and the fix suggests the link style with its field", async (t) => {
    const pager = new ListPager({ style: "none" }, "http://bringg.test/api/v1/apps", { operation: "listApplications" });
    const error = t.throws(() =>
        pager.next({
            url: pager.first(),
            headers: {},
            body: { data: [{ id: 1 }], links: { next: "http://bringg.test/api/v1/apps?page=2&secretish=x" } },
            items: [{ id: 1 }],
        }),
    );
    t.regex(error!.message, /a field links\.next holding a URL/);
    t.regex(error!.message, /"pagination":\{"style":"link","nextField":"links\.next"\}/);
    t.false(error!.message.includes("secretish"), "the reply's value is not quoted");
});
