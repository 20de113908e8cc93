/**
 * The demo credentials of each vendor emulator as token settings pointing at a running emulator.
 */
import { demoVendorCredentials as demo } from "../../emulator/server";

/** Token settings for each vendor's demo credential, at the emulator `url`. */
export function demoSettings(url: string) {
    return {
        bruin: { vendor: "bruin", clientId: demo.bruin.clientId, clientSecret: demo.bruin.clientSecret, scope: "public_api", endpoint: `${url}/bruin` },
        brainysoft: {
            vendor: "brainysoft",
            customerKey: demo.brainysoft.customerKey,
            clientId: demo.brainysoft.clientId,
            clientSecret: demo.brainysoft.clientSecret,
            endpoint: `${url}/brainysoft/{customerKey}`,
        },
        brite: { vendor: "brite", publicKey: demo.brite.publicKey, secret: demo.brite.secret, endpoint: `${url}/brite` },
    };
}
