/** Rule 15: the audiences an IAM OIDC provider accepts. */
import { show } from "./format";
import { STS_AUDIENCE } from "./oidc";

/** Tunables of rule 15. */
export interface ClientIdConfig {
    /**
     * Client ids (audiences) a provider may list.
     * @default ["sts.amazonaws.com"]
     */
    readonly allowedClientIds: readonly string[];
}

/** The problems with an OIDC provider's `clientIdLists`. */
export function checkClientIds(clientIds: readonly string[], config: ClientIdConfig): string[] {
    const problems: string[] = [];
    if (!clientIds.includes(STS_AUDIENCE)) {
        problems.push(
            `clientIdLists ${show(clientIds)} does not include ${show(STS_AUDIENCE)}: set clientIdLists to [${show(STS_AUDIENCE)}] so STS accepts the cluster's ServiceAccount tokens.`,
        );
    }
    clientIds.forEach((id, i) => {
        if (!config.allowedClientIds.includes(id)) {
            problems.push(
                `clientIdLists[${i}] ${show(id)} is not an allowed client id (${show(config.allowedClientIds)}): ` +
                    `tokens minted for other audiences could be exchanged for this cluster's roles; remove it, or list it in allowedClientIds in this policy's config.`,
            );
        }
    });
    return problems;
}
