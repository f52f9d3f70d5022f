/**
 * A workload's inline permissions: its own `statements` plus the statements its typed `grants` and its `addon`
 * expand to, in the config's vocabulary ({@link StatementInput}), ready for `permissionDocument`.
 */
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { AddonContext, addonStatements, AddonSpec } from "./addons";
import { expandGrants, GrantSpec } from "./grants";
import { StatementInput } from "./iamDocuments";
import { PolicyStatement } from "./policyDocument";

/** The stack facts grants and add-ons are scoped with: partition, region, account and the cluster's name. */
export type PermissionContext = AddonContext;

function toInput(s: PolicyStatement): StatementInput {
    return { actions: s.Action, resources: s.Resource, ...(s.Condition !== undefined ? { conditions: s.Condition } : {}) };
}

/** The statements of `grants` and `addon` (none when the workload has neither). */
export function extraStatements(workload: { grants?: readonly GrantSpec[]; addon?: AddonSpec }, ctx: PermissionContext): StatementInput[] {
    return [
        ...(workload.grants !== undefined && workload.grants.length > 0 ? expandGrants(workload.grants, ctx) : []),
        ...(workload.addon !== undefined ? addonStatements(workload.addon, ctx) : []),
    ].map(toInput);
}

/** Whether the workload's inline policy depends on the stack's partition, region, account or cluster. */
export function needsContext(workload: { grants?: readonly GrantSpec[]; addon?: AddonSpec }): boolean {
    return (workload.grants?.length ?? 0) > 0 || workload.addon !== undefined;
}

/** The stack's partition, region and account (from the AWS provider) with the cluster's name. */
export function stackPermissionContext(clusterName: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<PermissionContext> {
    const opts = { parent };
    return pulumi
        .all([aws.getPartitionOutput({}, opts), aws.getRegionOutput({}, opts), aws.getCallerIdentityOutput({}, opts), clusterName])
        .apply(([partition, region, identity, name]) => ({ partition: partition.partition, region: region.region, accountId: identity.accountId, clusterName: name }));
}
