import * as os from "os";
import * as path from "path";
import { boxed, runsRoot } from "../../tools/preview/sandbox/sandbox";

describe("the program's box (tools/preview/sandbox)", () => {
    const box = (overlaid: string) => boxed({ runDir: path.join(runsRoot(), "run-x"), writable: [], overlaid }, process.execPath, [], {}).env;

    it("layers the project so the program may write it, but never a folder that holds the runs' sockets", () => {
        expect(box("/work/shop").SANDBOX_OVERLAID).toBe("/work/shop");
        expect(runsRoot().startsWith(`${os.tmpdir()}/`)).toBe(true);
        expect(box(os.tmpdir()).SANDBOX_OVERLAID).toBe("");
        expect(box(runsRoot()).SANDBOX_OVERLAID).toBe("");
        expect(box(`${os.tmpdir()}/`).SANDBOX_OVERLAID).toBe("");
        // A sibling whose name starts the same is not a folder above it.
        expect(box(`${runsRoot()}-other`).SANDBOX_OVERLAID).toBe(`${runsRoot()}-other`);
    });

    it("refuses a project path the layer's mount options could misread", () => {
        expect(() => box("/work/a,lowerdir=/etc")).toThrow(/':', ',' or a newline/);
    });
});
