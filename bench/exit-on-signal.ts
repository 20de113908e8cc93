/**
 * Preloaded (`node --require`) into every Node process of a CPU-profiled CLI run: the engine stops
 * plugins with a signal, and a process that a signal ends writes no `--cpu-prof` profile, so this
 * turns SIGINT and SIGTERM into a normal exit, which does.
 */
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
