import { programError, unknownInvokesHint, v8FatalOf } from "../../tools/preview/program/run";

describe("the program's error as the preview prints it", () => {
    it("is the error's own message on one line: the SDK's header, the stack and terminal colours dropped", () => {
        const message = [
            "Running program '/p/index.ts' failed with an unhandled exception:",
            "\u001b[36m<ref *1>\u001b[39m TypeError: error serializing property \"vpcId\": Cannot read properties of undefined (reading 'slice')",
            "\u001b[90m    at processTicksAndRejections (node:internal/process/task_queues:104:5)\u001b[39m",
            "  promise: Promise { <rejected> [Circular *1] }",
            "}",
        ].join("\n");
        expect(
            programError([
                { severity: "info", message: "starting", urn: "" },
                { severity: "error", message, urn: "" },
            ]),
        ).toBe("TypeError: error serializing property \"vpcId\": Cannot read properties of undefined (reading 'slice')");
    });

    it("keeps a message of several lines, and an error without a stack", () => {
        const log = (message: string) => programError([{ severity: "error", message, urn: "" }]);
        expect(log("Error: first line\nsecond line\n    at f (/p/index.ts:1:1)\n  code: 'E'\n}")).toBe("Error: first line second line");
        expect(log("plain failure")).toBe("plain failure");
    });

    it("is undefined when the program logged no error", () => {
        expect(programError([{ severity: "warning", message: "deprecated", urn: "" }])).toBeUndefined();
    });
});

describe("a failing preview pass names the invokes the preview answered unknown", () => {
    it("lists each token once, at most five, and says why the program may have read undefined", () => {
        expect(unknownInvokesHint([])).toBe("");
        const one = unknownInvokesHint([{ token: "aws:ec2/getSubnets:getSubnets", reason: "cloud state", count: 2 }]);
        expect(one).toMatch(/answered an invoke unknown, which the program may have read as undefined: aws:ec2\/getSubnets:getSubnets;/);
        const many = unknownInvokesHint(Array.from({ length: 7 }, (_, i) => ({ token: `aws:x/get${i}:get${i}`, reason: "r", count: 1 })));
        expect(many).toContain("aws:x/get0:get0, aws:x/get1:get1, aws:x/get2:get2, aws:x/get3:get3, aws:x/get4:get4 and 2 more");
    });
});

describe("V8's own fatal error lines", () => {
    it("are read from the program's stderr, and nothing else is", () => {
        expect(v8FatalOf("    # Fatal error in , line 0")).toBe("Fatal error in , line 0");
        expect(v8FatalOf("# Check failed: needs_context && current_scope_ == closure_scope_.")).toBe(
            "Check failed: needs_context && current_scope_ == closure_scope_.",
        );
        expect(v8FatalOf("#")).toBeUndefined();
        expect(v8FatalOf("# FailureMessage Object: 0x7ffc2d9c9e20")).toBeUndefined();
        expect(v8FatalOf("console.log('# Check failed: mine')")).toBeUndefined();
    });
});
