// The emulated Settings → Webhooks & API page. Plain JavaScript, no build step.
//
// It signs in with an admin's username and password (HTTP Basic, kept in memory only) and uses the
// same Management routes as the provider (their paths come from /ui/routes.json, i.e. from
// provider/api/routes.ts). Its own calls carry a header so the live log can tell them apart.
"use strict";

const pageHeader = "x-bringg-emulator-page";
const state = { auth: "", user: "", routes: {}, apps: [], scopes: [], edits: {}, lastSeq: 0, pollTimer: 0 };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (value === undefined || value === false) continue;
        if (key === "class") node.className = value;
        else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
        else if (key === "dataset") Object.assign(node.dataset, value);
        else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
        if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
    }
    return node;
}

function human(seconds) {
    if (seconds % 86400 === 0) return `${seconds / 86400} d`;
    if (seconds % 3600 === 0) return `${seconds / 3600} h`;
    if (seconds % 60 === 0) return `${seconds / 60} min`;
    return `${seconds} s`;
}

function toast(message, fail = false) {
    const box = $("toast");
    box.textContent = message;
    box.className = fail ? "toast fail" : "toast";
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (box.hidden = true), fail ? 6000 : 2500);
}

// ---- API --------------------------------------------------------------------------------------

class ApiFailure extends Error {}

async function request(method, path, body) {
    const headers = { authorization: state.auth, [pageHeader]: "1" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiFailure(`${method} ${path}: ${response.status} ${data?.title ?? data?.error_description ?? ""}`.trim());
    return data;
}

function route(name, params = {}, body) {
    const { method, path } = state.routes[name];
    const filled = path.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(String(params[key])));
    return request(method, filled, body);
}

// ---- sign in ----------------------------------------------------------------------------------

async function signIn(event) {
    event.preventDefault();
    const username = $("login-username").value.trim();
    const password = $("login-password").value;
    state.auth = `Basic ${btoa(unescape(encodeURIComponent(`${username}:${password}`)))}`;
    state.user = username;
    $("login-error").textContent = "";
    try {
        state.routes = await (await fetch("/ui/routes.json")).json();
        const log = await request("GET", "/__emulator/calls?after=0");
        showMerchant(log.merchant);
        await Promise.all([loadApps(), loadScopes()]);
        $("login").hidden = true;
        $("app").hidden = false;
        $("account").hidden = false;
        appendCalls(log.calls, false);
        void poll();
    } catch (error) {
        state.auth = "";
        $("login-error").textContent = error instanceof ApiFailure ? error.message.replace(/^GET \S+: /, "") : String(error);
    }
}

function signOut() {
    clearTimeout(state.pollTimer);
    Object.assign(state, { auth: "", user: "", apps: [], scopes: [], edits: {}, lastSeq: 0 });
    $("log-list").replaceChildren();
    $("app").hidden = true;
    $("account").hidden = true;
    $("login").hidden = false;
    $("login-password").value = "";
}

function showMerchant(merchant) {
    $("merchant-name").textContent = merchant.name;
    $("merchant-region").textContent = merchant.region;
    $("user-name").textContent = state.user;
}

// ---- applications -----------------------------------------------------------------------------

async function loadApps() {
    state.apps = await route("listApplications");
    renderApps();
}

function renderApps() {
    const rows = state.apps.map((app) =>
        el(
            "tr",
            { dataset: { app: app.client_id, name: app.name } },
            el(
                "td",
                {},
                el(
                    "label",
                    { class: "switch", title: app.enabled ? "Enabled: click to disable" : "Disabled: click to enable" },
                    el("input", { type: "checkbox", "aria-label": `Enable ${app.name}`, checked: app.enabled, onchange: (e) => toggle(app, e.target) }),
                    el("span"),
                ),
            ),
            el("td", {}, el("strong", {}, app.name)),
            el(
                "td",
                {},
                el(
                    "span",
                    { class: "client-id" },
                    el("code", { title: app.client_id }, `${app.client_id.slice(0, 10)}…`),
                    el("button", { type: "button", class: "link small", onclick: () => copy(app.client_id, "Client ID copied") }, "Copy"),
                ),
            ),
            el(
                "td",
                {},
                el(
                    "div",
                    { class: "chips" },
                    app.scopes.map((scope) => el("span", { class: "chip" }, scope)),
                ),
            ),
            el("td", { class: "muted" }, new Date(app.created_at).toLocaleString()),
            el(
                "td",
                { class: "row-actions" },
                el("button", { type: "button", onclick: () => confirmNewSecret(app) }, "Generate new secret"),
                " ",
                el("button", { type: "button", class: "danger", onclick: () => confirmDelete(app) }, "Delete"),
            ),
        ),
    );
    $("apps-body").replaceChildren(...rows);
    $("apps-empty").hidden = state.apps.length > 0;
}

