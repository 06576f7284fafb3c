/**
 * A program run in a process of its own (the SDK keeps one program per process): what the second,
 * known-outputs pass runs. Writes `ProgramProcessResult` as JSON to the file the request names; a failure
 * is reported in that file, never as a crash.
 */
import { loadProject, loadStackConfig } from "./project";
import { runProgram } from "./runProgram";
import { readStackOutputs } from "./stackOutputs";
import { graphToJson, GraphFile } from "../graph/graphFile";
import type { UnknownInvoke } from "./captureMonitor";
import { UserInputError } from "../errors";
import { writeAtomically } from "../writeAtomically";

export interface ProgramProcessRequest {
    cwd: string;
    stack: string;
    stackOutputs: string[];
    knownOutputs: boolean;
    resultFile: string;
}

export type ProgramProcessResult =
    { ok: true; graph: GraphFile; unknownInvokes: UnknownInvoke[]; environmentRemoved: string[] } | { ok: false; userInput: boolean; message: string };

export async function programProcessMain(request: ProgramProcessRequest): Promise<void> {
    let result: ProgramProcessResult;
    try {
        const project = loadProject(request.cwd);
        const config = loadStackConfig(project, request.stack);
        const run = await runProgram({
            project,
            stack: request.stack,
            config,
            stackOutputs: readStackOutputs(request.stackOutputs),
            knownOutputs: request.knownOutputs,
        });
        result = { ok: true, graph: graphToJson(run), unknownInvokes: run.unknownInvokes, environmentRemoved: run.environmentRemoved };
    } catch (e) {
        result = { ok: false, userInput: e instanceof UserInputError, message: (e as Error).message ?? String(e) };
    }
    writeAtomically(request.resultFile, JSON.stringify(result));
}
