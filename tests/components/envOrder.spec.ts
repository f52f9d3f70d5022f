import * as assert from "node:assert/strict";
import { envCycle, envReferences, orderedEnv } from "../../components/envOrder";
import { deploymentArgs } from "../../components/workloadManifests";
import { validateIrsaClusterArgs } from "../../components/validation";
import { IrsaConfigError } from "../../components/validation/error";

describe("orderedEnv (a container's env, whatever the map's key order)", () => {
    it("lists the component's defaults first, then the variables in code-point order of their names", () => {
        assert.deepEqual(orderedEnv({ b: "2", B: "1", A: "0" }, { HOME: "/tmp" }), [
            { name: "HOME", value: "/tmp" },
            { name: "A", value: "0" },
            { name: "B", value: "1" },
            { name: "b", value: "2" },
        ]);
    });

    it("puts a variable before the ones that refer to it as $(NAME), so Kubernetes expands them", () => {
        assert.deepEqual(orderedEnv({ A_URL: "http://$(Z_HOST):$(PORT)", PORT: "80", Z_HOST: "db" }), [
            { name: "PORT", value: "80" },
            { name: "Z_HOST", value: "db" },
            { name: "A_URL", value: "http://$(Z_HOST):$(PORT)" },
        ]);
    });

    it("gives the same list for the same map written in another order", () => {
        const one = orderedEnv({ C: "$(A)", B: "b", A: "a" });
        const two = orderedEnv({ A: "a", C: "$(A)", B: "b" });
        assert.deepEqual(one, two);
    });

    it("does not take an escaped $$(NAME) as a reference", () => {
        assert.deepEqual(envReferences("$$(A) $(B) $$$(C) $(D"), ["B", "C"]);
        assert.deepEqual(orderedEnv({ A: "$$(Z)", Z: "z" }).map((e) => e.name), ["A", "Z"]);
    });

    it("finds a reference cycle", () => {
        assert.deepEqual(envCycle({ A: "$(B)", B: "$(C)", C: "$(A)" }), ["A", "B", "C", "A"]);
        assert.equal(envCycle({ A: "$(B)", B: "x" }), undefined);
    });
});

describe("the Deployment's env", () => {
    it("comes out in the same order for the env map in any key order (the CLI sorts keys, a file may not)", () => {
        const spec = (env: Record<string, string>) => deploymentArgs({ workloadName: "w", namespace: "n", serviceAccountName: "sa", spec: { image: "i", env } });
        const containers = (env: Record<string, string>) => (spec(env).spec as { template: { spec: { containers: { env?: unknown }[] } } }).template.spec.containers[0]!.env;
        assert.deepEqual(containers({ URL: "$(HOST)/x", HOST: "h" }), [
            { name: "HOME", value: "/tmp" },
            { name: "HOST", value: "h" },
            { name: "URL", value: "$(HOST)/x" },
        ]);
        assert.deepEqual(containers({ HOST: "h", URL: "$(HOST)/x" }), containers({ URL: "$(HOST)/x", HOST: "h" }));
    });

    it("is refused with a reference cycle", () => {
        const args = {
            cluster: { mode: "adopt" as const, name: "sandbox" },
            workloads: [{ name: "w", namespace: "n", serviceAccount: "sa", managedPolicyArns: [], deployment: { image: "i", env: { A: "$(B)", B: "$(A)" } } }],
        };
        assert.throws(
            () => validateIrsaClusterArgs(args),
            (e: unknown) => {
                assert.ok(e instanceof IrsaConfigError);
                assert.deepEqual(e.problems, [
                    'workloads[0].deployment.env.A "$(B)" refers to itself through $(A) → $(B) → $(A): Kubernetes expands $(NAME) only from variables defined before: break the cycle (write $$(NAME) for a literal).',
                ]);
                return true;
            },
        );
    });
});
