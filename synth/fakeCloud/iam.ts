/** The fake IAM: roles, policies, inline policies and attachments, OIDC providers. */
import { stableHex } from "../stableHex";
import type { Scope } from "./scope";
import { type Answer, autoName, type State, str } from "./values";

/** The fake's answer for an IAM resource, or undefined when `type` is not one. */
export function iamResource(scope: Scope, type: string, name: string, inputs: State): Answer | undefined {
    switch (type) {
        case "aws:iam/role:Role": {
            const roleName = str(inputs.name) ?? autoName(name);
            const path = str(inputs.path) ?? "/";
            return {
                id: roleName,
                state: {
                    ...inputs,
                    name: roleName,
                    path,
                    arn: scope.arn("iam", `role${path}${roleName}`, false),
                    uniqueId: `AROA${stableHex(`role:${roleName}`, 17).toUpperCase()}`,
                    maxSessionDuration: inputs.maxSessionDuration ?? 3600,
                },
            };
        }
        case "aws:iam/policy:Policy": {
            const policyName = str(inputs.name) ?? autoName(name);
            const path = str(inputs.path) ?? "/";
            const arn = scope.arn("iam", `policy${path}${policyName}`, false);
            return { id: arn, state: { ...inputs, name: policyName, path, arn, policyId: `ANPA${stableHex(arn, 17).toUpperCase()}` } };
        }
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const arn = scope.oidcProviderArn(String(inputs.url ?? ""));
            return { id: arn, state: { ...inputs, arn } };
        }
        case "aws:iam/rolePolicy:RolePolicy": {
            const policyName = str(inputs.name) ?? autoName(name);
            return { id: `${String(inputs.role)}:${policyName}`, state: { ...inputs, name: policyName } };
        }
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
            return { id: `${String(inputs.role)}-${stableHex(`${name}:${String(inputs.policyArn)}`, 8)}`, state: { ...inputs } };
        default:
            return undefined;
    }
}

/** The fake's answer for an IAM invoke, or undefined when `token` is not one. */
export function iamCall(scope: Scope, token: string, inputs: State): State | undefined {
    if (token !== "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider") return undefined;
    const url = str(inputs.url) ?? "";
    const arn = str(inputs.arn) ?? scope.oidcProviderArn(url);
    const host = url !== "" ? url.replace(/^https:\/\//, "") : arn.replace(/^.*:oidc-provider\//, "");
    return { arn, url: host, clientIdLists: ["sts.amazonaws.com"], thumbprintLists: [], tags: {}, id: arn };
}
