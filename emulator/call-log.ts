/**
 * The emulator's record of recent API calls, for the settings page's live log: what `pulumi up`
 * (or anyone) did, in order. Never holds a secret: an entry has the route, the status and who the
 * caller turned out to be (an admin's username or an application's name).
 */

/** One API call as the log keeps it. */
export interface CallEntry {
    /** Increases by one per call, so a reader can ask for what came after the last one it saw. */
    readonly seq: number;
    /** Unix milliseconds, on the emulator's clock. */
    readonly at: number;
    readonly method: string;
    readonly path: string;
    /** The route's name in provider/api/routes.ts; absent for an unknown path. */
    readonly route?: string;
    readonly status: number;
    readonly merchantId?: number;
    readonly actor?: string;
    /** The regional host called; absent on the main URL. */
    readonly region?: string;
    /** "page" for calls the settings page made, "api" for every other caller. */
    readonly via: "page" | "api";
}

/** The most recent calls, oldest first, up to a fixed number. */
export class CallLog {
    private readonly entries: CallEntry[] = [];
    private nextSeq = 1;

    constructor(private readonly capacity = 500) {}

    /** Records a call. */
    add(entry: Omit<CallEntry, "seq">): void {
        this.entries.push({ ...entry, seq: this.nextSeq++ });
        if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    }

    /** The merchant's calls after `afterSeq`, oldest first. */
    since(merchantId: number, afterSeq = 0): CallEntry[] {
        return this.entries.filter((e) => e.seq > afterSeq && e.merchantId === merchantId);
    }
}
