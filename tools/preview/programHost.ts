/**
 * The language-host role of the offline preview: a child process that runs the program under Pulumi's
 * mocks with the capture monitor and streams each registration to the parent on fd 3. It decides nothing:
 * the parent checks that it settled, analyzes, picks the exit code and writes every file.
 */
import * as fs from "fs";
import type { GraphResource } from "../graph/resourceGraph";
import { redactor } from "../secrets";
import { HOST_CHANNEL_FD, HostInput, HostMessage, WireResource } from "./hostProtocol";
import { runProgram } from "./runProgram";
import { watchUnknowns } from "./unknownsWatch";

// Taken before the program loads: a program that replaces them in its own process cannot rewrite the channel.
const stringify = JSON.stringify;
const writeSync = fs.writeSync;
const exit = process.exit.bind(process);

function send(message: HostMessage): void {
    const bytes = Buffer.from(stringify(message) + "\n");
    let offset = 0;
    while (offset < bytes.length) {
        try {
            offset += writeSync(HOST_CHANNEL_FD, bytes, offset);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
        }
    }
}

function toWire(r: GraphResource): WireResource {
    const { properties, defaultProvider: _defaultProvider, ...rest } = r;
    return { ...rest, properties: properties.toJavaScript() as Record<string, unknown> };
}

function oneLine(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    return message.replace(/\s*\n\s*/g, " ").trim();
}

function fail(e: unknown): void {
    send({ kind: "failed", reason: oneLine(e), secrets: redactor.values() });
    exit(1);
}

async function host(): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    // The parent stopped before it had a program to run (bad flags or config): nothing to do.
    if (chunks.length === 0) return;
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as HostInput;
    send({ kind: "started" });
    // Node ends a process whose event loop is empty even while promises are pending: the program awaits
    // something that can never resolve. (process.exit skips this event; the parent reports that on its own.)
    let settled = false;
    process.once("beforeExit", () => {
        if (!settled)
            fail(
                "the program's event loop emptied while the program or one of its outputs was still pending: it never settled (a promise that never resolves?)",
            );
    });
    // The preview pass notes whatever an unknown value could steer, so that the parent knows whether the second pass can find anything.
    const watch = input.knownOutputs ? undefined : watchUnknowns();
    const graph = await runProgram({
        project: input.project,
        stack: input.stack,
        config: input.config,
        stackOutputs: new Map(input.stackOutputs),
        knownOutputs: input.knownOutputs,
        onRegister: (r) => send({ kind: "resource", resource: toWire(r) }),
    });
    settled = true;
    send({
        kind: "settled",
        outputs: (graph.outputs?.toJavaScript() as Record<string, unknown> | undefined) ?? null,
        secrets: redactor.values(),
        unknownInvokes: graph.unknownInvokes,
        unknownsSteered: watch ? watch.reasons() : null,
    });
    // From here on any error of the program is late: report it, and the parent fails the preview.
    process.on("uncaughtException", (e) => fail(`the program raised an error after it settled: ${oneLine(e)}`));
    process.on("unhandledRejection", (e) => fail(`the program raised an error after it settled: ${oneLine(e)}`));
}

host().catch(fail);
