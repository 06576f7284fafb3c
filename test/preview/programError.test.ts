import { programError } from "../../tools/preview/program/run";

describe("the program's error as the preview prints it", () => {
    it("is the error's own message on one line: the SDK's header, the stack and terminal colours dropped", () => {
        const message = [
            "Running program '/p/index.ts' failed with an unhandled exception:",
            "\u001b[36m<ref *1>\u001b[39m TypeError: error serializing property \"vpcId\": Cannot read properties of undefined (reading 'slice')",
            "\u001b[90m    at processTicksAndRejections (node:internal/process/task_queues:104:5)\u001b[39m",
        ].join("\n");
        expect(
            programError([
                { severity: "info", message: "starting", urn: "" },
                { severity: "error", message, urn: "" },
            ]),
        ).toBe("<ref *1> TypeError: error serializing property \"vpcId\": Cannot read properties of undefined (reading 'slice')");
    });

    it("is undefined when the program logged no error", () => {
        expect(programError([{ severity: "warning", message: "deprecated", urn: "" }])).toBeUndefined();
    });
});
