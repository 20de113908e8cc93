/**
 * `npm run bench`: the provider against the engine floor, through the real Pulumi CLI and the
 * embedded emulator. Every step runs for N do-nothing dynamic resources (the floor), for N
 * Applications + 1 ScopeTtls as dynamic resources and for the same through the native plugin
 * (installed from its tarball, as a user installs it), interleaved round by round, so the ratio says
 * what each provider costs whatever else the machine is doing. Also: a TTL converge, a rotation of N secrets, token
 * requests per second, per-call latency, a profile with simulated Bringg latency, and a CPU
 * profile of one cycle. Writes bench/results/<date>.{json,md,svg,png} and latest.{md,svg,png}.
 * Timings live here, never in tests. `npm run bench -- --help` for the options.
 */
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../emulator/server";
import { perCallLatency, tokenRates } from "./calls";
import { chartSvg, renderPng } from "./chart";
import { cpuProfiles } from "./cpu-profile";
import { benchOptions, type BenchOptions } from "./options";
import { markdown, panels, resummarized, roundsCaption, targets, type BenchResults } from "./report";
import { mainSteps, rotation, ttlConverge, type NativeSetup, type SizeResult } from "./suites";
import { installNativePlugin, type InstalledPlugin } from "../test/helpers/native";
import { pulumiBinary, repoRoot } from "../test/helpers/pulumi";
import { packageJson } from "../test/package/package";

function log(line: string): void {
    console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function measureAll(options: BenchOptions): Promise<BenchResults> {
    const started = Date.now();
    const loadBefore = os.loadavg()[0]!;
    log(`options: ${JSON.stringify(options)}; load average ${loadBefore.toFixed(2)} on ${os.cpus().length} CPUs`);

    // The plugin as a user installs it: the tarball of the dist/ `npm run bench` just built (shared
    // with the tests while that code is unchanged: test/helpers/native.ts).
    const wantsNative = options.native && ((options.profiles.includes("local") && options.suites.includes("main")) || options.profiles.includes("latency"));
    let plugin: InstalledPlugin | undefined;
    if (wantsNative) {
        log("building and installing the native plugin tarball");
        plugin = await installNativePlugin();
    }
    const native: NativeSetup | undefined = plugin && { env: plugin.env, version: packageJson().version };
    return measured(options, started, loadBefore, native);
}

async function measured(options: BenchOptions, started: number, loadBefore: number, native: NativeSetup | undefined): Promise<BenchResults> {
    const local: SizeResult[] = [];
    const rotations: BenchResults["rotation"] = [];
    let ttl: BenchResults["ttl"];
    let tokens: BenchResults["tokens"];
    let perCallMs: BenchResults["perCallMs"];
    let latency: BenchResults["latency"];
    let cpuProfile: BenchResults["cpuProfile"];

    if (options.profiles.includes("local")) {
        const emulator = await startEmulator({ port: 0, ui: false, controls: false });
        try {
            for (const n of options.suites.includes("main") ? options.sizes : []) {
                log(`main steps, N=${n}`);
                local.push(await mainSteps(emulator, n, options.rounds, 0, log, native));
            }
            if (options.suites.includes("ttl") && options.ttlScopes > 0) {
                log(`TTL converge of ${options.ttlScopes} scopes`);
                ttl = await ttlConverge(emulator, options.ttlScopes, options.rounds, log);
            }
            for (const n of options.suites.includes("rotation") ? options.sizes : []) {
                log(`rotation of ${n} secrets`);
                rotations.push(await rotation(emulator, n, options.rounds, log));
            }
            if (options.suites.includes("calls")) {
                log("token requests per second, per-call latency");
                tokens = await tokenRates(emulator, options.tokens);
                perCallMs = await perCallLatency(emulator, 100, 20);
            }
            if (options.suites.includes("cpu") && options.cpuProfileSize > 0) {
                log(`CPU profile of one cycle at N=${options.cpuProfileSize}`);
                cpuProfile = { n: options.cpuProfileSize, ...(await cpuProfiles(emulator, options.cpuProfileSize)) };
            }
        } finally {
            await emulator.stop();
        }
    }
    if (options.profiles.includes("latency")) {
        const emulator = await startEmulator({ port: 0, ui: false, controls: false, latencyMs: options.latencyMs });
        try {
            const runs: SizeResult[] = [];
            for (const parallel of options.parallel) {
                log(`latency profile: ${options.latencyMs} ms per call, N=${options.latencySize}, --parallel ${parallel || "default"}`);
                runs.push(await mainSteps(emulator, options.latencySize, 1, parallel, log, native));
            }
            latency = { latencyMs: options.latencyMs, n: options.latencySize, runs };
        } finally {
            await emulator.stop();
        }
    }

    const date = new Date().toISOString().slice(0, 10);
    return {
        date,
        machine: {
            cpus: os.cpus().length,
            cpuModel: os.cpus()[0]?.model ?? "unknown",
            loadBefore,
            loadAfter: os.loadavg()[0]!,
            node: process.version,
            pulumi: execFileSync(pulumiBinary, ["version"], { encoding: "utf8" }).trim(),
        },
        options,
        local,
        ttl,
        rotation: rotations,
        tokens,
        perCallMs,
        latency,
        cpuProfile,
        seconds: (Date.now() - started) / 1000,
    };
}

/** Writes <date>.{json,md,svg,png} and latest.{md,svg,png}; prints the report. */
async function writeResults(results: BenchResults, outDirOption: string): Promise<void> {
    const { date } = results;
    const outDir = path.resolve(repoRoot, outDirOption);
    await mkdir(outDir, { recursive: true });
    const report = markdown(results);
    const caption = `pulumi-bringg bench ${date}: medians of interleaved rounds (${roundsCaption(results)}); ${results.machine.cpus} shared CPUs, load ${results.machine.loadBefore.toFixed(1)}→${results.machine.loadAfter.toFixed(1)}`;
    const svg = chartSvg(panels(results), caption);
    const { png, problem } = await renderPng(svg);
    const files: Array<[string, string | Buffer]> = [
        [`${date}.json`, `${JSON.stringify(results, null, 2)}\n`],
        [`${date}.md`, report],
        [`${date}.svg`, svg],
        ...(png ? ([[`${date}.png`, png]] as Array<[string, Buffer]>) : []),
    ];
    for (const [name, content] of files) await writeFile(path.join(outDir, name), content);
    for (const ext of ["md", "svg", ...(png ? ["png"] : [])]) await copyFile(path.join(outDir, `${date}.${ext}`), path.join(outDir, `latest.${ext}`));
    console.log(report);
    if (problem) log(problem);
    const missed = targets(results).filter((row) => !row.met);
    log(`wrote ${files.map(([name]) => path.join(outDirOption, name)).join(", ")}; ${missed.length} target(s) not met`);
}

async function main(): Promise<void> {
    const options = benchOptions(process.argv.slice(2), process.env);
    const results = options.render
        ? resummarized(JSON.parse(await readFile(path.resolve(repoRoot, options.render), "utf8")) as BenchResults)
        : await measureAll(options);
    await writeResults(results, options.outDir);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
