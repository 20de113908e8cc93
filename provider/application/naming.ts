/**
 * Display names of applications, Pulumi style: without an explicit `name`, the name is the resource
 * name plus a random suffix (`dashboards-3f9a2c1`), so that no other stack, and no other resource of
 * this one, uses it. A create whose reply was lost is then reconciled by that name alone.
 *
 * Pulumi's autonaming settings (`pulumi:autonaming` in the stack config: `mode` default, verbatim or
 * disabled, and `pattern`, also per provider under `providers.bringg`) are honoured. The engine does
 * not hand them to dynamic providers, so the resource class reads them in the program and passes
 * them as the hidden input `autonaming` (../core/hidden.ts); check generates the name once, and
 * keeps it for the resource's life (a name in the stored inputs is never generated again).
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { AutonamingRequest } from "../core/hidden";

export type { AutonamingRequest };

/** The pattern Pulumi's providers use: the resource name, a dash, seven random hex digits. */
export const defaultPattern = "${name}-${hex(7)}";

/** A generated name, or why none can be. */
export type Autoname = { readonly ok: true; readonly name: string; readonly unique: boolean } | { readonly ok: false; readonly reason: string };

const alphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";
const letters = "abcdefghijklmnopqrstuvwxyz";

function pick(alphabet: string, length: number): string {
    return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");
}

/** The expansion of one `${...}` of a pattern; undefined for a placeholder Pulumi does not define. */
function expand(placeholder: string, request: AutonamingRequest): { text: string; random: boolean } | undefined {
    const sized = /^(hex|alphanum|string|num)\((\d{1,2})\)$/.exec(placeholder);
    if (sized) {
        const length = Number(sized[2]);
        if (length < 1 || length > 32) return undefined;
        switch (sized[1]) {
            case "hex":
                return {
                    text: randomBytes(Math.ceil(length / 2))
                        .toString("hex")
                        .slice(0, length),
                    random: true,
                };
            case "alphanum":
                return { text: pick(alphanumerics, length), random: true };
            case "string":
                return { text: pick(letters, length), random: true };
            default:
                return { text: pick("0123456789", length), random: true };
        }
    }
    switch (placeholder) {
        case "name":
            return { text: request.resourceName, random: false };
        case "project":
            return request.project === undefined ? undefined : { text: request.project, random: false };
        case "stack":
            return request.stack === undefined ? undefined : { text: request.stack, random: false };
        case "uuid":
            return { text: randomUUID(), random: true };
        default:
            return undefined;
    }
}

/**
 * The display name for a resource without an explicit `name`. `unique` says whether the name has a
 * random part: only then may a lost create reply be reconciled by the name alone.
 */
export function autoname(request: AutonamingRequest): Autoname {
    const mode = request.mode ?? "default";
    if (mode === "verbatim") return { ok: true, name: request.resourceName, unique: false };
    if (mode === "disabled") {
        return {
            ok: false,
            reason: "name is required: pulumi:autonaming mode is disabled in this stack's config, so set the application's display name",
        };
    }
    if (mode !== "default") {
        return { ok: false, reason: `pulumi:autonaming mode ${JSON.stringify(mode)} is not one of default, verbatim or disabled: correct the stack config` };
    }
    let unique = false;
    let unknown: string | undefined;
    const name = (request.pattern ?? defaultPattern).replace(/\$\{([^}]*)\}/g, (_, placeholder: string) => {
        const part = expand(placeholder.trim(), request);
        if (!part) {
            unknown ??= placeholder;
            return "";
        }
        unique ||= part.random;
        return part.text;
    });
    if (unknown !== undefined) {
        return {
            ok: false,
            reason: `pulumi:autonaming pattern ${JSON.stringify(request.pattern)} uses \${${unknown}}, which is not one of \${name}, \${project}, \${stack}, \${hex(n)}, \${alphanum(n)}, \${string(n)}, \${num(n)}, \${uuid}: correct the stack config`,
        };
    }
    return { ok: true, name, unique };
}
