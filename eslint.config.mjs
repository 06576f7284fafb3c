// ESLint flat config: typescript-eslint's recommended rules over the whole repository.
// Formatting is Prettier's job (.prettierrc.json); this config holds no style rules.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig([
    globalIgnores([
        "**/node_modules/",
        "policies/bin/",
        ".test-packs/",
        "coverage/",
        "test/fixtures/**/node_modules/",
        "out/",
        ".preview/",
        "backup/dist/",
        ".tmp-scale/",
    ]),
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: { ...globals.node },
        },
        linterOptions: { reportUnusedDisableDirectives: "error" },
        rules: {
            // Policy inputs and SDK payloads are untyped at the edges; flag `any` without failing the build.
            "@typescript-eslint/no-explicit-any": "warn",
            // `_`-prefixed names are deliberately unused (callback signatures, destructuring to drop a key).
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
            ],
        },
    },
    {
        // CommonJS entry points and configs (bin/, tools/register-ts.js, jest.config.js) load modules with require.
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["test/**/*.ts"],
        languageOptions: { globals: { ...globals.jest } },
    },
]);
