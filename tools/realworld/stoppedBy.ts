/**
 * Which issue-21 engine item a preview's failure points at, read from its one-line error or its first residency
 * result. A guide for the table, by the texts the preview and the SDK print today; `undefined` when none matches.
 */
export interface EngineItem {
    item: number;
    what: string;
}

const PATTERNS: [RegExp, EngineItem][] = [
    [/multi-language|remote component|\bremote\b.*component|provider plugin/i, { item: 1, what: "multi-language component" }],
    [/inspector|ERR_ACCESS_DENIED|serializ(e|ing) (the )?(function|closure)|CallbackFunction|dynamic provider/i, { item: 2, what: "closure serialization" }],
    // Today's preview crashes on the SDK's resource reference with this TypeError (test/fixtures/realworld/resource-reference).
    [/getResource|resource reference|reading 'toJavaScript'/i, { item: 3, what: "resource object as input" }],
    [
        /Cannot find module '\.{1,2}\/[^']*\.js'|ERR_REQUIRE_ESM|ERR_REQUIRE_ASYNC_MODULE|Cannot use import statement|require\(\) of ES Module|ES module|import\.meta|ERR_MODULE_NOT_FOUND|ERR_UNKNOWN_FILE_EXTENSION/i,
        { item: 4, what: "ESM project" },
    ],
    [/second pass/i, { item: 5, what: "second pass on ordinary code" }],
    // "after it settled" alone is not this item: a timer that keeps the program running says so too.
    [/kept registering|beforeExit/i, { item: 6, what: "registration in beforeExit" }],
    [/never settled|promise that never resolves/i, { item: 8, what: "error hidden behind 'never settled'" }],
];

export function engineItemOf(text: string | undefined): EngineItem | undefined {
    if (!text) return undefined;
    return PATTERNS.find(([re]) => re.test(text))?.[1];
}
