/** The Analyzer service as the engine calls it, whatever carries the calls. */
export interface AnalyzerConnection {
    getAnalyzerInfo(): Promise<any>;
    configureStack(req: any): Promise<void>;
    configure(req: any): Promise<void>;
    analyze(req: any): Promise<any>;
    analyzeStack(req: any): Promise<any>;
    close(): void;
}
