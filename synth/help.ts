/**
 * `eks-irsa --help` and `eks-irsa <command> --help`: every command and every flag, with what it does. The usage
 * lines are the ones usage errors print; docs/offline.md documents the same flags.
 */

/** One flag of a command: its spelling (with its value's name) and what it does. */
interface Flag {
    flag: string;
    what: string;
}

const PACK_FLAGS: Flag[] = [
    { flag: "--policy-pack DIR", what: "the policy pack to run (default: the irsa-guard pack shipped with eks-irsa)" },
    { flag: "--policy-pack-config FILE", what: "the pack's configuration: the JSON file `pulumi preview --policy-pack-config` takes" },
    { flag: "--in-process", what: "run the pack's policies in this process (the SDK's handlers) instead of as its own analyzer process" },
];

/** Each command: its usage line, what it does, its flags (in the usage line's order), its exit codes. */
export const COMMANDS = {
    synth: {
        usage: "eks-irsa synth [--stack NAME | --config FILE] [--out DIR] [--policy-pack-config FILE] [--policy-pack DIR] [--project DIR] [--json] [--timings] [--in-process] [--preview]",
        what: "Runs the stack program offline (a fake cloud, no AWS account, no Pulumi CLI), writes the plan (stack.json, iam/, k8s/, policy-report.json) and runs the policy pack over it.",
        flags: [
            { flag: "--stack NAME", what: "the stack: reads Pulumi.NAME.yaml in the project (default: example)" },
            { flag: "--config FILE", what: "reads the stack config from FILE instead: a stack file, with its values under a top-level `config:` key; the stack name is the file name's (Pulumi.<name>.yaml, else the base name)" },
            { flag: "--out DIR", what: "where the files go (default: out/<stack>); a re-run removes only the files the previous run wrote there" },
            PACK_FLAGS[1]!,
            PACK_FLAGS[0]!,
            { flag: "--project DIR", what: "the Pulumi project (Pulumi.yaml: its name and its program, `main` else index.ts; default: the current folder)" },
            { flag: "--json", what: 'print { "violations": [...], "resources": N } instead of the report' },
            { flag: "--timings", what: "add each phase's seconds, the peak memory and the pack's CPU time to the report" },
            PACK_FLAGS[2]!,
            { flag: "--preview", what: "plan as `pulumi preview` of a new stack: what the cloud assigns (ARNs, ids, a created cluster's issuer) is unknown, and a rule that needs it reports that it cannot run" },
        ],
        exit: "0 clean or advisory findings only; 1 mandatory violations; 2 invalid input (config, arguments, files): nothing written",
    },
    check: {
        usage: "eks-irsa check FILE [--policy-pack-config FILE] [--policy-pack DIR] [--json] [--in-process]",
        what: "Runs the policy pack over a `pulumi stack export` file (from synth or from any stack).",
        flags: [PACK_FLAGS[1]!, PACK_FLAGS[0]!, { flag: "--json", what: 'print { "violations": [...], "resources": N } instead of the report' }, PACK_FLAGS[2]!],
        exit: "0 clean or advisory findings only; 1 mandatory violations; 2 invalid input",
    },
    diff: {
        usage: "eks-irsa diff BASE HEAD [--markdown | --json] [--policy-pack-config FILE] [--policy-pack DIR] [--in-process]",
        what: 'What HEAD grants that BASE did not, role by role, and the pack\'s findings new and resolved. BASE, HEAD: a synth output folder or a "pulumi stack export" file.',
        flags: [
            { flag: "--markdown", what: "print a pull-request comment instead of the table" },
            { flag: "--json", what: "print the report as JSON" },
            PACK_FLAGS[1]!,
            PACK_FLAGS[0]!,
            PACK_FLAGS[2]!,
        ],
        exit: "0 no broadening change; 1 a broadening change; 2 invalid input",
    },
} as const satisfies Record<string, { usage: string; what: string; flags: readonly Flag[]; exit: string }>;

/** The command names. */
export type Command = keyof typeof COMMANDS;

/** The usage lines of every command, as usage errors print them. */
export const USAGE = `usage:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join("\n")}\n    (BASE, HEAD: a synth output folder or a "pulumi stack export" file)`;

function flagLines(flags: readonly Flag[]): string[] {
    const width = Math.max(...flags.map((f) => f.flag.length));
    return flags.map((f) => `  ${f.flag.padEnd(width)}  ${f.what}`);
}

/**
 * What `argv` asks help for: `"all"` for `--help`, `-h` or `help` first, the command for `<command> … --help`,
 * `undefined` when it asks none.
 */
export function helpRequest(argv: readonly string[]): Command | "all" | undefined {
    const [first, ...rest] = argv;
    if (first === "--help" || first === "-h" || first === "help") return rest[0] !== undefined && rest[0] in COMMANDS ? (rest[0] as Command) : "all";
    if (first !== undefined && first in COMMANDS && rest.some((a) => a === "--help" || a === "-h")) return first as Command;
    return undefined;
}

/** `eks-irsa --help` (no command) or `eks-irsa <command> --help`. */
export function helpText(command?: Command): string {
    if (command !== undefined) {
        const c = COMMANDS[command];
        return [`usage: ${c.usage}`, "", c.what, "", "flags:", ...flagLines([...c.flags, { flag: "--help", what: "print this text" }]), "", `exit codes: ${c.exit}`].join("\n");
    }
    return [
        "eks-irsa: IRSA plans, policy checks and security diffs, offline.",
        "",
        USAGE,
        "",
        "commands:",
        ...(Object.keys(COMMANDS) as Command[]).map((name) => `  ${name.padEnd(5)}  ${COMMANDS[name].what}`),
        "",
        "eks-irsa <command> --help lists the command's flags.",
    ].join("\n");
}
