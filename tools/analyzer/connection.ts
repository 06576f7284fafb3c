import type { ResourceGraph } from "../graph/resourceGraph";
import type { GraphFacts } from "../report/facts";
import type { analyzerpb } from "./proto";

/**
 * The Analyzer service as the engine calls it, whatever carries the calls. `deadline` is when the caller stops
 * waiting (runAnalysis gives every call one); a connection over gRPC passes it on, so the call is cancelled there too.
 */
export interface AnalyzerConnection {
    /** What the errors name: the pack's directory. */
    label?: string;
    getAnalyzerInfo(deadline?: Date): Promise<analyzerpb.AnalyzerInfo>;
    configureStack(req: analyzerpb.AnalyzerStackConfigureRequest, deadline?: Date): Promise<void>;
    configure(req: analyzerpb.ConfigureAnalyzerRequest, deadline?: Date): Promise<void>;
    analyze(req: analyzerpb.AnalyzeRequest, deadline?: Date): Promise<analyzerpb.AnalyzeResponse>;
    analyzeStack(req: analyzerpb.AnalyzeStackRequest, deadline?: Date): Promise<analyzerpb.AnalyzeResponse>;
    close(): void;
    /**
     * The report's facts of `graph` (locations, classes, copies), from the model the pack's policies built when
     * they analyzed that very graph, where the connection can reach it; the pack builds one only for a graph it
     * did not analyze. Absent for a pack the tools cannot ask (one started by run-policy-pack).
     */
    facts?: (graph: ResourceGraph, projectDir: string) => Promise<GraphFacts>;
}
