/**
 * Capture: the program's runs. The preview pass is `pulumi preview`: outputs the cloud would assign are unknown.
 * The second pass runs the program again with every output known, to find what it creates only behind values
 * unknown at preview. It is needed whenever the engine (this process) answered the preview pass with an unknown
 * value (any program with a custom resource: its id is unknown), so it starts with the preview pass and is stopped,
 * unused, when the preview pass answered none; its start-up (loading the SDKs, compiling the program) then overlaps
 * the preview pass's. This process transpiles the program's TypeScript for both while they load the SDKs
 * (program/transpileFill.ts).
 *
 * A program that reads an invoke's result in promise form fails where `pulumi preview`, which asks the cloud, would
 * not: offline the result is unknown, and its fields arrive as undefined. Its preview pass is then run again with
 * those invokes answered as in the second pass, and the verdict says that their results were made up
 * (madeUpInvokes.ts): what they decide is not proven.
 */
import type { GraphResource, ResourceGraph } from "../graph/resourceGraph";
import { attachDefaultProviders } from "./defaultProviders";
import type { PreviewInputs } from "./inputs";
import type { KnownPassOutcome } from "./secondPass";
import { ProgramRun, ProgramRunError, ProgramRunResult, pwdAndEntry, startProgramRun } from "./program/run";
import { startTranspileFill } from "./program/transpileFill";
import { redactor } from "../secrets";

export interface PreviewPass extends ProgramRunResult {
    /** The graph the packs judge: the preview pass's registrations with the engine's default providers. */
    graph: ResourceGraph;
    /** Why the preview pass was run again with the invokes in `unknownInvokes` answered with made-up results. */
    invokesMadeUpBecause?: string;
}

export interface Capture {
    preview: Promise<PreviewPass>;
    /** The second pass's outcome, or undefined when the preview pass answered no value unknown. */
    known(): Promise<KnownPassOutcome | undefined>;
    kill(): void;
}

function withDefaultProviders(inputs: PreviewInputs, resources: GraphResource[]): GraphResource[] {
    return attachDefaultProviders(resources, inputs.config.values, inputs.project.name, inputs.opts.stack);
}

export function capture(inputs: PreviewInputs, progress: (line: string) => void): Capture {
    const { opts, project, config, stackOutputs, maxMemoryMb } = inputs;
    const unisolated = opts.unisolated === true;
    let bothStarted = () => {};
    const started = new Promise<void>((resolve) => (bothStarted = resolve));
    const transpileCache = unisolated ? undefined : startTranspileFill(project, () => pwdAndEntry(project), started);
    const common = { project, stack: opts.stack, config, stackOutputs, timeoutSeconds: opts.timeout, maxMemoryMb, unisolated, transpileCache };
    let registered = 0;
    const previewPass = (madeUpInvokes: boolean) =>
        startProgramRun({
            ...common,
            knownOutputs: false,
            madeUpInvokes,
            onResource: () => {
                registered++;
                if (registered % 25 === 0) progress(`    ${registered} resources registered...`);
            },
            programOutput: madeUpInvokes ? (line) => progress(line.replace(/^ {4}program /, "    program (invokes made up) ")) : progress,
        });
    const previewRun = previewPass(false);
    let rerun: ProgramRun | undefined;
    const knownRun: ProgramRun = startProgramRun({
        ...common,
        knownOutputs: true,
        programOutput: (line) => progress(line.replace(/^ {4}program /, "    program (second pass) ")),
    });
    void Promise.all([previewRun.spawned, knownRun.spawned]).then(bothStarted);
    const previewResult = previewRun.result.then(
        (run): ProgramRunResult & { invokesMadeUpBecause?: string } => run,
        async (e: unknown) => {
            if (!(e instanceof ProgramRunError) || !e.afterUnknownInvokes) throw e;
            progress(`    ${e.message}`);
            progress("    running the preview pass again with results made up for those invokes; the verdict will say so");
            registered = 0;
            rerun = previewPass(true);
            try {
                return { ...(await rerun.result), invokesMadeUpBecause: e.afterUnknownInvokes };
            } catch (again) {
                throw new ProgramRunError(`${e.message}; with results made up for those invokes, ${(again as Error).message}`);
            }
        },
    );
    const preview = previewResult.then((run): PreviewPass => ({
        ...run,
        graph: { project: project.name, stack: opts.stack, resources: withDefaultProviders(inputs, run.resources), outputs: run.outputs },
    }));
    preview.catch(() => undefined);
    const known = async (): Promise<KnownPassOutcome | undefined> => {
        const pass = await preview;
        if (pass.unknownsAnswered.length === 0) {
            knownRun.kill();
            return undefined;
        }
        return knownRun.result.then(
            (k): KnownPassOutcome => {
                for (const r of k.resources) redactor.addFromStruct(r.properties);
                return {
                    ok: true,
                    resources: withDefaultProviders(inputs, k.resources),
                    readExisting: k.readExisting,
                    remoteComponents: k.remoteComponents,
                };
            },
            (e: Error) => ({ ok: false, message: e.message }),
        );
    };
    return {
        preview,
        known,
        kill: () => {
            previewRun.kill();
            rerun?.kill();
            knownRun.kill();
            transpileCache?.stop();
        },
    };
}
