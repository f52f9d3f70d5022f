/**
 * URNs as the Pulumi engine builds them.
 *
 * `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type is the parent's whole
 * qualified type, `$`, then the resource's type, except that a child of the root stack resource (and a resource
 * with no parent) carries only its own type: the root `pulumi:pulumi:Stack` never appears in the chain. A grandchild
 * of the stack carries its parent's full chain (`A$B$<type>`), not only its parent's last type.
 *
 * Read in pulumi/pulumi (commit 1b5949891b3cefcb9974752b24a5ecef0acc86c8): `Deployment.generateURN`
 * (pkg/resource/deploy/deployment.go) and `urn.New` (sdk/go/common/resource/urn/urn.go). The SDK's
 * own mock monitor (`@pulumi/pulumi/runtime/mocks.js`, `newUrn`) differs on both counts: it keeps
 * `pulumi:pulumi:Stack$` and only the parent's last type.
 */

/** The type of the root stack resource. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN: its third `::` field (the type chain, `A$B$C`). */
export function qualifiedType(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/**
 * The URN the engine gives a resource of `type` called `name`, registered (or read) with `parent` (a URN, or `""`
 * for none) in `project`'s stack `stack`.
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent === "" ? "" : qualifiedType(parent);
    const chain = parentType === "" || parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::${project}::${chain}::${name}`;
}
