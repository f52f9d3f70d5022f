/**
 * A component's registered outputs in the fake cloud: recorded for the export, and kept as the resource's state,
 * which is what the engine's `pulumi:pulumi:getResource` returns for it.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { installFakeCloud } from "../../synth/fakeCloud";

class Answer extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Answer", name, {}, {});
        this.registerOutputs({ answer: 42, nested: { list: ["a", pulumi.output("b")] } });
    }
}

describe("the fake cloud's component outputs", () => {
    it("records them and answers getResource with them as the component's state", async () => {
        const cloud = await installFakeCloud();
        const component = new Answer("c");
        await cloud.settle();
        const urn = await new Promise<string>((resolve) => component.urn.apply(resolve));
        const rec = cloud.resources.find((r) => r.urn === urn);
        assert.deepEqual(rec?.outputs, { answer: 42, nested: { list: ["a", "b"] } });
        const got = (await pulumi.runtime.invoke("pulumi:pulumi:getResource", { urn })) as { urn: string; state: Record<string, unknown> };
        assert.equal(got.urn, urn);
        assert.deepEqual(got.state, { answer: 42, nested: { list: ["a", "b"] } });
    });
});
