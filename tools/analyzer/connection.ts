import type { analyzerpb } from "./proto";

/** The Analyzer service as the engine calls it, whatever carries the calls. */
export interface AnalyzerConnection {
    getAnalyzerInfo(): Promise<analyzerpb.AnalyzerInfo>;
    configureStack(req: analyzerpb.AnalyzerStackConfigureRequest): Promise<void>;
    configure(req: analyzerpb.ConfigureAnalyzerRequest): Promise<void>;
    analyze(req: analyzerpb.AnalyzeRequest): Promise<analyzerpb.AnalyzeResponse>;
    analyzeStack(req: analyzerpb.AnalyzeStackRequest): Promise<analyzerpb.AnalyzeResponse>;
    close(): void;
}
