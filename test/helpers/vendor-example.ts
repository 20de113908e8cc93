/**
 * The stack config examples/vendor-credentials reads (its README's list, in its order), with a
 * credential issued by each vendor emulator: shared by the example's own real-CLI test and the
 * run of every example against the packed package.
 */
import type { VendorControl } from "../../emulator/server";

/** The config, and the secrets it holds (for leak scans). */
export function vendorExampleConfig(
    emulator: { readonly url: string; readonly vendors: Pick<VendorControl, "issueCredential"> },
    storeDir: string,
): { config: Record<string, string | { value: string; secret: true }>; secrets: string[] } {
    const bruin = emulator.vendors.issueCredential("bruin");
    const brainysoft = emulator.vendors.issueCredential("brainysoft");
    const brite = emulator.vendors.issueCredential("brite");
    return {
        config: {
            vendorEmulator: emulator.url,
            storeDir,
            bruinClientId: bruin.id,
            bruinClientSecret: { value: bruin.secret, secret: true },
            brainysoftCustomerKey: brainysoft.customerKey!,
            brainysoftClientId: brainysoft.id,
            brainysoftClientSecret: { value: brainysoft.secret, secret: true },
            britePublicKey: brite.id,
            briteSecret: { value: brite.secret, secret: true },
        },
        secrets: [bruin.secret, brainysoft.secret, brite.secret],
    };
}
