/**
 * What each dynamic-provider hook does for a `VendorCredential`, with no Pulumi imports. The
 * vendor calls go through injected dependencies, so every path is testable without the CLI.
 *
 * | hook   | vendor calls                                                                   |
 * |--------|--------------------------------------------------------------------------------|
 * | check  | none: inputs validated locally, every problem named by field                   |
 * | diff   | none: state against checked inputs; a rejected credential is checked again     |
 * | create | one token request (verify), then delivery                                      |
 * | update | one token request (verify), then delivery                                      |
 * | read   | one token request with `verifyOnRefresh: true`, else none                      |
 * | delete | none: the vendor issued the credential; Pulumi stops keeping it                |
 *
 * Create and update run {@link settle}: verify, then deliver. Any failure throws before anything is
 * recorded or delivered, so a credential that does not work is never half-made: a failed create
 * leaves no resource, a failed update leaves the previous state as it was.
 */
import type { SecretRegistry } from "../core/errors";
import { formatDuration, parseDuration } from "../core/duration";
import { canonicalTriggers } from "../secrets/triggers";
import { containsUnknown, type CheckOutcome } from "../core/check";
import { deliver } from "../delivery/deliver";
import { deliveryOutputs, receiptsOf, storedTargets, takenTargetFailures, targetsOf } from "../delivery/hooks";
import { noHiddenInputs, type HiddenInputs } from "../core/hidden";
import { checkDelivery, type Target } from "../delivery/schema";
import type { Receipt } from "../delivery/store";
import type { DiffOutcome, Props, ReadOutcome, Written } from "../core/contract";
import { profileOf } from "../vendors/client";
import { VendorTokenError } from "../vendors/errors";
import type { TokenGrant } from "../vendors/profile";
import { isVendorName, issueLines, joinScopes, unknownVendorIssue, type VendorName, type VendorSettings } from "../vendors/settings";
import { identityOf, inputNames, secretOf, settingsOf, upgradeState, verificationOf, type CredentialState, type Verification } from "./mapping";
import { credentialInputs, crossInputIssues } from "./schema";

/** The resource type, as messages name it. */
export const kind = "VendorCredential";

/** A credential that passed verification, as delivery receives it. */
export interface VerifiedCredential {
    readonly settings: VendorSettings;
    readonly verification: Verification;
}

/** What the hooks need from the outside world. */
export interface Deps {
    /** The clock, Unix milliseconds. */
    now(): number;
    /** Shows a warning in the CLI. */
    warn(message: string): Promise<void> | void;
    /** One token request with checked settings (provider/vendors/client.ts `requestToken`). */
    requestToken(settings: VendorSettings): Promise<TokenGrant>;
    /**
     * Hands a verified credential to its `deliverTo` targets and returns one receipt per target
     * ({@link deliverToStores} in a provider process). Runs only after verification passed, and
     * before anything is recorded: if it throws, the create or update fails as a whole.
     */
    deliver(credential: VerifiedCredential, targets: readonly Target[]): Promise<Receipt[]>;
}

/** Values that pass validation, standing in for inputs not known until the deployment runs. */
function standIn(key: string, vendor: VendorName, probe: Props): unknown {
    switch (key) {
        case "endpoint":
            return "https://unknown.invalid";
        case "tokenUrl":
            return "https://unknown.invalid/token";
        case "region":
            return "us2";
        case "environment":
            return "sandbox";
        case "ttl":
        case "minLifetime":
            return 1;
        case "bodyEncoding":
            return "json";
        case "clientAuth":
            return vendor === "bruin" ? "body" : "client_secret_basic";
        case "scope":
            // Whatever the scope turns out to be, it is judged at deployment; meanwhile it covers
            // the required scopes.
            return joinScopes([...(Array.isArray(probe.requiredScopes) ? (probe.requiredScopes as string[]) : []), "unknown"]);
        case "requiredScopes":
            return [];
        case "triggers":
            return {};
        case "verifyOnRefresh":
            return false;
        default:
            return "unknown";
    }
}

/**
 * Validates inputs without calling the vendor; every failure at once, each naming its field.
 * Values unknown during preview are not judged. The checked inputs have `verifyOnRefresh`
 * defaulted, scopes normalized and triggers in canonical form.
 */
export function check(_olds: Props, news: Props, _deps?: unknown, hidden: HiddenInputs = noHiddenInputs): CheckOutcome {
    const { deliverTo, ...rest } = news;
    const own = checkCredential(rest);
    const delivery = checkDelivery({ deliverTo });
    const inputs: Props = { ...own.inputs };
    if (delivery.inputs.deliverTo !== undefined) inputs.deliverTo = delivery.inputs.deliverTo;
    // A store another resource of the program delivers to (see provider/delivery/claims.ts).
    const takenFailures = delivery.failures.length === 0 ? takenTargetFailures(hidden.deliveryTargetsTakenBy, targetsOf(delivery.inputs as Props)) : [];
    return { inputs, failures: [...own.failures, ...delivery.failures, ...takenFailures] };
}

