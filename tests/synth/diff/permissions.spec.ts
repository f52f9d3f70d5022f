import * as assert from "node:assert/strict";
import type { LooseStatement } from "../../../synth/audit";
import { isBroadening, PermissionAtom, permissionAtoms, permissionEntry } from "../../../synth/diff/permissions";

const BUCKET = "arn:aws:s3:::reports";
const OBJECTS = "arn:aws:s3:::reports/*";

function keys(statements: LooseStatement[]): string[] {
    return permissionAtoms(statements).map((a) => a.key).sort();
}

function entries(statements: LooseStatement[]): ReturnType<typeof permissionEntry>[] {
    return permissionAtoms(statements).map((a) => permissionEntry(a, false));
}

/** The added and removed entries of `head` against `base`, each with its broadening verdict. */
function changes(base: LooseStatement[], head: LooseStatement[]): { added: [string, boolean][]; removed: [string, boolean][] } {
    const b = permissionAtoms(base);
    const h = permissionAtoms(head);
    const bk = new Set(b.map((a) => a.key));
    const hk = new Set(h.map((a) => a.key));
    const words = (a: PermissionAtom): string => {
        const e = permissionEntry(a, false);
        return `${e.effect} ${e.action} ${e.resource}${e.condition !== undefined ? ` ${JSON.stringify(e.condition)}` : ""}`;
    };
    return {
        added: h.filter((a) => !bk.has(a.key)).map((a) => [words(a), isBroadening("added", a, b, h)]),
        removed: b.filter((a) => !hk.has(a.key)).map((a) => [words(a), isBroadening("removed", a, b, h)]),
    };
}

