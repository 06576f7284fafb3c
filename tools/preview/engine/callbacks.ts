/**
 * Calls back into the program (transforms), as the engine does through the SDK's Callbacks service. The
 * program runs in its own network namespace, where the SDK's callback server binds a unix socket in the run's
 * folder instead of 127.0.0.1 (tools/preview/program/preload.js): the callback's target `127.0.0.1:<n>` names
 * `callbacks-<n>.sock` there. This process dials nothing else, whatever target the program names.
 */
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as callbackpb from "@pulumi/pulumi/proto/callback_pb";
import { CallbacksClient } from "@pulumi/pulumi/proto/callback_grpc_pb";
import { UserInputError } from "../../errors";

const LOOPBACK_TARGET = /^127\.0\.0\.1:(\d{1,9})$/;

/** The socket a callback target names, inside `runDir`; a target of any other form is refused. */
export function callbackSocket(runDir: string, target: string): string {
    const match = LOOPBACK_TARGET.exec(target);
    if (!match) throw new UserInputError(`the program registered a callback at '${target.slice(0, 80)}', which the offline preview does not dial`);
    return path.join(runDir, `callbacks-${Number(match[1])}.sock`);
}

export class ProgramCallbacks {
    private readonly clients = new Map<string, CallbacksClient>();

    constructor(private readonly runDir: string) {}

    /** Invokes the callback with the serialized request; resolves with the serialized response. */
    call(cb: callbackpb.Callback, request: Uint8Array): Promise<Uint8Array> {
        const socket = callbackSocket(this.runDir, cb.getTarget());
        let client = this.clients.get(socket);
        if (!client) {
            client = new CallbacksClient(`unix:${socket}`, grpc.credentials.createInsecure());
            this.clients.set(socket, client);
        }
        const req = new callbackpb.CallbackInvokeRequest();
        req.setToken(cb.getToken());
        req.setRequest(request);
        return new Promise((resolve, reject) =>
            client.invoke(req, (err, resp) => (err ? reject(new Error(err.details || err.message)) : resolve(resp.getResponse_asU8()))),
        );
    }

    close(): void {
        for (const client of this.clients.values()) client.close();
        this.clients.clear();
    }
}
