/**
 * The eks-irsa library: IAM Roles for Service Accounts on EKS from one typed config.
 * Importing this module creates nothing; `IrsaCluster` is the entry point.
 */
export { IrsaCluster } from "./irsaCluster";
export type { IrsaClusterOptions } from "./irsaCluster";
export { IrsaWorkload } from "./irsaWorkload";
export type { IrsaWorkloadArgs, IrsaWorkloadOutputs } from "./irsaWorkload";
export { createsNamespace, DEFAULTS, isSystemNamespace, SYSTEM_NAMESPACES } from "./defaults";
export { CONFIG_NAMESPACE, IrsaConfigError, readStackConfig, stackConfigArgs, validateIrsaClusterArgs } from "./validation";
export type { StackConfigArgs, ValidateOptions } from "./validation";
export type {
    AccessEntrySpec,
    AccountSpec,
    AdoptClusterSpec,
    AdoptOidcProviderSpec,
    ClusterAccessSpec,
    ClusterSpec,
    CreateClusterSpec,
    CreateOidcProviderSpec,
    DeploymentSpec,
    IrsaClusterArgs,
    LookupOidcProviderSpec,
    NodeGroupSpec,
    OidcProviderSpec,
    ResourceAmounts,
    RoleOptions,
    ServiceAccountMode,
    StatementSpec,
    TrustedClusterSpec,
    WorkloadSpec,
} from "./config";
export { irsaTrustDocument, irsaTrustStatement, permissionDocument, policySize } from "./iamDocuments";
export type { IrsaTrustInputs, StatementInput, TrustedProvider } from "./iamDocuments";
export { execKubeconfig, kubeconfigIdentity } from "./kubeconfig";
export type { AwsProviderConfig, ExecKubeconfigInputs, Kubeconfig, KubeconfigIdentity } from "./kubeconfig";
export * as naming from "./naming";
export type { PolicyConditions, PolicyDocument, PolicyStatement, TrustDocument, TrustStatement } from "./policyDocument";
export { ROLE_ARN_ANNOTATION, STS_REGIONAL_ANNOTATION } from "./workloadManifests";
export { WORKLOAD_VALIDATORS } from "./validation/workload";
export type { WorkloadValidator } from "./validation/workload";
export type { IdentityMode, PodIdentityAgentMode, PodIdentityOptions } from "./podIdentityConfig";
export { IDENTITY_MODES, POD_IDENTITY_AGENT_MODES } from "./podIdentityConfig";
export { MIGRATION_ANNOTATION, POD_IDENTITY_AGENT_ADDON } from "./podIdentity";
export type { PodIdentityContext } from "./podIdentity";
export { podIdentityTrustStatement, POD_IDENTITY_ACTIONS, POD_IDENTITY_PRINCIPAL, POD_IDENTITY_TAG_KEYS, workloadTrustDocument } from "./iamDocuments";
export type { PodIdentityTrustInputs, WorkloadTrustInputs } from "./iamDocuments";
export type { VerifySpec } from "./config";
export { assumedRole, VERIFY_DEFAULTS, VERIFY_SCRIPT } from "./verifyJob";
export { NODE_METADATA_OPTIONS, nodeRolePolicies } from "./nodeHardening";
export { addonPackConfig } from "./addons";
export type { AddonPackConfig } from "./addons";
