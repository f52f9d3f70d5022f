/**
 * The order of a container's environment variables, independent of the order of the config's `env` map.
 *
 * A map's key order is not something a user controls: the Pulumi CLI hands structured stack config to the program
 * with object keys sorted (it re-encodes YAML through Go's JSON encoder), and the provider protocol sorts the keys
 * of component inputs the same way. Kubernetes, though, expands `$(NAME)` in a value only from variables defined
 * earlier in the list. So the list is built by a rule: the component's own defaults first (`HOME`), then the
 * variables in code-point order of their names, except that a variable another one refers to as `$(NAME)` comes
 * before it. A reference cycle cannot be expanded in any order: validation refuses it ({@link envCycle}).
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
 */

/** The names `value` refers to as `$(NAME)` (an escaped `$$(NAME)` is not a reference). */
export function envReferences(value: string): string[] {
    const names: string[] = [];
    for (let i = 0; i < value.length; i++) {
        if (value[i] !== "$") continue;
        if (value[i + 1] === "$") {
            i++;
            continue;
        }
        if (value[i + 1] !== "(") continue;
        const end = value.indexOf(")", i + 2);
        if (end < 0) break;
        names.push(value.slice(i + 2, end));
        i = end;
    }
    return names;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The variables of `env` in the order described above, after `defaults` (which `env` may override in place).
 * Variables of a reference cycle keep code-point order at the end (validation refuses such a config).
 */
export function orderedEnv(env: Readonly<Record<string, string>>, defaults: Readonly<Record<string, string>> = {}): { name: string; value: string }[] {
    const values = new Map<string, string>();
    for (const name of Object.keys(defaults).sort(byCodePoint)) values.set(name, defaults[name]!);
    const own = Object.keys(env).sort(byCodePoint);
    const pending = new Set(own.filter((name) => !values.has(name)));
    for (const name of own) values.set(name, env[name]!);
    const order = [...values.keys()].filter((name) => !pending.has(name));
    while (pending.size > 0) {
        // The first name (in code-point order) whose references are all placed already.
        const next = [...pending].find((name) => envReferences(values.get(name)!).every((ref) => ref === name || !pending.has(ref))) ?? [...pending][0]!;
        order.push(next);
        pending.delete(next);
    }
    return order.map((name) => ({ name, value: values.get(name)! }));
}

/** A reference cycle among `env`'s variables (names in the order they refer to each other), or undefined. */
export function envCycle(env: Readonly<Record<string, string>>): string[] | undefined {
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (name: string): string[] | undefined => {
        if (state.get(name) === "done") return undefined;
        if (state.get(name) === "open") return [...stack.slice(stack.indexOf(name)), name];
        state.set(name, "open");
        stack.push(name);
        for (const ref of envReferences(env[name] ?? "")) {
            if (!Object.prototype.hasOwnProperty.call(env, ref)) continue;
            const cycle = visit(ref);
            if (cycle !== undefined) return cycle;
        }
        stack.pop();
        state.set(name, "done");
        return undefined;
    };
    for (const name of Object.keys(env).sort(byCodePoint)) {
        const cycle = visit(name);
        if (cycle !== undefined) return cycle;
    }
    return undefined;
}
