/**
 * The parts of `@pulumi/kubernetes` the components use, each from its API group's module. The package's index
 * requires every API group it covers (30 groups, about 650 declaration files for a type check) and registers the
 * package; these are the very classes the index re-exports (it loads these same modules), so a `k8s.Provider` a
 * program makes from `@pulumi/kubernetes` is one these types accept.
 */
import type * as types from "@pulumi/kubernetes/types";

export * as apps from "@pulumi/kubernetes/apps";
export * as batch from "@pulumi/kubernetes/batch";
export * as core from "@pulumi/kubernetes/core";
export { Provider } from "@pulumi/kubernetes/provider";
export type { ProviderArgs } from "@pulumi/kubernetes/provider";
export type { types };