/** {@link check} of everything but `deliverTo`. */
function checkCredential(news: Props): CheckOutcome {
    const { __provider: _provider, ...raw } = news;
    for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
    if (containsUnknown(raw.vendor)) return { inputs: raw, failures: [] };
    if (!isVendorName(raw.vendor)) {
        const issue = unknownVendorIssue(raw.vendor);
        return { inputs: raw, failures: [{ property: issue.path, reason: issue.message }] };
    }
    const vendor = raw.vendor;
    const unknownFields = Object.keys(raw).filter((key) => key !== "vendor" && containsUnknown(raw[key]));
    const probe: Props = { ...raw };
    for (const key of unknownFields) probe[key] = standIn(key, vendor, raw);

    const parsed = credentialInputs[vendor].safeParse(probe);
    if (!parsed.success) {
        const known = inputNames(vendor)
            .filter((name) => name !== "vendor")
            .join(", ");
        const failures = parsed.error.issues.flatMap(issueLines).map(({ path, message }) => ({
            property: path,
            reason: message.endsWith("is not a field of this vendor")
                ? `${JSON.stringify(path)} is not an input of a ${vendor} VendorCredential: use ${known}`
                : message,
        }));
        // zod skips the cross-input rules when a field fails; report them too, all at once.
        for (const issue of crossInputIssues(probe)) {
            if (!failures.some((f) => f.property === issue.path)) failures.push({ property: issue.path, reason: issue.message });
        }
        return { inputs: raw, failures };
    }
    const inputs: Props = { ...parsed.data, verifyOnRefresh: parsed.data.verifyOnRefresh ?? false };
    if (parsed.data.requiredScopes !== undefined) inputs.requiredScopes = [...new Set(parsed.data.requiredScopes)].sort();
    if (parsed.data.triggers !== undefined) inputs.triggers = canonicalTriggers(parsed.data.triggers);
    for (const key of unknownFields) inputs[key] = raw[key];
    for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
    return { inputs, failures: [] };
}

/**
 * Any change of an input verifies again (an in-place update); a change of vendor replaces. A
 * credential a refresh found rejected is checked again too, so `pulumi up` fails until it works.
 */
export function diff(_id: string, olds: Props, news: Props): DiffOutcome {
    const state = upgradeState(olds);
    const names = new Set([...inputNames(state.vendor), ...(isVendorName(news.vendor) ? inputNames(news.vendor) : Object.keys(news))]);
    const changed = [...names].filter(
        (key) => key !== "__provider" && (containsUnknown(news[key]) || JSON.stringify(news[key] ?? null) !== JSON.stringify(state[key] ?? null)),
    );
    const replaces = changed.includes("vendor") ? ["vendor"] : [];
    // A changed target list delivers again (commands' env is not kept in the outputs, so not compared).
    const targets = containsUnknown(news.deliverTo) || JSON.stringify(storedTargets(targetsOf(news))) !== JSON.stringify(targetsOf(olds));
    return { changes: changed.length > 0 || targets || state.status === "rejected", replaces, deleteBeforeReplace: false };
}

/** The vendor's name in messages, e.g. `Bruin`. */
function vendorTitle(vendor: VendorName): string {
    return profileOf({ vendor } as VendorSettings).displayName;
}

/**
 * Why a token that was issued still does not satisfy the inputs: a required scope missing, or a
 * lifetime below `minLifetime`. Empty when it does.
 */
export function shortfalls(inputs: Props, grant: TokenGrant): string[] {
    const problems: string[] = [];
    const missing = ((inputs.requiredScopes as string[] | undefined) ?? []).filter((scope) => !grant.scopes.includes(scope));
    if (missing.length > 0) {
        problems.push(`its token lacks the required scope(s) ${missing.join(", ")} (granted: ${grant.scopes.join(" ") || "none"})`);
    }
    if (inputs.minLifetime !== undefined) {
        const minimum = parseDuration(inputs.minLifetime);
        if (grant.lifetimeSeconds === undefined) {
            problems.push(`the vendor did not say how long its token lives, so minLifetime ${formatDuration(minimum)} cannot be confirmed`);
        } else if (grant.lifetimeSeconds < minimum) {
            problems.push(`its token lives ${grant.lifetimeSeconds} s, less than minLifetime ${formatDuration(minimum)} (${minimum} s)`);
        }
    }
    return problems;
}

/** The error for a credential whose token falls short of the inputs. */
function shortfallError(settings: VendorSettings, problems: string[]): Error {
    const profile = profileOf(settings);
    return new Error(
        `${profile.displayName} accepted the credential ${profile.credential(settings)} but ${problems.join("; and ")}. ` +
            "Fix: have the vendor grant the missing scopes to this client, or relax requiredScopes / minLifetime.",
    );
}

