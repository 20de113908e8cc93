/**
 * `pulumi up` SIGKILLed while an application is being created (held in flight by the emulator's
 * latency fault), then the recovery docs/troubleshooting.md gives: `pulumi-bringg recover` and one
 * `pulumi up`. Bringg must then match the program with no orphan and no duplicate, and every
 * published secret must get a token (the older recovery, cancel and refresh --clear-pending-creates,
 * left an orphan and a duplicate). Both kinds of create are met: a new application, and the
 * replacement of one whose scopes changed (created first, the old one deleted after). Runs through the soak's machinery (soak/soak.ts) with the real CLI.
 */
import test from "ava";
import { randomFault } from "../../soak/faults";
import { initialModel, randomChange, type Change, type ProgramModel } from "../../soak/model";
import { Rng } from "../../soak/rng";
import { SoakSession, type PlannedRun } from "../../soak/soak";

/**
 * The first seeded draw (the soak's own generators) of a change of `kind` whose kill lands while
 * the application create is in flight.
 */
function killDuringCreate(index: number, before: ProgramModel, kind: Change["kind"]): PlannedRun {
    for (let seed = 1; seed < 10_000; seed++) {
        const rng = new Rng(seed);
        const change = randomChange(rng, before);
        if (change.kind !== kind) continue;
        const fault = randomFault(rng, change, before, ["kill"]);
        if (fault.kill?.route === "createApplication") return { index, before, change, fault };
    }
    throw new Error(`no seed below 10000 draws a ${kind} killed during createApplication`);
}

const add = killDuringCreate(1, initialModel(), "addApp");
const replace = killDuringCreate(2, add.change.after, "changeScopes");

let session: SoakSession | undefined;

test.before(async (t) => {
    t.timeout(5 * 60_000);
    session = await SoakSession.start({ seed: 0, log: (line) => t.log(line) });
});

test.after.always(async () => {
    await session?.dispose();
});

for (const run of [add, replace]) {
    test.serial(
        `after "${run.change.description}" is killed during the create ("${run.fault.description}"), recover and one up leave no orphan and no duplicate`,
        async (t) => {
            t.timeout(4 * 60_000);
            const result = await session!.execute(run);
            t.log((await session!.observe()).applications.map((a) => `${a.id} ${a.name}`).join(", "));
            t.log(`${result.faultyUp}; recovery ${JSON.stringify(result.recovery)}; ${result.details.join("; ") || "no findings"}`);
            t.is(result.faultyUp, "killed");
            t.deepEqual(
                result.recovery.map((r) => r.code),
                [0],
            );
            t.is(result.outcome, "converged", result.errorTail ?? result.details.join("; "));
            t.like(result, { duplicates: 0, orphans: 0, missing: 0, appMismatches: 0, lostSecrets: 0, ttlMismatches: 0 });
        },
    );
}
