import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { DeclaredShapes } from "../../tools/preview/shapes/declaredShapes";
import { parseMembers, tokenize } from "../../tools/preview/shapes/dtsTypes";

const REPO = path.join(__dirname, "..", "..");
const PROGRAM_DIR = path.join(REPO, "infra");

/** A program folder with one fake generated SDK, `@pulumi/<pkg>`, whose files the test writes. */
function fakeSdk(pkg: string, files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shapes-"));
    const root = path.join(dir, "node_modules", "@pulumi", pkg);
    for (const [rel, text] of Object.entries({ "package.json": `{"name":"@pulumi/${pkg}","version":"1.0.0"}`, ...files })) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
    }
    return dir;
}

const HEADER = 'import * as pulumi from "@pulumi/pulumi";\nimport * as outputs from "../types/output";\n';
const classFile = (name: string, members: string) => `${HEADER}export declare class ${name} extends pulumi.CustomResource {\n${members}\n}\n`;

describe("declared shapes of the installed SDKs", () => {
    const shapes = new DeclaredShapes(PROGRAM_DIR);

    test("a resource class's outputs and their types, with references into types/output.d.ts", () => {
        const bucket = shapes.resourceOutputs("aws:s3/bucket:Bucket");
        if (!bucket.ok) throw new Error(bucket.reason);
        const byName = new Map(bucket.fields.map((f) => [f.name, f.type]));
        expect(byName.get("bucket")).toEqual({ kind: "string" });
        expect(byName.get("objectLockEnabled")).toEqual({ kind: "boolean" });
        expect(byName.get("tags")).toEqual({ kind: "union", members: [{ kind: "map", value: { kind: "string" } }, { kind: "absent" }] });
        const cors = byName.get("corsRules");
        expect(cors).toMatchObject({ kind: "array", element: { kind: "ref", path: ["s3", "BucketCorsRule"] } });
        // Only the class's `pulumi.Output<...>` members: no static `get`, no constructor.
        expect(byName.has("get")).toBe(false);
        expect(byName.has("constructor")).toBe(false);

        const ref = (cors as { element: { file: string; path: string[] } }).element;
        expect(ref.file).toBe(path.join(REPO, "node_modules", "@pulumi", "aws", "types", "output.d.ts"));
        const rule = shapes.interfaceFields(ref.file, ref.path);
        if (!rule.ok) throw new Error(rule.reason);
        expect(rule.fields.find((f) => f.name === "allowedMethods")).toEqual({
            name: "allowedMethods",
            optional: false,
            type: { kind: "array", element: { kind: "string" } },
        });
    });

    test("an invoke's result interface, following its element types", () => {
        const images = shapes.invokeResult("oci:Core/getImages:getImages");
        if (!images.ok) throw new Error(images.reason);
        const list = images.fields.find((f) => f.name === "images")!.type as { kind: string; element: { kind: string; file: string; path: string[] } };
        expect(list.element).toMatchObject({ kind: "ref", path: ["Core", "GetImagesImage"] });
        const image = shapes.interfaceFields(list.element.file, list.element.path);
        if (!image.ok) throw new Error(image.reason);
        expect(image.fields.find((f) => f.name === "id")?.type).toEqual({ kind: "string" });

        const zones = shapes.invokeResult("aws:index/getAvailabilityZones:getAvailabilityZones");
        if (!zones.ok) throw new Error(zones.reason);
        expect(zones.fields.find((f) => f.name === "names")?.type).toEqual({ kind: "array", element: { kind: "string" } });
        // A root-level output type (no namespace).
        const filter = zones.fields.find((f) => f.name === "filters")!.type as { element: { file: string; path: string[] } };
        expect(filter.element.path).toEqual(["GetAvailabilityZonesFilter"]);
        expect(shapes.interfaceFields(filter.element.file, filter.element.path).ok).toBe(true);
    });

    test("files named unlike their token are found through the module's index.js", () => {
        for (const token of ["aws:kendra/index:Index", "aws:guardduty/iPSet:IPSet", "oci:Nosql/index:Index", "aws:glue/mLTransform:MLTransform"]) {
            const shape = shapes.resourceOutputs(token);
            expect([token, shape.ok]).toEqual([token, true]);
        }
    });

    test("a type that is not installed, or not declared, is unread with a reason, never an exception", () => {
        for (const token of [
            "docker:index/container:Container",
            "aws:s3/noSuchThing:NoSuchThing",
            "aws:../../etc/passwd:X",
            "nonsense",
            "aws:s3/bucket:Bucket; rm",
        ]) {
            const shape = shapes.resourceOutputs(token);
            expect(shape.ok).toBe(false);
            if (!shape.ok) expect(shape.reason.length).toBeGreaterThan(0);
        }
        expect(shapes.invokeResult("aws:index/getNothing:getNothing").ok).toBe(false);
    });

    test("lazy and cached: one class reads its own file, once, not the package", () => {
        const fresh = new DeclaredShapes(PROGRAM_DIR);
        expect(fresh.resourceOutputs("aws:iam/role:Role").ok).toBe(true);
        expect(fresh.stats.filesRead).toBe(1);
        expect(fresh.resourceOutputs("aws:iam/role:Role").ok).toBe(true);
        expect(fresh.stats.filesRead).toBe(1);
        const bucket = fresh.resourceOutputs("aws:s3/bucket:Bucket");
        if (!bucket.ok) throw new Error(bucket.reason);
        const versioning = bucket.fields.find((f) => f.name === "versioning")!.type as { file: string; path: string[] };
        fresh.interfaceFields(versioning.file, versioning.path);
        fresh.interfaceFields(versioning.file, ["s3", "BucketLogging"]);
        // The role, the bucket and one streamed pass over types/output.d.ts: nothing else of @pulumi/aws.
        expect(fresh.stats.filesRead).toBe(3);
    });
});

