/**
 * What the program host (the child process that runs the program under mocks) tells the trusted parent,
 * one JSON message per line on its file descriptor 3. Everything on this channel comes from the process
 * that runs untrusted code: the parent validates every line against these schemas.
 */
import type { z as Zod } from "zod";
import type { PulumiProject, StackConfig } from "./project";
import type { StackOutputs } from "./stackOutputs";

/** The file descriptor of the host's message channel. */
export const HOST_CHANNEL_FD = 3;

/** What the parent passes as the host's only argument (the parent built it; the host trusts it). */
export interface HostInput {
    project: PulumiProject;
    stack: string;
    config: StackConfig;
    /** `--stack-outputs`, read by the parent: stack reference name to outputs. */
    stackOutputs: [string, StackOutputs][];
    /** The second pass: every output known. */
    knownOutputs: boolean;
}

// zod takes about 160 ms to load: built on first use, so that neither process pays for it before the program starts.
function build() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { z } = require("zod") as typeof import("zod");
    /** One registration as the capture monitor recorded it, properties as the JSON form of their Struct. */
    const wireResource = z.object({
        urn: z.string(),
        type: z.string(),
        name: z.string(),
        custom: z.boolean(),
        parent: z.string().optional(),
        provider: z.string().optional(),
        dependencies: z.array(z.string()),
        propertyDependencies: z.record(z.string(), z.array(z.string())),
        properties: z.record(z.string(), z.unknown()),
        packageVersion: z.string().optional(),
        sourcePosition: z.object({ uri: z.string(), line: z.number() }).optional(),
    });
    const hostMessage = z.discriminatedUnion("kind", [
        /** The SDK is loaded; the program is about to be required. */
        z.object({ kind: z.literal("started") }),
        /** Streamed as each resource registers, in registration order. */
        z.object({ kind: z.literal("resource"), resource: wireResource }),
        /** The program returned, every registration finished and the stack outputs resolved. */
        z.object({
            kind: z.literal("settled"),
            outputs: z.record(z.string(), z.unknown()).nullable(),
            /** Values the program marked secret anywhere (for masking what the parent prints). */
            secrets: z.array(z.string()),
            /** Invokes the capture monitor could not answer from config: their results were unknown. */
            unknownInvokes: z.array(z.object({ token: z.string(), reason: z.string(), count: z.number() })),
            /** Preview pass: where a value unknown at preview would have run or steered the program (unknownsWatch.ts); null when not watched. */
            unknownsSteered: z.array(z.string()).nullable(),
        }),
        /** The program failed; `reason` is one line. */
        z.object({ kind: z.literal("failed"), reason: z.string(), secrets: z.array(z.string()) }),
    ]);
    return { wireResource, hostMessage };
}

type Schemas = ReturnType<typeof build>;
export type WireResource = Zod.infer<Schemas["wireResource"]>;
export type HostMessage = Zod.infer<Schemas["hostMessage"]>;

let schemas: Schemas | undefined;
export function hostMessageSchema(): Schemas["hostMessage"] {
    return (schemas ??= build()).hostMessage;
}
