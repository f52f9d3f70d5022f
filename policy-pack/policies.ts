/**
 * Every policy of the irsa-guard pack, listed explicitly (no registration on import). Imported by
 * `index.ts` (the only place that calls `new PolicyPack`) and by the tests.
 */
import { Policies } from "@pulumi/policy";
import { deploymentServiceAccountExists } from "./policies/deploymentServiceAccountExists";
import { iamActionResourceMatch } from "./policies/iamActionResourceMatch";
import { iamActionsExist } from "./policies/iamActionsExist";
import { iamConditionKeysValid } from "./policies/iamConditionKeysValid";
import { iamConditionOpenings } from "./policies/iamConditionOpenings";
import { iamDocumentGrammar } from "./policies/iamDocumentGrammar";
import { iamDocumentValid } from "./policies/iamDocumentValid";
import { iamNoBroadManagedPolicies } from "./policies/iamNoBroadManagedPolicies";
import { iamNoPrivilegeEscalation } from "./policies/iamNoPrivilegeEscalation";
import { iamNoStarResource } from "./policies/iamNoStarResource";
import { iamNoWildcardActions } from "./policies/iamNoWildcardActions";
import { iamPolicySize } from "./policies/iamPolicySize";
import { iamRoleEscalationPaths } from "./policies/iamRoleEscalationPaths";
import { iamRolePolicyQuotas } from "./policies/iamRolePolicyQuotas";
import { iamServiceRolePolicies } from "./policies/iamServiceRolePolicies";
import { iamRoleTagScopeWritable } from "./policies/iamRoleTagScopeWritable";
import { iamStarResourceMetadataRead } from "./policies/iamStarResourceMetadataRead";
import { iamTagScopeWritable } from "./policies/iamTagScopeWritable";
import { iamTrustAccountRoot } from "./policies/iamTrustAccountRoot";
import { iamTrustNoPublicPrincipal } from "./policies/iamTrustNoPublicPrincipal";
import { irsaOidcProviderClientIds } from "./policies/irsaOidcProviderClientIds";
import { irsaPodNoNodeCredentials } from "./policies/irsaPodNoNodeCredentials";
import { irsaRoleSingleServiceAccount } from "./policies/irsaRoleSingleServiceAccount";
import { irsaServiceAccountRoleTrust } from "./policies/irsaServiceAccountRoleTrust";
import { irsaTrustAudience } from "./policies/irsaTrustAudience";
import { irsaTrustIssuerMatch } from "./policies/irsaTrustIssuerMatch";
import { irsaTrustNoDefaultServiceAccount } from "./policies/irsaTrustNoDefaultServiceAccount";
import { irsaTrustStatementShape } from "./policies/irsaTrustStatementShape";
import { irsaTrustStrictOperators } from "./policies/irsaTrustStrictOperators";
import { irsaTrustSubject } from "./policies/irsaTrustSubject";
import { irsaTrustSubjectStringEquals } from "./policies/irsaTrustSubjectStringEquals";
import { irsaServiceAccountCluster } from "./policies/irsaServiceAccountCluster";
import { irsaTrustDeclaredProvider } from "./policies/irsaTrustDeclaredProvider";
import { irsaTrustProviderAccount } from "./policies/irsaTrustProviderAccount";
import { nodeGroupLaunchTemplate } from "./policies/nodeGroupLaunchTemplate";
import { nodeLaunchTemplateImds } from "./policies/nodeLaunchTemplateImds";
import { nodeRoleOnlyNodePolicies } from "./policies/nodeRoleOnlyNodePolicies";
import { podIdentityAssociationRole } from "./policies/podIdentityAssociationRole";
import { podIdentityNoDualIdentity } from "./policies/podIdentityNoDualIdentity";
import { podIdentitySessionTags } from "./policies/podIdentitySessionTags";
import { podIdentityTrustShape } from "./policies/podIdentityTrustShape";
import { podIdentityTrustSource } from "./policies/podIdentityTrustSource";

