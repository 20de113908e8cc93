/**
 * The fault soak, short and seeded: 10 runs of `planSoak(1, 10, { balanced: true })` (every fault
 * kind at least once) through the real Pulumi CLI against the emulator, each run a test. The same
 * loop at length is `npm run soak`.
 *
 * Runs that the provider on main does not survive yet (a fault the soak found, not fixed yet) are
 * declared `test.failing`: they pass while the check still finds the damage, and fail, asking to be
 * flipped, once the provider converges. The check itself is never relaxed.
 */
import test from "ava";
import { converged } from "../../soak/converge";
import { planSoak, SoakSession, type PlannedRun, type SelfTestResult } from "../../soak/soak";

const seed = 1;
const plan = planSoak(seed, 10, { balanced: true });

/**
 * Runs the provider does not survive yet; delete a line when its fix lands. None now:
 * `pulumi up` killed while an application is being created left a second application until
 * `pulumi-bringg recover` kept the interrupted create as a pending create.
 */
const knownBroken: Array<(run: PlannedRun) => boolean> = [];

let session: SoakSession | undefined;
let selfTest: SelfTestResult | undefined;

test.before(async (t) => {
    t.timeout(5 * 60_000);
    session = await SoakSession.start({ seed, log: (line) => t.log(line) });
    selfTest = await session.selfTest();
});

test.after.always(async () => {
    await session?.dispose();
});

test.serial("the convergence check is clean on the deployed program and finds a planted orphan, duplicate, TTL change and dead secret", (t) => {
    t.truthy(selfTest);
    t.true(converged(selfTest!.baseline), selfTest!.baseline.details.join("; "));
    const planted = selfTest!.planted;
    t.is(planted.orphans, 1);
    t.is(planted.duplicates, 1);
    t.is(planted.ttlMismatches, 1);
    t.is(planted.lostSecrets, 1);
    t.is(planted.missing + planted.appMismatches, 0);
});

function title(run: PlannedRun): string {
    return `run ${run.index}: after "${run.change.description}" under "${run.fault.description}", Bringg matches the program and every published secret works`;
}

for (const run of plan) {
    const declare = knownBroken.some((broken) => broken(run)) ? test.serial.failing : test.serial;
    declare(title(run), async (t) => {
        t.timeout(4 * 60_000);
        const result = await session!.execute(run);
        t.log(`faulty up ${result.faultyUp}${result.faultDelivered ? "" : " (fault not delivered)"}; ${result.details.join("; ") || "no findings"}`);
        t.is(result.outcome, "converged", result.errorTail ?? result.details.join("; "));
        t.like(result, { duplicates: 0, orphans: 0, missing: 0, appMismatches: 0, lostSecrets: 0, ttlMismatches: 0 });
    });
}
