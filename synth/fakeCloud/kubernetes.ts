/** The fake Kubernetes API: every object gets its name (or an auto-name), its namespace and a uid. */
import type { Answer, State } from "./values";
import { autoName, record, str, uuidFrom } from "./values";

/** Whether `type` is a Kubernetes object (not the provider, not a `kubernetes:index` resource). */
export function isKubernetesObject(type: string): boolean {
    return type.startsWith("kubernetes:") && !type.startsWith("kubernetes:index");
}

/** The fake's answer for a Kubernetes object of `type`. */
export function kubernetesObject(type: string, name: string, inputs: State): Answer {
    const metadata = record(inputs.metadata);
    const objectName = str(metadata.name) ?? autoName(name);
    const namespaced = !/:core\/v1:Namespace$/.test(type);
    const namespace = namespaced ? (str(metadata.namespace) ?? "default") : undefined;
    const state: State = {
        ...inputs,
        metadata: {
            ...metadata,
            name: objectName,
            ...(namespace !== undefined ? { namespace } : {}),
            uid: uuidFrom(`${type}/${namespace ?? ""}/${objectName}`),
        },
    };
    return { id: namespace !== undefined ? `${namespace}/${objectName}` : objectName, state };
}