describe("declarations a pull request controls are read within bounds", () => {
    test("an interface that names an unknown shape keeps its other members", () => {
        const dir = fakeSdk("evil", {
            "widget.d.ts": classFile(
                "Widget",
                [
                    "    static get(name: string, id: pulumi.Input<pulumi.ID>): Widget;",
                    "    readonly ok: pulumi.Output<string>;",
                    "    readonly anything: pulumi.Output<any>;",
                    "    readonly weird: pulumi.Output<string & { brand: 1 }>;",
                    "    readonly broken: pulumi.Output<{ a: ;",
                    "    readonly after: pulumi.Output<number[]>;",
                    "    readonly plain: string;",
                    "    getThing(): pulumi.Output<string>;",
                ].join("\n"),
            ),
        });
        const shape = new DeclaredShapes(dir).resourceOutputs("evil:index/widget:Widget");
        if (!shape.ok) throw new Error(shape.reason);
        const types = Object.fromEntries(shape.fields.map((f) => [f.name, f.type.kind]));
        expect(types.ok).toBe("string");
        expect(types.anything).toBe("opaque");
        expect(types.weird).toBe("opaque");
        expect(types.plain).toBeUndefined();
        expect(types.getThing).toBeUndefined();
        // The unterminated member swallows what follows it up to its brackets' end, and nothing throws.
        expect(Object.keys(types)).toContain("broken");
    });

    test("a file over the size limit is not read", () => {
        const dir = fakeSdk("evil", { "widget.d.ts": classFile("Widget", "    readonly a: pulumi.Output<string>;\n" + " ".repeat(2_000_000)) });
        const shapes = new DeclaredShapes(dir, { maxDeclarationFileBytes: 1_000_000 });
        const shape = shapes.resourceOutputs("evil:index/widget:Widget");
        expect(shape.ok).toBe(false);
        expect(shapes.stats.bytesRead).toBe(0);
    });

    test("a total budget caps what one reader reads", () => {
        const dir = fakeSdk("evil", {
            "a.d.ts": classFile("A", "    readonly a: pulumi.Output<string>;"),
            "b.d.ts": classFile("B", "    readonly b: pulumi.Output<string>;"),
        });
        const size = fs.statSync(path.join(dir, "node_modules", "@pulumi", "evil", "a.d.ts")).size;
        const shapes = new DeclaredShapes(dir, { maxTotalBytes: size + 10 });
        expect(shapes.resourceOutputs("evil:index/a:A").ok).toBe(true);
        expect(shapes.resourceOutputs("evil:index/b:B").ok).toBe(false);
    });

    test("deep nesting, endless unions and token floods are bounded (opaque or unread, never a crash)", () => {
        const deep = "{ a: ".repeat(40_000) + "string" + " }".repeat(40_000);
        const unions = Array.from({ length: 50_000 }, () => "string").join(" | ");
        const dir = fakeSdk("evil", {
            "widget.d.ts": classFile(
                "Widget",
                `    readonly deep: pulumi.Output<${deep}>;\n    readonly unions: pulumi.Output<${unions}>;\n    readonly fine: pulumi.Output<boolean>;`,
            ),
            "flood.d.ts": classFile("Flood", "    readonly x: pulumi.Output<string>;\n" + "a;".repeat(600_000)),
        });
        const shapes = new DeclaredShapes(dir);
        const shape = shapes.resourceOutputs("evil:index/widget:Widget");
        if (!shape.ok) throw new Error(shape.reason);
        const byName = Object.fromEntries(shape.fields.map((f) => [f.name, f.type]));
        expect(byName.deep).toEqual({ kind: "opaque", text: "unparsed" });
        expect(byName.unions).toMatchObject({ kind: "union" });
        expect(byName.fine).toEqual({ kind: "boolean" });
        const flood = shapes.resourceOutputs("evil:index/flood:Flood");
        expect(flood.ok).toBe(false);
        if (!flood.ok) expect(flood.reason).toMatch(/more than \d+ tokens/);
    });

    test("unterminated comments and strings end the text; they do not loop", () => {
        expect(tokenize("a /* never closed", 0, 17, 100)?.values).toEqual(["a"]);
        expect(tokenize("a 'never closed", 0, 15, 100)?.values).toEqual(["a"]);
        expect(parseMembers("x: string; /* y: number;", 0, 24, { classBody: false, aliases: new Map() })).toEqual([
            { name: "x", optional: false, type: { kind: "string" } },
        ]);
    });

    test("a file that leaves its package, or is not a regular file, is not read", () => {
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), "shapes-outside-"));
        fs.writeFileSync(path.join(outside, "secret.d.ts"), classFile("Widget", '    readonly leaked: pulumi.Output<"the secret">;'));
        const dir = fakeSdk("evil", {});
        const root = path.join(dir, "node_modules", "@pulumi", "evil");
        fs.symlinkSync(path.join(outside, "secret.d.ts"), path.join(root, "widget.d.ts"));
        execFileSync("mkfifo", [path.join(root, "pipe.d.ts")]);
        fs.writeFileSync(
            path.join(root, "index.js"),
            'utilities.lazyLoad(exports, ["Pipe"], () => require("./pipe"));\nutilities.lazyLoad(exports, ["Up"], () => require("./../../x"));',
        );
        const shapes = new DeclaredShapes(dir);
        expect(shapes.resourceOutputs("evil:index/widget:Widget").ok).toBe(false);
        // A FIFO would block a read forever: it is never opened.
        expect(shapes.resourceOutputs("evil:index/pipe:Pipe").ok).toBe(false);
        expect(shapes.resourceOutputs("evil:index/up:Up").ok).toBe(false);
        expect(shapes.stats.bytesRead).toBe(fs.statSync(path.join(root, "index.js")).size);
    });

    test("a namespace of a sorted types file is found by bisection, reading a fraction of it; an unsorted one by reading on", () => {
        const namespace = (name: string) =>
            `export declare namespace ${name} {\n    interface T {\n        ${name}Field: string;\n${"        // padding\n".repeat(200)}    }\n}`;
        const names = Array.from({ length: 400 }, (_, i) => `ns${String(i).padStart(3, "0")}`);
        for (const order of ["sorted", "reversed"]) {
            const listed = order === "sorted" ? names : [...names].reverse();
            const dir = fakeSdk("evil", { "types/output.d.ts": `import * as outputs from "../types/output";\n${listed.map(namespace).join("\n")}\n` });
            const file = path.join(dir, "node_modules", "@pulumi", "evil", "types", "output.d.ts");
            const shapes = new DeclaredShapes(dir);
            // The reader follows references only into packages it has resolved.
            shapes.resourceOutputs("evil:index/none:None");
            for (const name of ["ns123", "ns321", "ns000", "ns399"]) {
                const fields = shapes.interfaceFields(file, [name, "T"]);
                expect([order, name, fields.ok && fields.fields.map((f) => f.name)]).toEqual([order, name, [`${name}Field`]]);
            }
            if (order === "sorted") expect(shapes.stats.bytesRead).toBeLessThan(fs.statSync(file).size / 2);
            expect(shapes.interfaceFields(file, ["ns400", "T"]).ok).toBe(false);
        }
    });

    test("a types file's namespaces are indexed in one streamed pass; a reference outside the package is not followed", () => {
        const members = Array.from({ length: 50 }, (_, i) => `export declare namespace ns${i} {\n    interface T {\n        v${i}: string;\n    }\n}`).join(
            "\n",
        );
        const dir = fakeSdk("evil", {
            "types/output.d.ts": `import * as outputs from "../types/output";\n${members}\n`,
            "widget.d.ts": `import * as pulumi from "@pulumi/pulumi";\nimport * as outputs from "./types/output";\nimport * as escape from "../../../../etc/passwd";\nexport declare class Widget extends pulumi.CustomResource {\n    readonly t: pulumi.Output<outputs.ns42.T>;\n    readonly e: pulumi.Output<escape.x.Y>;\n}\n`,
        });
        const shapes = new DeclaredShapes(dir);
        const widget = shapes.resourceOutputs("evil:index/widget:Widget");
        if (!widget.ok) throw new Error(widget.reason);
        const t = widget.fields.find((f) => f.name === "t")!.type as { kind: "ref"; file: string; path: string[] };
        const fields = shapes.interfaceFields(t.file, t.path);
        expect(fields.ok && fields.fields.map((f) => f.name)).toEqual(["v42"]);
        expect(widget.fields.find((f) => f.name === "e")!.type).toEqual({ kind: "opaque", text: "escape.x.Y" });
        expect(shapes.interfaceFields(t.file, ["ns7", "Missing"]).ok).toBe(false);
    });
});