async function toggle(app, input) {
    input.disabled = true;
    try {
        const updated = await route(input.checked ? "enableApplication" : "disableApplication", { id: app.id });
        state.apps = state.apps.map((a) => (a.id === updated.id ? updated : a));
        toast(`${updated.name} ${updated.enabled ? "enabled" : "disabled"}`);
    } catch (error) {
        input.checked = !input.checked;
        toast(error.message, true);
    }
    renderApps();
}

async function copy(text, message) {
    try {
        await navigator.clipboard.writeText(text);
        toast(message);
    } catch {
        toast("Copy is not available here: select the text instead", true);
    }
}

// ---- dialogs ----------------------------------------------------------------------------------

/** Opens the dialog with a title, body nodes and buttons ({label, primary, danger, action}). */
function openDialog(title, body, buttons) {
    $("dialog-title").textContent = title;
    $("dialog-body").replaceChildren(...body);
    $("dialog-error").textContent = "";
    $("dialog-actions").replaceChildren(
        ...buttons.map((button) =>
            el(
                "button",
                {
                    type: "button",
                    class: button.primary ? "primary" : button.danger ? "danger" : undefined,
                    onclick: async (event) => {
                        if (!button.action) return $("dialog").close();
                        event.target.disabled = true;
                        try {
                            await button.action();
                        } catch (error) {
                            $("dialog-error").textContent = error.message;
                        } finally {
                            event.target.disabled = false;
                        }
                    },
                },
                button.label,
            ),
        ),
    );
    if (!$("dialog").open) $("dialog").showModal();
}

function secretBox(label, value) {
    return el(
        "div",
        {},
        el("div", { class: "muted small" }, label),
        el(
            "div",
            { class: "secret-box" },
            el("code", { dataset: { secret: label } }, value),
            el("button", { type: "button", onclick: () => copy(value, `${label} copied`) }, "Copy"),
        ),
    );
}

function confirmNewSecret(app) {
    openDialog(
        `Generate a new secret for ${app.name}?`,
        [
            el(
                "p",
                { class: "warning" },
                "Generating a new client_secret will block access to requests using the previous client_secret, and every token issued with it stops working.",
            ),
        ],
        [
            { label: "Cancel" },
            {
                label: "Generate new secret",
                primary: true,
                action: async () => {
                    const updated = await route("regenerateSecret", { id: app.id });
                    showSecret(updated, "New client secret");
                },
            },
        ],
    );
}

function showSecret(app, title) {
    openDialog(
        title,
        [
            el("p", {}, "Copy the client secret now: it is shown only this once."),
            secretBox("Client ID", app.client_id),
            secretBox("Client secret", app.client_secret),
            app.enabled ? null : el("p", { class: "muted small" }, "The app is disabled by default: activate it with its toggle."),
        ],
        [
            {
                label: "Done",
                primary: true,
                action: async () => {
                    $("dialog").close();
                    await loadApps();
                },
            },
        ],
    );
}

function confirmDelete(app) {
    openDialog(
        `Delete ${app.name}?`,
        [el("p", {}, "Its credentials and every token it holds stop working at once.")],
        [
            { label: "Cancel" },
            {
                label: "Delete",
                danger: true,
                action: async () => {
                    await route("deleteApplication", { id: app.id });
                    $("dialog").close();
                    await loadApps();
                },
            },
        ],
    );
}

function addApp() {
    const name = el("input", { id: "new-app-name", required: true, placeholder: "e.g. OMS integration" });
    const picker = el(
        "div",
        { class: "scope-picker" },
        state.scopes.map((scope) =>
            el(
                "label",
                { class: `depth-${depthOf(scope)}` },
                el("input", { type: "checkbox", value: scope.name }),
                " ",
                scope.name,
                el("span", { class: "muted small" }, ` ${scope.description ?? ""}`),
            ),
        ),
    );
    openDialog(
        "Add App",
        [
            el("label", { class: "field" }, "App name", name),
            el("div", { class: "field" }, "Scopes"),
            picker,
            el(
                "p",
                { class: "muted small" },
                "Selecting a group covers every scope under it, including scopes added later. Scopes cannot be changed once the app is created.",
            ),
        ],
        [
            { label: "Cancel" },
            {
                label: "Next",
                primary: true,
                action: async () => {
                    const scopes = [...picker.querySelectorAll("input:checked")].map((box) => box.value);
                    if (!name.value.trim()) throw new Error("Give the app a name.");
                    if (scopes.length === 0) throw new Error("Select at least one scope.");
                    const created = await route("createApplication", {}, { name: name.value.trim(), scopes });
                    showSecret(created, `${created.name} created`);
                },
            },
        ],
    );
    name.focus();
}

// ---- scopes -----------------------------------------------------------------------------------

async function loadScopes() {
    state.scopes = await route("listScopes");
    state.edits = {};
    renderScopes();
}

function depthOf(scope) {
    let depth = 0;
    for (let parent = scope.parent; parent; parent = state.scopes.find((s) => s.name === parent)?.parent) depth++;
    return Math.min(depth, 2);
}