export {
    deploymentServiceAccountExists,
    iamActionResourceMatch,
    iamActionsExist,
    iamConditionKeysValid,
    iamConditionOpenings,
    iamDocumentGrammar,
    iamDocumentValid,
    iamNoBroadManagedPolicies,
    iamNoPrivilegeEscalation,
    iamNoStarResource,
    iamNoWildcardActions,
    iamPolicySize,
    iamRoleEscalationPaths,
    iamRolePolicyQuotas,
    iamServiceRolePolicies,
    iamRoleTagScopeWritable,
    iamStarResourceMetadataRead,
    iamTagScopeWritable,
    iamTrustAccountRoot,
    iamTrustNoPublicPrincipal,
    irsaOidcProviderClientIds,
    irsaPodNoNodeCredentials,
    irsaRoleSingleServiceAccount,
    irsaServiceAccountRoleTrust,
    irsaTrustAudience,
    irsaTrustIssuerMatch,
    irsaTrustNoDefaultServiceAccount,
    irsaTrustStatementShape,
    irsaTrustStrictOperators,
    irsaTrustSubject,
    irsaTrustSubjectStringEquals,
    irsaServiceAccountCluster,
    irsaTrustDeclaredProvider,
    irsaTrustProviderAccount,
    nodeGroupLaunchTemplate,
    nodeLaunchTemplateImds,
    nodeRoleOnlyNodePolicies,
    podIdentityAssociationRole,
    podIdentityNoDualIdentity,
    podIdentitySessionTags,
    podIdentityTrustShape,
    podIdentityTrustSource,
};

/** The pack's name, as `new PolicyPack` registers it. */
export const PACK_NAME = "irsa-guard";

/** The policies in rule order (issue 3, rules 1–15, then the document check). */
export const policies: Policies = [
    irsaTrustSubject, // 1
    irsaTrustAudience, // 2
    irsaTrustIssuerMatch, // 3
    irsaTrustStrictOperators, // 4
    irsaTrustStatementShape, // 5
    irsaTrustNoDefaultServiceAccount, // 6
    iamNoWildcardActions, // 7
    iamNoStarResource, // 8
    iamActionsExist, // 9
    iamNoBroadManagedPolicies, // 10
    iamPolicySize, // 11
    iamRolePolicyQuotas, // 11, across resources
    irsaServiceAccountRoleTrust, // 12
    irsaRoleSingleServiceAccount, // 13
    deploymentServiceAccountExists, // 14
    irsaPodNoNodeCredentials, // 14
    irsaOidcProviderClientIds, // 15
    iamDocumentValid,
    nodeLaunchTemplateImds, // issue 6, hardened nodes
    nodeGroupLaunchTemplate, // issue 6
    nodeRoleOnlyNodePolicies, // issue 6
    podIdentityTrustShape, // issue 8, EKS Pod Identity
    podIdentityTrustSource, // issue 8
    podIdentityAssociationRole, // issue 8
    podIdentityNoDualIdentity, // issue 8
    podIdentitySessionTags, // issue 8
    iamNoPrivilegeEscalation, // issue 13
    iamTrustNoPublicPrincipal, // issue 13
    iamTrustAccountRoot, // issue 13
    iamDocumentGrammar, // issue 13
    iamConditionOpenings, // issue 13
    iamConditionKeysValid, // issue 13
    iamActionResourceMatch, // issue 13
    irsaTrustProviderAccount, // issue 15, several clusters and accounts
    irsaTrustDeclaredProvider, // issue 15
    irsaServiceAccountCluster, // issue 15
    iamRoleEscalationPaths, // issue 20
    iamServiceRolePolicies, // issue 20
    irsaTrustSubjectStringEquals, // issue 20, beside rule 1
    iamTagScopeWritable, // issue 20, tag scopes the role can write
    iamRoleTagScopeWritable, // issue 20, across a role's policies
    iamStarResourceMetadataRead, // issue 20, beside rule 8
];