/**
 * Verifies the credential with one token request and checks the token against `requiredScopes`
 * and `minLifetime`. The token is dropped here: only what it says about the credential is kept.
 *
 * @throws VendorTokenError (refused, or vendor down) or Error (short of the inputs), naming the vendor.
 */
export async function verify(inputs: Props, deps: Deps): Promise<VerifiedCredential> {
    const settings = settingsOf(inputs);
    const grant = await deps.requestToken(settings);
    const problems = shortfalls(inputs, grant);
    if (problems.length > 0) throw shortfallError(settings, problems);
    return { settings, verification: verificationOf(settings, grant, deps.now()) };
}

/** Verifies, then delivers: what create and update do. */
export async function settle(inputs: Props, deps: Deps): Promise<Props> {
    const verified = await verify(inputs, deps);
    // Delivery comes after verification, so that a credential that does not work is never handed out.
    const targets = targetsOf(inputs);
    const receipts = targets.length > 0 ? await deps.deliver(verified, targets) : [];
    const { deliverTo: _targets, ...rest } = inputs;
    return { ...rest, ...verified.verification, ...deliveryOutputs(targets, receipts) };
}

/**
 * Writes a verified credential to its stores as `{"clientId": <client id or public key>,
 * "clientSecret": <secret>}` (or the bare secret with `format: "secret"`), as Bringg's are.
 */
export function deliverToStores(credential: VerifiedCredential, targets: readonly Target[], secrets?: SecretRegistry): Promise<Receipt[]> {
    const { settings } = credential;
    const current = { clientId: identityOf(settings), clientSecret: secretOf(settings) };
    const resource = `VendorCredential ${vendorTitle(settings.vendor)} ${identityOf(settings)}`;
    return deliver({ current }, targets, secrets ? { resource, secrets } : { resource });
}

/** The resource id: vendor and public identity (the same credential may be declared twice). */
export function idOf(inputs: Props): string {
    return `${String(inputs.vendor)}/${identityOf(settingsOf(inputs))}`;
}

/** Verifies (and delivers) a new credential. */
export async function create(inputs: Props, deps: Deps): Promise<Written> {
    return { id: idOf(inputs), outs: await settle(inputs, deps) };
}

/** Verifies (and delivers) the changed credential; on failure the previous state stays. */
export async function update(id: string, _olds: Props, news: Props, deps: Deps): Promise<Written> {
    return { id, outs: await settle(news, deps) };
}

/**
 * Refresh. Without `verifyOnRefresh` the state is kept as it is, with no vendor call. With it, one
 * token request: a credential the vendor refuses (revoked, rotated, or short of a required scope)
 * becomes `status: "rejected"` with the reason, which the refresh shows as drift; a vendor that
 * cannot be reached changes nothing (it says nothing about the credential). A credential that still
 * works keeps its state unchanged, so a refresh of a healthy stack reports no changes.
 */
export async function read(id: string, props: Props, deps: Deps): Promise<ReadOutcome> {
    // Where the credential was delivered stays as recorded: refresh re-checks the vendor, not the stores.
    const state = { ...upgradeState(props), ...deliveryOutputs(targetsOf(props), receiptsOf(props)) };
    if (state.verifyOnRefresh !== true) return { id, props: state, warnings: [] };
    const settings = settingsOf(state);
    const profile = profileOf(settings);
    const rejected = (problem: string): ReadOutcome => ({
        id,
        props: { ...state, status: "rejected", problem },
        warnings: [
            `${vendorTitle(state.vendor)} credential ${profile.credential(settings)} no longer works: ${problem} ` +
                "`pulumi up` fails on it until the program holds a working credential (or the vendor restores this one).",
        ],
    });
    let grant: TokenGrant;
    try {
        grant = await deps.requestToken(settings);
    } catch (error) {
        if (VendorTokenError.isInstance(error) && (error.code === "bad_credentials" || error.code === "bad_scope")) return rejected(error.message);
        const reason = error instanceof Error ? error.message : String(error);
        return {
            id,
            props: state,
            warnings: [`${vendorTitle(state.vendor)} credential ${profile.credential(settings)} could not be checked; its state is kept: ${reason}`],
        };
    }
    const problems = shortfalls(state, grant);
    if (problems.length > 0) return rejected(shortfallError(settings, problems).message);
    const { problem: _problem, ...healthy } = state as CredentialState;
    return { id, props: { ...healthy, status: "verified" }, warnings: [] };
}

/** Nothing to do at the vendor: it issued the credential; deleting only stops Pulumi keeping it. */
async function remove(): Promise<void> {}
export { remove as delete };
