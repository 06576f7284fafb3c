import { UserInputError } from "../errors";

/** The invokes a program may make that the offline preview answers itself, and how. */
export interface InvokeContext {
    /** Region configured on the provider the invoke names, or on the default provider. */
    providerRegion(pkg: string, providerRef: string): string | undefined;
}

type Answer = (inputs: Record<string, unknown>, providerRef: string, ctx: InvokeContext) => Record<string, unknown>;

const ANSWERS: Record<string, Answer> = {
    "aws:index/getRegion:getRegion": (_inputs, providerRef, ctx) => {
        const region = ctx.providerRegion("aws", providerRef);
        if (!region) {
            throw new UserInputError(
                "invoke 'aws:index/getRegion:getRegion' cannot be answered offline: its provider has no region. Set 'region' on the provider or 'aws:region' in the stack config.",
            );
        }
        return { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
    },
    "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
};

export const OFFLINE_INVOKE_TOKENS = Object.keys(ANSWERS);

export function answerInvoke(token: string, inputs: Record<string, unknown>, providerRef: string, ctx: InvokeContext): Record<string, unknown> {
    const answer = ANSWERS[token];
    if (!answer) {
        throw new UserInputError(
            `invoke '${token}' cannot be answered offline (the offline preview answers: ${OFFLINE_INVOKE_TOKENS.join(", ")}). ` +
                "Pass the value in through stack config, or run the real 'pulumi preview' with cloud credentials.",
        );
    }
    return answer(inputs, providerRef, ctx);
}
