/**
 * What one `npm run bench` measures: flags first, then `BENCH_*` environment variables, then the
 * defaults. `npm run bench -- --help` lists them.
 */
import { parseArgs } from "node:util";

/** The bench's settings. */
export interface BenchOptions {
    /** Sizes: N applications (+ 1 ScopeTtls) against N + 1 do-nothing resources. */
    readonly sizes: number[];
    /** Rounds per size; each round runs every step for the floor and the provider, interleaved. */
    readonly rounds: number;
    /** Which profiles run: `local` (the emulator answers at once), `latency` (every call waits). */
    readonly profiles: Array<"local" | "latency">;
    /** The latency profile's delay per Bringg call. */
    readonly latencyMs: number;
    /** The latency profile's size. */
    readonly latencySize: number;
    /** The `--parallel` values the latency profile compares (0: the CLI's default, unbounded). */
    readonly parallel: number[];
    /** Token requests in the token-rate measure. */
    readonly tokens: number;
    /** Scopes in the TTL-converge measure. */
    readonly ttlScopes: number;
    /** Take a CPU profile of every process of one provider cycle at this size (0: none). */
    readonly cpuProfileSize: number;
    /**
     * Whether the main steps (and the latency profile) also run the native plugin, installed from
     * the tarball of the dist/ just built, beside the dynamic resources and the floor.
     */
    readonly native: boolean;
    /** Which suites run: main (the five steps), ttl, rotation, calls (tokens, per-call latency), cpu. */
    readonly suites: Suite[];
    /** Where results/<date>.json and the charts go. */
    readonly outDir: string;
    /** Measure nothing: write the report and chart again from this results file. */
    readonly render?: string;
}

/** The suites of the local profile. */
export const suites = ["main", "ttl", "rotation", "calls", "cpu"] as const;
/** One suite. */
export type Suite = (typeof suites)[number];

const usage = `usage: npm run bench -- [options]
  --suites main,ttl,rotation,calls,cpu   what the local profile runs (BENCH_SUITES)
  --sizes 10,100,300      N: Applications (+1 ScopeTtls) against N+1 do-nothing resources (BENCH_SIZES)
  --rounds 3              rounds per size, floor and providers interleaved step by step (BENCH_ROUNDS)
  --native yes            also run the native plugin (pulumi-resource-bringg) in the main steps and
                          the latency profile, beside the dynamic resources; no = dynamic only (BENCH_NATIVE)
  --profiles local,latency                                                (BENCH_PROFILES)
  --latency-ms 80         simulated Bringg latency per call, latency profile (BENCH_LATENCY_MS)
  --latency-size 100      N of the latency profile                        (BENCH_LATENCY_SIZE)
  --parallel 1,10,0       pulumi --parallel values of the latency profile; 0 = CLI default (BENCH_PARALLEL)
  --tokens 500            token requests per rate measure                 (BENCH_TOKENS)
  --ttl-scopes 50         scopes of the TTL converge                      (BENCH_TTL_SCOPES)
  --cpu-profile 100       CPU-profile one provider cycle at this N; 0 = skip (BENCH_CPU_PROFILE)
  --out bench/results     output folder                                   (BENCH_OUT)
  --render <file.json>    measure nothing: write the report and chart of an earlier run again`;

function numbers(text: string, name: string): number[] {
    const values = text.split(",").map((part) => Number(part.trim()));
    if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 0)) {
        throw new Error(`${name} takes whole numbers separated by commas, not ${JSON.stringify(text)}`);
    }
    return values;
}

/** Reads the flags and environment; prints usage and exits for `--help`. */
export function benchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
    const { values } = parseArgs({
        args: argv,
        options: {
            sizes: { type: "string" },
            rounds: { type: "string" },
            profiles: { type: "string" },
            "latency-ms": { type: "string" },
            "latency-size": { type: "string" },
            parallel: { type: "string" },
            tokens: { type: "string" },
            "ttl-scopes": { type: "string" },
            "cpu-profile": { type: "string" },
            out: { type: "string" },
            suites: { type: "string" },
            native: { type: "string" },
            render: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        strict: true,
    });
    if (values.help) {
        console.log(usage);
        process.exit(0);
    }
    const pick = (flag: string | undefined, variable: string, fallback: string) => flag ?? env[variable] ?? fallback;
    const one = (text: string, name: string) => {
        const [value, ...rest] = numbers(text, name);
        if (rest.length > 0) throw new Error(`${name} takes one number`);
        return value!;
    };
    const profiles = pick(values.profiles, "BENCH_PROFILES", "local,latency")
        .split(",")
        .map((p) => p.trim());
    for (const profile of profiles) {
        if (profile !== "local" && profile !== "latency") throw new Error(`--profiles takes local and/or latency, not ${profile}`);
    }
    const rounds = one(pick(values.rounds, "BENCH_ROUNDS", "3"), "--rounds");
    if (rounds < 1) throw new Error("--rounds must be at least 1");
    const chosen = pick(values.suites, "BENCH_SUITES", suites.join(","))
        .split(",")
        .map((x) => x.trim());
    for (const suite of chosen) {
        if (!(suites as readonly string[]).includes(suite)) throw new Error(`--suites takes ${suites.join(", ")}, not ${suite}`);
    }
    const native = pick(values.native, "BENCH_NATIVE", "yes").trim();
    if (native !== "yes" && native !== "no") throw new Error(`--native takes yes or no, not ${native}`);
    return {
        suites: chosen as Suite[],
        native: native === "yes",
        sizes: numbers(pick(values.sizes, "BENCH_SIZES", "10,100,300"), "--sizes").filter((n) => n > 0),
        rounds,
        profiles: profiles as Array<"local" | "latency">,
        latencyMs: one(pick(values["latency-ms"], "BENCH_LATENCY_MS", "80"), "--latency-ms"),
        latencySize: one(pick(values["latency-size"], "BENCH_LATENCY_SIZE", "100"), "--latency-size"),
        parallel: numbers(pick(values.parallel, "BENCH_PARALLEL", "1,10,0"), "--parallel"),
        tokens: one(pick(values.tokens, "BENCH_TOKENS", "500"), "--tokens"),
        ttlScopes: one(pick(values["ttl-scopes"], "BENCH_TTL_SCOPES", "50"), "--ttl-scopes"),
        cpuProfileSize: one(pick(values["cpu-profile"], "BENCH_CPU_PROFILE", "100"), "--cpu-profile"),
        outDir: pick(values.out, "BENCH_OUT", "bench/results"),
        ...(values.render === undefined ? {} : { render: values.render }),
    };
}
