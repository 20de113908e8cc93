/**
 * The optional data file: the whole state as JSON, replaced atomically (write a temporary file in
 * the same directory, then rename it over the old one) so a crash never leaves half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { emulatorState, type EmulatorState } from "./store";

/** The state in the file, or undefined when there is no file yet. Throws on a corrupt file. */
export function loadState(file: string): EmulatorState | undefined {
    if (!existsSync(file)) return undefined;
    let json: unknown;
    try {
        json = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
        throw new Error(`emulator data file ${file} is not JSON: ${(error as Error).message}`);
    }
    const parsed = emulatorState.safeParse(json);
    if (!parsed.success) {
        throw new Error(`emulator data file ${file} is not emulator state: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
}

/** Writes the state atomically. */
export function saveState(file: string, state: EmulatorState): void {
    const directory = dirname(file);
    mkdirSync(directory, { recursive: true });
    const temporary = join(directory, `.${basename(file)}.${process.pid}.tmp`);
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
}