describe("permissionAtoms (normalization)", () => {
    const reference: LooseStatement[] = [
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: OBJECTS },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: [BUCKET], Condition: { StringLike: { "s3:prefix": ["a/*", "b/*"] } } },
    ];

    it("splits each statement into one entry per action and resource", () => {
        assert.deepEqual(entries(reference), [
            { effect: "Allow", action: "s3:GetObject", resource: OBJECTS, broadening: false },
            { effect: "Allow", action: "s3:PutObject", resource: OBJECTS, broadening: false },
            { effect: "Allow", action: "s3:ListBucket", resource: BUCKET, condition: { StringLike: { "s3:prefix": ["a/*", "b/*"] } }, broadening: false },
        ]);
    });

    it("ignores the order of statements, actions, resources and condition values", () => {
        assert.deepEqual(keys([
            { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET, Condition: { StringLike: { "s3:prefix": ["b/*", "a/*"] } } },
            { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: [OBJECTS] },
        ]), keys(reference));
    });

    it("reads a single value and a one-item list alike, in actions, resources, statements and conditions", () => {
        assert.deepEqual(keys([{ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS, Condition: { StringEquals: { "aws:PrincipalTag/team": "a" } } }]),
            keys([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [OBJECTS], Condition: { StringEquals: { "aws:PrincipalTag/team": ["a"] } } }]));
    });

    it("counts duplicate statements, actions and resources once", () => {
        assert.deepEqual(keys([...reference, reference[0]!, { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObject"], Resource: [OBJECTS, OBJECTS] }]), keys(reference));
    });

    it("reads merged and split statements alike", () => {
        assert.deepEqual(keys([
            { Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS },
            { Effect: "Allow", Action: "s3:PutObject", Resource: OBJECTS },
            { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET, Condition: { StringLike: { "s3:prefix": ["a/*", "b/*"] } } },
        ]), keys(reference));
    });

    it("compares action names and condition keys without case, ARNs with case", () => {
        assert.deepEqual(keys([{ Effect: "Allow", Action: "S3:getobject", Resource: OBJECTS, Condition: { StringEquals: { "AWS:PrincipalTag/team": "a" } } }]),
            keys([{ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS, Condition: { StringEquals: { "aws:principaltag/team": "a" } } }]));
        assert.notDeepEqual(keys([{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::Reports/*" }]), keys([{ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }]));
    });

    it("ignores Sid and Version", () => {
        assert.deepEqual(keys([{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }]), keys([{ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }]));
    });

    it("keeps a NotAction or NotResource set whole, sorted", () => {
        assert.deepEqual(entries([{ Effect: "Deny", NotAction: ["s3:PutObject", "s3:DeleteObject"], NotResource: OBJECTS }]), [
            { effect: "Deny", action: "NOT (s3:DeleteObject, s3:PutObject)", resource: "NOT arn:aws:s3:::reports/*", broadening: false },
        ]);
    });

    it("marks an entry with a value computed at deploy time", () => {
        const [atom] = permissionAtoms([{ Effect: "Allow", Action: "s3:GetObject", Resource: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }]);
        assert.equal(atom!.unknown, true);
    });
});

describe("isBroadening", () => {
    const base: LooseStatement[] = [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/monthly/*" },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET, Condition: { StringLike: { "s3:prefix": ["monthly/*"] } } },
    ];

    it("calls a new action broadening", () => {
        assert.deepEqual(changes(base, [...base, { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::reports/monthly/*" }]), {
            added: [["Allow s3:PutObject arn:aws:s3:::reports/monthly/*", true]],
            removed: [],
        });
    });

    it("calls a new resource broadening", () => {
        assert.deepEqual(changes(base, [...base, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::archive/*" }]).added, [["Allow s3:GetObject arn:aws:s3:::archive/*", true]]);
    });

    it("calls a wildcard covering more broadening, and the narrower entry it replaces removed, not broadening", () => {
        assert.deepEqual(changes(base, [{ ...base[0]!, Resource: OBJECTS }, base[1]!]), {
            added: [["Allow s3:GetObject arn:aws:s3:::reports/*", true]],
            removed: [["Allow s3:GetObject arn:aws:s3:::reports/monthly/*", false]],
        });
    });

    it("does not call a narrower resource broadening", () => {
        const wide: LooseStatement[] = [{ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }];
        assert.deepEqual(changes(wide, [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/m?nthly/*" }]).added, [["Allow s3:GetObject arn:aws:s3:::reports/m?nthly/*", false]]);
    });

    it("does not call an action an earlier action pattern covered broadening", () => {
        assert.deepEqual(changes([{ Effect: "Allow", Action: "s3:Get*", Resource: OBJECTS }], [{ Effect: "Allow", Action: "s3:getobjecttagging", Resource: OBJECTS }]).added, [["Allow s3:getobjecttagging arn:aws:s3:::reports/*", false]]);
    });

    it("calls an action pattern covering more broadening", () => {
        assert.deepEqual(changes([{ Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }], [{ Effect: "Allow", Action: "s3:Get*", Resource: OBJECTS }]).added, [["Allow s3:Get* arn:aws:s3:::reports/*", true]]);
    });

    it("calls a removed condition broadening", () => {
        assert.deepEqual(changes(base, [base[0]!, { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET }]), {
            added: [["Allow s3:ListBucket arn:aws:s3:::reports", true]],
            removed: [['Allow s3:ListBucket arn:aws:s3:::reports {"StringLike":{"s3:prefix":["monthly/*"]}}', false]],
        });
    });

    it("calls a loosened condition broadening and a tightened one not", () => {
        const loose = changes(base, [base[0]!, { ...base[1]!, Condition: { StringLike: { "s3:prefix": ["monthly/*", "daily/*"] } } }]);
        assert.deepEqual(loose.added.map(([, b]) => b), [true]);
        const wider = changes(base, [base[0]!, { ...base[1]!, Condition: { StringLike: { "s3:prefix": ["*"] } } }]);
        assert.deepEqual(wider.added.map(([, b]) => b), [true]);
        const tight = changes(base, [base[0]!, { ...base[1]!, Condition: { StringLike: { "s3:prefix": ["monthly/2026/*"] }, Bool: { "aws:SecureTransport": "true" } } }]);
        assert.deepEqual(tight.added.map(([, b]) => b), [false]);
    });

    it("calls a removed Deny broadening, unless a Deny of HEAD still covers it", () => {
        const deny: LooseStatement = { Effect: "Deny", Action: "s3:DeleteObject", Resource: OBJECTS };
        assert.deepEqual(changes([...base, deny], base).removed, [["Deny s3:DeleteObject arn:aws:s3:::reports/*", true]]);
        assert.deepEqual(changes([...base, deny], [...base, { Effect: "Deny", Action: "s3:Delete*", Resource: "arn:aws:s3:::*" }]).removed, [["Deny s3:DeleteObject arn:aws:s3:::reports/*", false]]);
    });

    it("calls an added Deny and a removed Allow not broadening", () => {
        assert.deepEqual(changes(base, [base[1]!, { Effect: "Deny", Action: "s3:*", Resource: "*" }]), {
            added: [["Deny s3:* *", false]],
            removed: [["Allow s3:GetObject arn:aws:s3:::reports/monthly/*", false]],
        });
    });

    it("does not count a Deny of BASE as covering an Allow of HEAD", () => {
        // BASE denied everything but allowed nothing: HEAD's Allow is new power.
        assert.deepEqual(changes([{ Effect: "Deny", Action: "*", Resource: "*" }], [{ Effect: "Deny", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: OBJECTS }]).added, [["Allow s3:GetObject arn:aws:s3:::reports/*", true]]);
    });

    describe("NotAction and NotResource", () => {
        const notDelete: LooseStatement = { Effect: "Allow", NotAction: ["s3:DeleteObject", "s3:DeleteBucket"], Resource: OBJECTS };

        it("calls an action that NotAction excluded before broadening when it is allowed now", () => {
            assert.deepEqual(changes([notDelete], [notDelete, { Effect: "Allow", Action: "s3:DeleteObject", Resource: OBJECTS }]).added, [["Allow s3:DeleteObject arn:aws:s3:::reports/*", true]]);
        });

        it("does not call an action NotAction already allowed broadening", () => {
            assert.deepEqual(changes([notDelete], [notDelete, { Effect: "Allow", Action: "s3:PutObject", Resource: OBJECTS }]).added, [["Allow s3:PutObject arn:aws:s3:::reports/*", false]]);
        });

        it("calls a NotAction that excludes less broadening, and one that excludes more not", () => {
            assert.deepEqual(changes([notDelete], [{ ...notDelete, NotAction: "s3:DeleteBucket" }]).added, [["Allow NOT s3:DeleteBucket arn:aws:s3:::reports/*", true]]);
            assert.deepEqual(changes([notDelete], [{ ...notDelete, NotAction: ["s3:DeleteBucket", "s3:DeleteObject", "s3:PutObject"] }]).added, [["Allow NOT (s3:DeleteBucket, s3:DeleteObject, s3:PutObject) arn:aws:s3:::reports/*", false]]);
        });

        it("calls a NotAction broadening when BASE only allowed single actions", () => {
            assert.deepEqual(changes(base, [...base, notDelete]).added, [["Allow NOT (s3:DeleteBucket, s3:DeleteObject) arn:aws:s3:::reports/*", true]]);
        });

        it("reads NotResource the same way", () => {
            const notSecret: LooseStatement = { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::reports/secret/*" };
            assert.deepEqual(changes([notSecret], [notSecret, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/public/*" }]).added, [["Allow s3:GetObject arn:aws:s3:::reports/public/*", false]]);
            assert.deepEqual(changes([notSecret], [notSecret, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/secret/key" }]).added, [["Allow s3:GetObject arn:aws:s3:::reports/secret/key", true]]);
        });

        it("calls a removed NotAction Deny broadening", () => {
            const guard: LooseStatement = { Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" };
            assert.deepEqual(changes([guard, ...base], base).removed, [["Deny NOT s3:GetObject *", true]]);
        });
    });
});
