import type { AnalyzerConnection } from "../tools/analyzer/connection";

/** Time spent inside the pack's handlers, per method, since the last reset. */
export interface HandlerTimes {
    analyzeMs: number;
    analyzeStackMs: number;
}

/** Wraps a connection so that the time spent in `Analyze` and `AnalyzeStack` is added up separately. */
export function timedConnection(conn: AnalyzerConnection): { conn: AnalyzerConnection; times: HandlerTimes; reset(): void } {
    const times: HandlerTimes = { analyzeMs: 0, analyzeStackMs: 0 };
    const timed = async <T>(key: keyof HandlerTimes, call: () => Promise<T>): Promise<T> => {
        const started = process.hrtime.bigint();
        try {
            return await call();
        } finally {
            times[key] += Number(process.hrtime.bigint() - started) / 1e6;
        }
    };
    return {
        conn: {
            ...conn,
            analyze: (req) => timed("analyzeMs", () => conn.analyze(req)),
            analyzeStack: (req) => timed("analyzeStackMs", () => conn.analyzeStack(req)),
        },
        times,
        reset: () => {
            times.analyzeMs = 0;
            times.analyzeStackMs = 0;
        },
    };
}
