/**
 * Checks of a workload's `verify` (the post-deploy proof Job).
 */
import { isImage, isIntegerIn } from "./formats";
import { checkKnownKeys, isRecord, ProblemList } from "./problems";
import type { WorkloadValidator } from "./workload";
import { CONFIG_FIELDS } from "../configFields";

const VERIFY_FIELDS = CONFIG_FIELDS.VerifySpec;
const VERIFY_FIX = "use true, false or { image?, timeoutSeconds? }";

/** Checks `verify` of `workload` at `path` (e.g. `workloads[2]`). */
export function checkVerify(workload: Record<string, unknown>, path: string, problems: ProblemList): void {
    const verify = workload.verify;
    const verifyPath = `${path}.verify`;
    if (verify === undefined || verify === false) {
        return;
    }
    if (verify !== true && !isRecord(verify)) {
        problems.invalid(verifyPath, verify, "is not a verify option", VERIFY_FIX);
        return;
    }
    if (workload.serviceAccountMode === "role-only") {
        problems.invalid(
            verifyPath,
            verify,
            'cannot prove a "role-only" workload: its ServiceAccount is managed elsewhere, so the Job could run before the ServiceAccount exists or carries the role',
            'remove verify, or use serviceAccountMode "create" or "adopt"',
        );
    }
    const podIdentity = workload.podIdentity;
    if (isRecord(podIdentity) && podIdentity.targetRoleArn !== undefined) {
        problems.invalid(
            verifyPath,
            verify,
            "cannot prove a workload whose Pod Identity chains to podIdentity.targetRoleArn: the pod's caller is the target role, not the workload's",
            "remove verify, or remove targetRoleArn",
        );
    }
    if (verify === true) {
        return;
    }
    if (verify.image !== undefined && !isImage(verify.image)) {
        problems.invalid(
            `${verifyPath}.image`,
            verify.image,
            "is not a container image",
            'give an image with the AWS CLI v2 and sh, e.g. "public.ecr.aws/aws-cli/aws-cli:2.17.0"',
        );
    }
    if (verify.timeoutSeconds !== undefined && !isIntegerIn(verify.timeoutSeconds, 30, 3600)) {
        problems.invalid(`${verifyPath}.timeoutSeconds`, verify.timeoutSeconds, "is not a Job timeout", "use an integer number of seconds from 30 to 3600");
    }
    checkKnownKeys(verify, VERIFY_FIELDS, verifyPath, problems);
}

/** verify. */
export const verifyValidator: WorkloadValidator = {
    fields: ["verify"],
    check(workload, path, problems) {
        checkVerify(workload, path, problems);
    },
};
