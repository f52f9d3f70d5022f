/** The rest of the fake AWS: caller identity, region, partition, launch templates and any other AWS resource. */
import { stableHex } from "../stableHex";
import type { Scope } from "./scope";
import { type Answer, autoName, type State, str } from "./values";

/** The fake's answer for an EC2 resource, or undefined when `type` is not one it models. */
export function ec2Resource(scope: Scope, type: string, name: string, inputs: State): Answer | undefined {
    if (type !== "aws:ec2/launchTemplate:LaunchTemplate") return undefined;
    const id = `lt-${stableHex(`lt:${name}`, 17)}`;
    const templateName = str(inputs.name) ?? autoName(name);
    return {
        id,
        state: { ...inputs, id, name: templateName, arn: scope.arn("ec2", `launch-template/${id}`), latestVersion: 1, defaultVersion: 1 },
    };
}

/** Any other AWS (or other custom) resource: its name or an auto-name as id, and an ARN. */
export function genericResource(scope: Scope, type: string, name: string, inputs: State): Answer {
    const id = str(inputs.name) ?? autoName(name);
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    return { id, state: { ...inputs, id, arn: scope.arn(service, `${service}/${id}`) } };
}

/** The fake's answer for the account-wide invokes (caller identity, region, partition), or undefined. */
export function accountCall(scope: Scope, token: string): State | undefined {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: scope.account,
                arn: `arn:aws:iam::${scope.account}:user/offline-synth`,
                userId: "AIDAOFFLINESYNTH0000",
                id: scope.account,
            };
        case "aws:index/getRegion:getRegion":
            return { name: scope.region, region: scope.region, id: scope.region, endpoint: `ec2.${scope.region}.amazonaws.com`, description: scope.region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        default:
            return undefined;
    }
}
