/**
 * The problems `validateIrsaClusterArgs` reports for a config, shared by the specs that check messages.
 */
import * as assert from "node:assert/strict";
import { IrsaConfigError, validateIrsaClusterArgs } from "../../components/validation";
import type { ValidateOptions } from "../../components/validation";

/** Every problem of `config` (none when it is valid); fails the test when validation throws anything else. */
export function configProblems(config: unknown, options: ValidateOptions = {}): string[] {
    try {
        validateIrsaClusterArgs(config, options);
        return [];
    } catch (error) {
        assert.ok(error instanceof IrsaConfigError, `expected IrsaConfigError, got ${String(error)}`);
        return error.problems;
    }
}
