import { UserInputError } from "../errors";

export type AnalyzerCall = "GetAnalyzerInfo" | "ConfigureStack" | "Configure" | "Analyze" | "AnalyzeStack";

/** How long the parent waits for each call to a pack, in milliseconds. */
export interface CallDeadlines {
    /** GetAnalyzerInfo, ConfigureStack, Configure, and each Analyze (one resource, queued behind at most 31 others). */
    perCallMs: number;
    /** AnalyzeStack: every stack policy over the whole graph. */
    analyzeStackMs: number;
}

/** The environment variable that sets the base deadline, in seconds (default 30). */
export const DEADLINE_ENV = "RESIDENCY_PACK_DEADLINE_SECONDS";
const DEFAULT_BASE_SECONDS = 30;
/** AnalyzeStack's share per resource: the whole pack takes about 0.1 ms a resource on a quiet machine. */
const ANALYZE_STACK_MS_PER_RESOURCE = 20;

/**
 * The deadlines of a run over `resources` resources: the base (30 s, or `RESIDENCY_PACK_DEADLINE_SECONDS` of the
 * parent's own environment) for each call, and for AnalyzeStack twice that plus 20 ms per resource (10,000
 * resources: 260 s), far above what a pack needs and far below forever.
 */
export function callDeadlines(resources: number, env: NodeJS.ProcessEnv = process.env): CallDeadlines {
    const raw = env[DEADLINE_ENV];
    const base = raw === undefined || raw === "" ? DEFAULT_BASE_SECONDS : Number(raw);
    if (!Number.isFinite(base) || base <= 0) {
        throw new UserInputError(`${DEADLINE_ENV}=${JSON.stringify(raw)} is not allowed (allowed: a number of seconds above 0)`);
    }
    return { perCallMs: base * 1000, analyzeStackMs: 2 * base * 1000 + ANALYZE_STACK_MS_PER_RESOURCE * resources };
}

const DEADLINE_EXCEEDED = 4;
const FAILED_PRECONDITION = 9;

function seconds(ms: number): string {
    return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * Makes one call to a pack with a deadline, and turns each way it can fail into one line that names the call and
 * the pack: no answer by the deadline, a refused configuration (the pack takes one per process), or an error.
 */
export async function callPack<T>(pack: string, call: AnalyzerCall, ms: number, send: (deadline: Date) => Promise<T>): Promise<T> {
    const missed = () => new UserInputError(`policy pack ${pack} did not answer ${call} within ${seconds(ms)} (its deadline); no verdict`);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(missed()), ms);
    });
    try {
        return await Promise.race([send(new Date(Date.now() + ms)), late]);
    } catch (e) {
        if (e instanceof UserInputError) throw e;
        const err = e as { code?: number; details?: string; message?: string };
        if (err.code === DEADLINE_EXCEEDED) throw missed();
        const detail = err.details || err.message || String(e);
        if (err.code === FAILED_PRECONDITION && (call === "Configure" || call === "ConfigureStack")) {
            throw new UserInputError(`policy pack ${pack} refused ${call}: ${detail}. Something else configured it first; no verdict`);
        }
        throw new UserInputError(`policy pack ${pack} failed in ${call}: ${detail}`);
    } finally {
        clearTimeout(timer);
    }
}
