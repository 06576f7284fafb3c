/**
 * Issue 19, item 4: the offline preview reads project and stack files as the Pulumi CLI does
 * (tools/preview/project.ts), and refuses what it cannot honour offline or does not know, naming the file and key.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProject, loadStackConfig, OFFLINE_SECRET_PLACEHOLDER } from "../../tools/preview/project";
import { UserInputError } from "../../tools/errors";

/** A project folder with these files (and nothing else), for stack `test`. */
function projectWith(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-files-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const PROJECT = "name: p\nruntime: nodejs\n";

function configOf(files: Record<string, string>, cwd = ""): Record<string, string> {
    const dir = projectWith(files);
    return loadStackConfig(loadProject(path.join(dir, cwd)), "test").values;
}

/** The error a bad file gives: one UserInputError naming the file. */
function errorOf(files: Record<string, string>, file: string): string {
    const dir = projectWith(files);
    let message = "";
    try {
        loadStackConfig(loadProject(dir), "test");
    } catch (e) {
        expect(e).toBeInstanceOf(UserInputError);
        message = (e as Error).message;
    }
    expect(message).toContain(path.join(dir, file));
    return message;
}

describe("project-level config (`config:` in Pulumi.yaml), as the CLI applies it to the stack", () => {
    const project = [
        PROJECT,
        "config:",
        "  bucketName: shared-bucket", // shorthand in the project's namespace: a default
        "  aws:region: us-west-2", // shorthand in another namespace: a value
        "  retentionDays:",
        "    type: integer",
        "    default: 30",
        "  labels:",
        "    type: array",
        "    items: { type: string }",
        "    default: [a, b]",
        "  owner:",
        "    type: string",
        "    description: 'required: no default'",
        "",
    ].join("\n");

    it("fills what the stack does not set, and the stack's own values win", () => {
        expect(configOf({ "Pulumi.yaml": project, "Pulumi.test.yaml": "config:\n  p:owner: team-a\n  retentionDays: 90\n" })).toEqual({
            "p:owner": "team-a",
            "p:retentionDays": "90",
            "p:bucketName": "shared-bucket",
            "aws:region": "us-west-2",
            "p:labels": '["a","b"]',
        });
    });

    it.each([
        [
            "a required key the stack does not set",
            "config: {}\n",
            /stack 'test' is missing configuration value 'owner', which .*Pulumi\.yaml declares without a default/,
        ],
        [
            "a value of the wrong type",
            "config:\n  p:owner: x\n  p:retentionDays: forever\n",
            /configuration key 'retentionDays' must be of type 'integer'.*given "forever"/,
        ],
        ["an array of the wrong element type", "config:\n  p:owner: x\n  p:labels: [1, 2]\n", /configuration key 'labels' must be of type 'array<string>'/],
    ])("refuses %s (stack file)", (_label, stack, message) => {
        expect(errorOf({ "Pulumi.yaml": project, "Pulumi.test.yaml": stack }, "Pulumi.test.yaml")).toMatch(message);
    });

    it("requires a key declared secret (with a type) to be encrypted in the stack file, and takes a secure value", () => {
        const secretProject = `${PROJECT}config:\n  token:\n    type: string\n    secret: true\n`;
        expect(errorOf({ "Pulumi.yaml": secretProject, "Pulumi.test.yaml": "config:\n  p:token: plain\n" }, "Pulumi.test.yaml")).toMatch(
            /configuration key 'token' must be encrypted/,
        );
        expect(configOf({ "Pulumi.yaml": secretProject, "Pulumi.test.yaml": "config:\n  p:token:\n    secure: v1:abc\n" })).toEqual({
            "p:token": OFFLINE_SECRET_PLACEHOLDER,
        });
    });

    it.each([
        [
            "a default of the wrong type",
            "  n:\n    type: integer\n    default: many\n",
            /key 'config\.n': the default "many" is not of the declared type 'integer'/,
        ],
        ["both a default and a value", "  n:\n    default: 1\n    value: 2\n", /key 'config\.n' cannot have both a 'default' and a 'value'/],
        ["an array type without items", "  n:\n    type: array\n", /key 'config\.n' declares an array but not the type of its elements/],
        [
            "a type for another namespace's key",
            "  aws:region:\n    type: string\n    value: x\n",
            /key 'config\.aws:region' is not in the project's namespace and may not declare a type/,
        ],
        ["a default for another namespace's key", "  aws:region:\n    default: x\n", /may not have a 'default'/],
        [
            "a declaration key the CLI does not know",
            "  n:\n    type: string\n    defualt: x\n",
            /key 'config\.n': unknown key 'defualt' \(allowed: type, items, description, secret, default, value\)/,
        ],
        ["a float shorthand (the project schema allows none)", "  n: 1.5\n", /key 'config\.n'/],
    ])("refuses %s (project file)", (_label, block, message) => {
        expect(errorOf({ "Pulumi.yaml": `${PROJECT}config:\n${block}`, "Pulumi.test.yaml": "" }, "Pulumi.yaml")).toMatch(message);
    });
});

describe("YAML as Go's yaml.v3 reads it", () => {
    it("honours merge keys (`<<`) and anchors, in stack and project files", () => {
        const stack = ["config:", "  p:base: &base { team: platform, env: dev }", "  p:tags:", "    <<: *base", "    env: prod", "  p:copy: *base", ""].join(
            "\n",
        );
        const project = `${PROJECT}config:\n  defaults: &d\n    type: string\n    default: from-anchor\n  other:\n    <<: *d\n`;
        expect(configOf({ "Pulumi.yaml": project, "Pulumi.test.yaml": stack })).toEqual({
            "p:base": '{"env":"dev","team":"platform"}',
            "p:tags": '{"env":"prod","team":"platform"}',
            "p:copy": '{"env":"dev","team":"platform"}',
            "p:defaults": "from-anchor",
            "p:other": "from-anchor",
        });
    });

    it("resolves plain scalars as yaml.v3 does, and gives the program the CLI's text", () => {
        const stack = [
            "config:",
            "  p:octal: 0777",
            "  p:underscored: 1_000",
            "  p:binary: 0b101",
            "  p:leadingZeroFloat: 08",
            "  p:float: 1.50",
            "  p:yes: yes",
            "  p:date: 2026-01-31",
            "  p:big: 12345678901234567890",
            "  p:quoted: '0777'",
            "  p:empty:",
            "  p:object: { z: 1, a: '<b>', n: null }",
            "",
        ].join("\n");
        expect(configOf({ "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": stack })).toEqual({
            "p:octal": "511",
            "p:underscored": "1000",
            "p:binary": "5",
            "p:leadingZeroFloat": "8",
            "p:float": "1.5",
            "p:yes": "yes",
            "p:date": "2026-01-31",
            "p:big": "12345678901234567890",
            "p:quoted": "0777",
            "p:empty": "",
            "p:object": '{"a":"\\u003cb\\u003e","n":null,"z":1}',
        });
    });

    it.each([
        ["a key twice in one mapping", "config:\n  p:a: 1\n  p:a: 2\n", /Pulumi\.test\.yaml is not YAML the Pulumi CLI reads: .*[Mm]ap keys must be unique/],
        ["a mapping key that is not a string", "config:\n  p:a:\n    1: one\n", /mapping key '1' is not a string/],
        [".inf, which the CLI cannot pass on", "config:\n  p:a: .inf\n", /Infinity is not a value the Pulumi CLI can pass to a program/],
    ])("refuses %s", (_label, stack, message) => {
        expect(errorOf({ "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": stack }, "Pulumi.test.yaml")).toMatch(message);
    });
});

describe("config keys as `config.ParseKey` reads them", () => {
    it("reads `<namespace>:config:<name>` as `<namespace>:<name>`, and a bare name in the project's namespace", () => {
        expect(configOf({ "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": "config:\n  aws:config:region: us-east-1\n  p:config:size: '3'\n  plain: x\n" })).toEqual(
            {
                "aws:region": "us-east-1",
                "p:size": "3",
                "p:plain": "x",
            },
        );
    });

    it.each([
        [
            "`ns:config:key` beside `ns:key`",
            "config:\n  aws:region: us-east-1\n  aws:config:region: ap-southeast-1\n",
            /keys 'config\.aws:region' and 'config\.aws:config:region' are both config key 'aws:region'/,
        ],
        [
            "a bare name beside its namespaced spelling",
            "config:\n  size: '1'\n  p:size: '2'\n",
            /keys 'config\.size' and 'config\.p:size' are both config key 'p:size'/,
        ],
        ["a key with a module other than `config`", "config:\n  aws:other:region: x\n", /key 'config\.aws:other:region' is not a config key the CLI reads/],
        ["a key with three colons", "config:\n  a:b:c:d: x\n", /key 'config\.a:b:c:d' is not a config key the CLI reads/],
    ])("refuses %s", (_label, stack, message) => {
        expect(errorOf({ "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": stack }, "Pulumi.test.yaml")).toMatch(message);
    });
});

describe("which files, in the CLI's precedence", () => {
    it("reads Pulumi.json before Pulumi.yaml, and then the stack file with its extension", () => {
        const dir = projectWith({
            "Pulumi.yaml": "name: from-yaml\nruntime: nodejs\n",
            "Pulumi.test.yaml": "config:\n  a: yaml\n",
            "Pulumi.json": '{ "name": "from-json", "runtime": "nodejs" }',
            "Pulumi.test.json": '{ "config": { "a": "json", "n": 365 } }',
        });
        const project = loadProject(dir);
        expect([project.name, path.basename(project.file)]).toEqual(["from-json", "Pulumi.json"]);
        const config = loadStackConfig(project, "test");
        expect([path.basename(config.file), config.values]).toEqual(["Pulumi.test.json", { "from-json:a": "json", "from-json:n": "365" }]);
    });

    it("reads Pulumi.yaml before Pulumi.yml", () => {
        const dir = projectWith({ "Pulumi.yml": "name: from-yml\nruntime: nodejs\n", "Pulumi.yaml": "name: from-yaml\nruntime: nodejs\n" });
        expect(loadProject(dir).name).toBe("from-yaml");
    });

    it("finds the project file in a folder above --cwd, as the CLI does", () => {
        expect(configOf({ "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": "config:\n  a: b\n", "src/index.ts": "" }, "src")).toEqual({ "p:a": "b" });
    });

    it("takes the old spelling of stackConfigDir (`config: <folder>`), and refuses both", () => {
        expect(configOf({ "Pulumi.yaml": `${PROJECT}config: stacks\n`, "stacks/Pulumi.test.yaml": "config:\n  a: b\n" })).toEqual({ "p:a": "b" });
        expect(errorOf({ "Pulumi.yaml": `${PROJECT}config: stacks\nstackConfigDir: stacks\n` }, "Pulumi.yaml")).toMatch(/both set the stack folder/);
    });

    it("refuses a key twice in a JSON file (encoding/json would keep the last)", () => {
        expect(errorOf({ "Pulumi.json": '{ "name": "p", "runtime": "nodejs", "name": "q" }' }, "Pulumi.json")).toMatch(/key 'name' appears twice/);
    });

    it("refuses a number shorthand in a JSON project file's config, as the CLI cannot read it", () => {
        expect(errorOf({ "Pulumi.json": '{ "name": "p", "runtime": "nodejs", "config": { "n": 5 } }' }, "Pulumi.json")).toMatch(
            /key 'config\.n': the CLI cannot read a number here/,
        );
    });
});

describe("what cannot be honoured offline stops the preview, naming the key and why", () => {
    it.each([
        [
            "runtime.options.nodeargs",
            "runtime:\n  name: nodejs\n  options:\n    nodeargs: --allow-fs-write=*\n",
            /key 'runtime\.options\.nodeargs' .*gives the program's node process arguments/,
        ],
        [
            "plugins.providers",
            "runtime: nodejs\nplugins:\n  providers:\n    - { name: aws, path: ./bin }\n",
            /key 'plugins\.providers' \(aws\) makes the CLI run plugin binaries/,
        ],
        ["plugins.analyzers", "runtime: nodejs\nplugins:\n  analyzers:\n    - { name: policy, path: ./bin }\n", /key 'plugins\.analyzers' \(policy\)/],
        ["plugins.languages", "runtime: nodejs\nplugins:\n  languages:\n    - { name: nodejs, path: ./bin }\n", /key 'plugins\.languages' \(nodejs\)/],
        ["packages", "runtime: nodejs\npackages:\n  tf: terraform-provider@0.1.0\n", /key 'packages' \(tf\) makes the CLI download and install packages/],
        ["a runtime other than nodejs", "runtime: bun\n", /key 'runtime' is "bun"; the offline preview runs only 'nodejs' programs/],
    ])("%s (project file)", (_key, body, message) => {
        expect(errorOf({ "Pulumi.yaml": `name: p\n${body}`, "Pulumi.test.yaml": "" }, "Pulumi.yaml")).toMatch(message);
    });

    it("a stack's Pulumi ESC environment (stack file)", () => {
        expect(errorOf({ "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": "environment:\n  - residency/prod\n" }, "Pulumi.test.yaml")).toMatch(
            /key 'environment' imports Pulumi ESC environments \(residency\/prod\), which only Pulumi Cloud can open/,
        );
    });
});

describe("an unknown key is an error naming it and the allowed keys", () => {
    it.each([
        [
            "a misspelt project key",
            "Pulumi.yaml",
            `${PROJECT}mian: index.ts\n`,
            /project file .*: top level: unknown key 'mian' \(allowed: name, runtime, main, description/,
        ],
        [
            "a runtime option the Node.js host does not read",
            "Pulumi.yaml",
            "name: p\nruntime:\n  name: nodejs\n  options:\n    typscript: false\n",
            /key 'runtime\.options': top level: unknown key 'typscript' \(allowed: typescript, tsconfig, nodeargs, packagemanager, production\)/,
        ],
        ["a key of a project block", "Pulumi.yaml", `${PROJECT}backend:\n  uri: s3://x\n`, /key 'backend': unknown key 'uri' \(allowed: url\)/],
        [
            "a misspelt stack key",
            "Pulumi.test.yaml",
            "confg:\n  a: b\n",
            /stack config .*: top level: unknown key 'confg' \(allowed: config, secretsprovider, encryptedkey, encryptionsalt, environment\)/,
        ],
    ])("%s (%s)", (_label, file, text, message) => {
        const files: Record<string, string> = { "Pulumi.yaml": PROJECT, "Pulumi.test.yaml": "", [file]: text };
        expect(errorOf(files, file)).toMatch(message);
    });
});

describe("the runtime options the Node.js language host reads", () => {
    it("are parsed with the host's defaults", () => {
        expect(loadProject(projectWith({ "Pulumi.yaml": PROJECT })).runtime).toEqual({
            name: "nodejs",
            options: { typescript: true, tsconfig: undefined, packagemanager: "auto", production: false },
        });
        const dir = projectWith({
            "Pulumi.yaml":
                "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    tsconfig: ../tsconfig.json\n    packagemanager: pnpm\n    production: true\n",
        });
        expect(loadProject(dir).runtime.options).toEqual({ typescript: false, tsconfig: "../tsconfig.json", packagemanager: "pnpm", production: true });
    });

    it("take only the values the host accepts", () => {
        expect(errorOf({ "Pulumi.yaml": "name: p\nruntime:\n  name: nodejs\n  options:\n    packagemanager: cargo\n" }, "Pulumi.yaml")).toMatch(
            /runtime\.options.*packagemanager/,
        );
    });
});
