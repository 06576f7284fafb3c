import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { AnalyzerConnection } from "../analyzer/connection";

/**
 * Gives a pack what the engine gives it when it analyzes a stack's saved state (pulumi/pulumi
 * `deploy.AnalyzeSnapshot`): `Analyze` gets each resource's inputs, `AnalyzeStack` its outputs (the
 * graph's properties), and every provider reference carries the provider's inputs. The requests are
 * built by the same `runAnalysis` the offline preview uses; this only swaps the property Structs.
 */
export function withStateInputs(conn: AnalyzerConnection, inputs: Map<string, Struct>): AnalyzerConnection {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated protobuf messages are untyped JS
    const providerInputs = (msg: any) => {
        const provider = msg.getProvider?.();
        const props = provider ? inputs.get(provider.getUrn()) : undefined;
        if (props) provider.setProperties(props);
    };
    return {
        label: conn.label,
        getAnalyzerInfo: (deadline) => conn.getAnalyzerInfo(deadline),
        configureStack: (req, deadline) => conn.configureStack(req, deadline),
        configure: (req, deadline) => conn.configure(req, deadline),
        analyze: (req, deadline) => {
            const props = inputs.get(req.getUrn());
            if (props) req.setProperties(props);
            providerInputs(req);
            return conn.analyze(req, deadline);
        },
        analyzeStack: (req, deadline) => {
            for (const r of req.getResourcesList()) providerInputs(r);
            return conn.analyzeStack(req, deadline);
        },
        close: () => conn.close(),
        facts: conn.facts,
    };
}
