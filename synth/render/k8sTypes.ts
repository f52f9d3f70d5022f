/** Small helpers shared by the renderers. */
import { AnalyzedResource } from "../analyzer/requests";
import { k8sMeta } from "../audit";

export type { AnalyzedResource };

/** The object's final name and namespace (namespaced kinds only), as the plan resolved them. */
export function k8sMetaName(r: AnalyzedResource): { name: string; namespace?: string } {
    const m = k8sMeta(r);
    const namespaced = !/:core\/v1:Namespace(Patch)?$/.test(r.type);
    return namespaced ? { name: m.name, namespace: m.namespace } : { name: m.name };
}
