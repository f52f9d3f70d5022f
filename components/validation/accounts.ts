/**
 * Checks of the config's `accounts`: the other AWS accounts workload roles may live in, and the `aws.Provider` of
 * each (`assumeRoleArn`, or the `IrsaCluster` option `accountProviders`).
 */
import { CONFIG_FIELDS } from "../configFields";
import { iamArnAccount } from "../naming";
import { isDnsLabel, isOidcProviderArn } from "./formats";
import { checkKnownKeys, isRecord, ProblemList, show } from "./problems";
import { LABEL_RULE, PROVIDER_FIX } from "./trustedClusters";
import type { MultiClusterContext } from "./multiCluster";

const ACCOUNT_FIELDS = CONFIG_FIELDS.AccountSpec;
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Whether `value` is an IAM role ARN. */
export function isRoleArn(value: unknown): value is string {
    return typeof value === "string" && ROLE_ARN.test(value);
}

/** A valid entry of `accounts`. */
interface KnownAccount {
    index: number;
    accountId: string;
}

/** The valid entries of `accounts` by name; every problem goes to `problems`. */
export function checkAccounts(value: unknown, context: MultiClusterContext, problems: ProblemList): Map<string, KnownAccount> {
    const known = new Map<string, KnownAccount>();
    if (value === undefined) {
        return known;
    }
    if (!Array.isArray(value)) {
        problems.invalid("accounts", value, "is not a list", "give a list of { name, accountId, assumeRoleArn }");
        return known;
    }
    const ids = new Map<string, number>();
    value.forEach((entry: unknown, index) => {
        const path = `accounts[${index}]`;
        if (!isRecord(entry)) {
            problems.invalid(path, entry, "is not an object", "give { name, accountId, assumeRoleArn }");
            return;
        }
        checkKnownKeys(entry, ACCOUNT_FIELDS, path, problems);
        const { name, accountId, assumeRoleArn, region, oidcProviderArn, lookupOidcProvider } = entry;
        let ok = true;
        if (name === undefined) {
            problems.missing(`${path}.name`, `give the name workloads use in account: ${LABEL_RULE}`);
            ok = false;
        } else if (!isDnsLabel(name)) {
            problems.invalid(`${path}.name`, name, "is not a valid account name", LABEL_RULE);
            ok = false;
        } else if (known.has(name)) {
            problems.invalid(`${path}.name`, name, `is already the name of accounts[${known.get(name)!.index}]`, "give each account a unique name");
            ok = false;
        }
        if (accountId === undefined) {
            problems.missing(`${path}.accountId`, "give the 12-digit AWS account id, quoted in YAML");
            ok = false;
        } else if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId)) {
            problems.invalid(
                `${path}.accountId`,
                accountId,
                "is not a 12-digit AWS account id",
                typeof accountId === "number" ? 'quote it in YAML ("012345678901"): as a number it loses leading zeros' : "use the account's 12 digits",
            );
            ok = false;
        } else if (ids.has(accountId)) {
            problems.invalid(`${path}.accountId`, accountId, `is already the account of accounts[${ids.get(accountId)}]`, "list each account once");
            ok = false;
        } else {
            ids.set(accountId, index);
        }
        const idKnown = typeof accountId === "string" && /^\d{12}$/.test(accountId);
        if (assumeRoleArn !== undefined) {
            if (!isRoleArn(assumeRoleArn)) {
                problems.invalid(`${path}.assumeRoleArn`, assumeRoleArn, "is not an IAM role ARN", 'write "arn:aws:iam::<accountId>:role/<name>"');
            } else if (idKnown && iamArnAccount(assumeRoleArn) !== accountId) {
                problems.invalid(`${path}.assumeRoleArn`, assumeRoleArn, `is not a role of account ${show(accountId)}`, "give a role of that account to deploy with");
            }
        } else if (typeof name === "string" && !context.accountProviders.includes(name)) {
            problems.missing(`${path}.assumeRoleArn`, "give the role the deployment assumes in that account, or pass an aws.Provider for it in the IrsaCluster option accountProviders");
        }
        if (region !== undefined && (typeof region !== "string" || !REGION.test(region))) {
            problems.invalid(`${path}.region`, region, "is not an AWS region", 'use a region code such as "us-west-2"');
        }
        if (lookupOidcProvider !== undefined && typeof lookupOidcProvider !== "boolean") {
            problems.invalid(`${path}.lookupOidcProvider`, lookupOidcProvider, "is not a boolean", "use true to look the provider up, false to create it");
        }
        if (oidcProviderArn !== undefined) {
            if (!isOidcProviderArn(oidcProviderArn)) {
                problems.invalid(`${path}.oidcProviderArn`, oidcProviderArn, "is not an IAM OIDC provider ARN", PROVIDER_FIX);
            } else if (idKnown && iamArnAccount(oidcProviderArn) !== accountId) {
                problems.invalid(`${path}.oidcProviderArn`, oidcProviderArn, `is not a provider of account ${show(accountId)}`, "give the provider registered in that account");
            }
            if (lookupOidcProvider === true) {
                problems.invalid(`${path}.lookupOidcProvider`, true, "contradicts oidcProviderArn", "give either oidcProviderArn (adopt) or lookupOidcProvider (look up)");
            }
        }
        if ((oidcProviderArn !== undefined || lookupOidcProvider === true) && context.clusterMode === "create") {
            problems.invalid(
                `${path}.${oidcProviderArn !== undefined ? "oidcProviderArn" : "lookupOidcProvider"}`,
                oidcProviderArn ?? true,
                "needs an adopted cluster",
                "a cluster this stack creates has no provider yet in any account: let the component create it",
            );
        }
        if (ok) {
            known.set(name as string, { index, accountId: accountId as string });
        }
    });
    for (const provided of context.accountProviders) {
        if (!known.has(provided) && Array.isArray(value) && value.some((a) => isRecord(a) && a.name === provided) === false) {
            problems.invalid(`accountProviders.${provided}`, provided, "names no entry of accounts", "add the account to accounts, or remove its provider from the options");
        }
    }
    return known;
}
