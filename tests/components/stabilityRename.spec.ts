/**
 * The config side of renames (`previousNames`, `roleNamePrefix`) and of order-independent validation: the pure
 * naming functions `IrsaCluster` builds renamed workloads with, and every validation message word for word.
 */
import * as assert from "node:assert/strict";
import type { WorkloadSpec } from "../../components";
import { IrsaConfigError, validateIrsaClusterArgs } from "../../components/validation";
import { builtWorkload, workloadAliases, workloadRoleName } from "../../components/naming";

const LABEL_RULE = 'use a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)';

function workload(overrides: Record<string, unknown> = {}): WorkloadSpec {
    return { name: "api", namespace: "apps", serviceAccount: "api", deployment: false, ...overrides } as WorkloadSpec;
}

function problemsOf(workloads: unknown[], top: Record<string, unknown> = {}, componentName = "platform"): string[] {
    try {
        validateIrsaClusterArgs({ cluster: { mode: "adopt", name: "sandbox" }, workloads, ...top }, { componentName });
        return [];
    } catch (error) {
        assert.ok(error instanceof IrsaConfigError, `expected IrsaConfigError, got ${String(error)}`);
        return error.problems;
    }
}

describe("renames", () => {
    describe("workloadRoleName", () => {
        it("derives from the component's name and the workload's name", () => {
            assert.equal(workloadRoleName("platform", { name: "api" }), "platform-api");
        });

        it("derives from the oldest former name and the role-name prefix when given", () => {
            assert.equal(workloadRoleName("platform-v2", { name: "payments-api", previousNames: ["api", "pay-api"] }, "platform"), "platform-api");
        });

        it("keeps an explicit role name", () => {
            assert.equal(workloadRoleName("platform", { name: "api", previousNames: ["old"], role: { name: "Payments" } }, "prefix"), "Payments");
        });
    });

    describe("builtWorkload", () => {
        it("returns a workload that was not renamed unchanged", () => {
            const spec = workload({ role: { path: "/irsa/" } });
            assert.equal(builtWorkload("platform", spec), spec);
        });

        it("builds a renamed workload with its oldest name and its original role name", () => {
            const spec = workload({ name: "payments-api", previousNames: ["api", "pay-api"], role: { path: "/irsa/" } });
            assert.deepEqual(builtWorkload("platform", spec), { ...workload({ name: "api", role: { path: "/irsa/", name: "platform-api" } }) });
        });

        it("fixes the role name of every workload of a renamed component", () => {
            assert.deepEqual(builtWorkload("platform-v2", workload(), "platform"), workload({ role: { name: "platform-api" } }));
        });
    });

    describe("workloadAliases", () => {
        it("aliases each former name's IrsaWorkload", () => {
            assert.deepEqual(workloadAliases("platform", { name: "c", previousNames: ["a", "b"] }), [{ name: "platform-a" }, { name: "platform-b" }]);
            assert.deepEqual(workloadAliases("platform", { name: "c" }), []);
        });
    });

    describe("validation of previousNames", () => {
        it("accepts former names no workload has", () => {
            assert.deepEqual(problemsOf([workload({ name: "c", previousNames: ["a", "b"] }), workload({ name: "d", serviceAccount: "d", previousNames: ["e"] })]), []);
        });

        it("reports a value that is not a non-empty list", () => {
            assert.deepEqual(problemsOf([workload({ previousNames: "old" }), workload({ name: "b", serviceAccount: "b", previousNames: [] })]), [
                'workloads[0].previousNames "old" is not a list of former names: list the names the workload had, oldest first, e.g. ["s3-reader"].',
                'workloads[1].previousNames [] is not a list of former names: list the names the workload had, oldest first, e.g. ["s3-reader"].',
            ]);
        });

        it("reports a former name that is not a label, the workload's own name, or listed twice", () => {
            assert.deepEqual(problemsOf([workload({ previousNames: ["Old_Api", "api", "a", "a"] })]), [
                `workloads[0].previousNames[0] "Old_Api" is not a valid workload name: ${LABEL_RULE}.`,
                'workloads[0].previousNames[1] "api" is the workload\'s name: list only the names it had before.',
                'workloads[0].previousNames[3] "a" is listed twice: remove the duplicate.',
            ]);
        });

        it("reports a former name that another workload has now, before or after it", () => {
            assert.deepEqual(problemsOf([workload({ previousNames: ["b"] }), workload({ name: "b", serviceAccount: "b", previousNames: ["api"] })]), [
                'workloads[0].previousNames[0] "b" is the name of workloads[1]: a former name must be free: remove it, or rename the other workload.',
                'workloads[1].previousNames[0] "api" is the name of workloads[0]: a former name must be free: remove it, or rename the other workload.',
            ]);
        });

        it("reports a former name of two workloads", () => {
            assert.deepEqual(problemsOf([workload({ previousNames: ["old"] }), workload({ name: "b", serviceAccount: "b", previousNames: ["old"] })]), [
                'workloads[1].previousNames[0] "old" is already a former name of workloads[0]: give each former name to one workload.',
            ]);
        });
    });

    describe("validation of role names after renames", () => {
        it("reports an explicit role name equal to the name a later workload derives, on the explicit one", () => {
            assert.deepEqual(problemsOf([workload({ role: { name: "platform-b" } }), workload({ name: "b", serviceAccount: "b" })]), [
                'workloads[0].role.name "platform-b" is also the role name workloads[1] derives from its name: give each workload its own role name.',
            ]);
        });

        it("compares with the role name derived from the oldest former name and the role-name prefix", () => {
            const workloads = [workload({ name: "b", serviceAccount: "b", previousNames: ["old"] }), workload({ role: { name: "platform-old" } })];
            assert.deepEqual(problemsOf(workloads, { roleNamePrefix: "platform" }, "platform-v2"), [
                'workloads[1].role.name "platform-old" is already the role name of workloads[0]: give each workload its own role name.',
            ]);
        });

        it("reports a roleNamePrefix IAM refuses", () => {
            assert.deepEqual(problemsOf([workload()], { roleNamePrefix: "my platform" }), [
                'roleNamePrefix "my platform" is not a valid role name prefix: use 1 to 64 letters, digits and "+=,.@_-" (e.g. the component\'s former name).',
            ]);
        });
    });
});
