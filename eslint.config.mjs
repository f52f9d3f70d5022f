// Flat ESLint config: typescript-eslint with type information, plus Pulumi's own rules.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
    { ignores: ["node_modules/**", "dist/**", "out/**", "scripts/**", "examples/**", "policy-pack/node_modules/**", "policy-pack/bin/**", "bench/cdk/node_modules/**", "eslint.config.mjs"] },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        plugins: { pulumi },
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            "pulumi/no-output-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // CommonJS that node loads as it is: the pack's entry point and loaders (the CLI's runner requires them
        // before any TypeScript can load), the awsguard and empty packs and the CDK app the benchmark starts, and
        // mocha's configuration with the folder removal it shares with the specs.
        files: ["policy-pack/start.js", "policy-pack/runtime/**/*.js", "bench/awsguard/**/*.js", "bench/emptyPack/**/*.js", "bench/cdk/*.js", ".mocharc.js", "tests/helpers/removeOnExit.js"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