function kindBadges(scope) {
    const badges = [];
    if (/_read$/i.test(scope.name)) badges.push(el("span", { class: "kind read" }, "read"));
    if (/_write$/i.test(scope.name)) badges.push(el("span", { class: "kind write" }, "write"));
    if (scope.method) badges.push(el("span", { class: "kind method" }, scope.method));
    return badges;
}

function renderScopes() {
    const rows = state.scopes.map((scope) => {
        const pending = Object.hasOwn(state.edits, scope.name);
        const value = pending ? state.edits[scope.name] : scope.ttl;
        const input = el("input", {
            type: "number",
            min: "1",
            step: "1",
            value: value ?? scope.default_ttl,
            "aria-label": `TTL of ${scope.name} in seconds`,
            onchange: (e) => editTtl(scope, e.target.value),
        });
        const shown = value ?? scope.default_ttl;
        return el(
            "tr",
            {
                dataset: { scope: scope.name },
                class:
                    [depthOf(scope) === 0 ? "group" : "", scope.ttl !== scope.default_ttl ? "overridden" : "", pending ? "pending" : ""].join(" ").trim() ||
                    undefined,
            },
            el("td", { class: `depth-${depthOf(scope)}` }, scope.name, ...kindBadges(scope)),
            el("td", { class: "muted" }, scope.description ?? ""),
            el("td", { class: "muted" }, human(scope.default_ttl)),
            el("td", { class: "ttl" }, input, el("span", { class: "human" }, human(Number(shown)))),
            el(
                "td",
                {},
                scope.ttl !== scope.default_ttl || (pending && state.edits[scope.name] !== null)
                    ? el("button", { type: "button", class: "link small", onclick: () => editTtl(scope, null) }, "Reset")
                    : null,
            ),
        );
    });
    $("scopes-body").replaceChildren(...rows);
    const count = Object.keys(state.edits).length;
    $("ttl-pending").textContent = count ? `${count} unsaved change${count > 1 ? "s" : ""}` : "";
    $("ttl-save").disabled = count === 0;
    $("ttl-discard").disabled = count === 0;
}

function editTtl(scope, raw) {
    const value = raw === null ? null : Number(raw);
    const unchanged = value === null ? scope.ttl === scope.default_ttl : value === scope.ttl;
    if (unchanged) delete state.edits[scope.name];
    else state.edits[scope.name] = value;
    renderScopes();
}

async function saveTtls() {
    try {
        state.scopes = await route("setScopeTtls", {}, state.edits);
        state.edits = {};
        toast("TTLs saved");
    } catch (error) {
        toast(error.message, true);
    }
    renderScopes();
}

// ---- live log ---------------------------------------------------------------------------------

const reloadsApps = new Set(["createApplication", "enableApplication", "disableApplication", "regenerateSecret", "deleteApplication"]);

function appendCalls(calls, fresh) {
    const list = $("log-list");
    for (const call of calls) {
        state.lastSeq = Math.max(state.lastSeq, call.seq);
        const ok = call.status < 400;
        list.prepend(
            el(
                "li",
                { class: fresh ? "fresh" : undefined, dataset: { route: call.route ?? "", via: call.via } },
                el("span", { class: "time" }, new Date(call.at).toLocaleTimeString([], { hour12: false })),
                el("span", { class: "call" }, `${call.method} ${call.path}`),
                el("span", { class: `status ${ok ? "ok" : "fail"}` }, call.status),
                el(
                    "span",
                    { class: "who" },
                    el("span", { class: "via" }, call.via),
                    " ",
                    call.route ?? "unknown route",
                    call.actor ? ` · ${call.actor}` : "",
                    call.region ? ` · ${call.region} host` : "",
                ),
            ),
        );
    }
    while (list.children.length > 200) list.lastChild.remove();
}

async function poll() {
    try {
        const { calls } = await request("GET", `/__emulator/calls?after=${state.lastSeq}`);
        appendCalls(calls, true);
        // Someone else (pulumi up, a script) changed something: show it.
        const others = calls.filter((c) => c.via === "api" && c.status < 400);
        if (others.some((c) => reloadsApps.has(c.route))) await loadApps();
        if (others.some((c) => c.route === "setScopeTtls") && Object.keys(state.edits).length === 0) await loadScopes();
    } catch {
        // The emulator may be restarting; keep polling.
    }
    if (state.auth) state.pollTimer = setTimeout(poll, 1000);
}

// ---- wiring -----------------------------------------------------------------------------------

$("login-form").addEventListener("submit", signIn);
// A shown secret must not outlive its dialog.
$("dialog").addEventListener("close", () => $("dialog-body").replaceChildren());
$("sign-out").addEventListener("click", signOut);
$("add-app").addEventListener("click", addApp);
$("refresh").addEventListener("click", () => Promise.all([loadApps(), loadScopes()]).catch((e) => toast(e.message, true)));
$("ttl-save").addEventListener("click", saveTtls);
$("ttl-discard").addEventListener("click", () => {
    state.edits = {};
    renderScopes();
});
