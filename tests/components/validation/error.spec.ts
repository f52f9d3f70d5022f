import * as assert from "node:assert/strict";
import { inspect } from "node:util";
import { IrsaConfigError } from "../../../components/validation";

describe("IrsaConfigError", () => {
    const problem = 'oidcProvider.arn "arn:aws:iam::123456789012:oidc-provider/x" is not the provider of the cluster\'s issuer: use the cluster\'s.';
    const expected = `IrsaConfigError: Invalid eks-irsa configuration (1 problem):\n  - ${problem}`;

    /** The error as the language host's runner sees it under ts-node: SDK frames mapped to `node_modules/@pulumi/*.ts`. */
    function thrownInApply(): IrsaConfigError {
        const error = new IrsaConfigError([problem]);
        error.stack = `${expected}\n    at /app/components/oidcProvider.ts:44:27\n    at applyHelperAsync (/app/node_modules/@pulumi/output.ts:516:31)`;
        return error;
    }

    it("is inspected as its name and message, without stack or properties", () => {
        assert.equal(inspect(thrownInApply()), expected);
    });

    it("is inspected with colors as the runner does, at once (Node 20.20 loops on such a stack)", () => {
        assert.equal(inspect(thrownInApply(), { colors: true }), expected);
    });
});
