/**
 * The set-up of the real-CLI tests: an emulator on a free loopback port and a stack whose
 * `bringg:endpoint`, `bringg:username` and (secret) `bringg:password` point at it.
 */
import { demoCredentials, startEmulator, type RunningEmulator } from "../../emulator/server";
import { createStack, type CreateStackOptions, type TestStack } from "./pulumi";

/** Options of {@link startBringgStack}: those of `createStack`, plus an emulator to use. */
export interface BringgStackOptions extends CreateStackOptions {
    /**
     * An emulator already started (to seed it before the stack exists); without it one is started.
     * Either way `dispose` stops it.
     */
    emulator?: RunningEmulator;
}

/** An emulator and a stack configured for it. */
export interface BringgStack {
    readonly emulator: RunningEmulator;
    readonly stack: TestStack;
    /** Disposes of the stack (destroying its resources), then stops the emulator. */
    dispose(): Promise<void>;
}

/**
 * Starts the emulator (unless given one) and creates a stack with the demo admin's settings for
 * it; `options.config` adds to (or overrides) those.
 */
export async function startBringgStack(options: BringgStackOptions): Promise<BringgStack> {
    const { emulator: given, ...stackOptions } = options;
    const emulator = given ?? (await startEmulator({ port: 0 }));
    let stack: TestStack;
    try {
        stack = await createStack({
            ...stackOptions,
            config: {
                "bringg:endpoint": emulator.url,
                "bringg:username": demoCredentials.username,
                "bringg:password": { value: demoCredentials.password, secret: true },
                // Lost replies are settled after this window; the default (10 s) would only slow tests down.
                "bringg:lateWriteWindow": "1s",
                ...stackOptions.config,
            },
        });
    } catch (error) {
        await emulator.stop();
        throw error;
    }
    return {
        emulator,
        stack,
        async dispose() {
            await stack.dispose();
            await emulator.stop();
        },
    };
}
