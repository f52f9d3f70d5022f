import assert from "node:assert/strict";
import { addonStatements, ADDON_NAMES, validateAddon } from "../../../components/addons";
import { catalogProblems } from "../grants/iamCatalog";
import { EXAMPLE_ADDON_CONTEXT, EXAMPLE_ADDON_VARIANTS, EXAMPLE_ADDONS } from "./fixtures";

describe("add-on documents against the IAM action catalog", () => {
    for (const name of ADDON_NAMES) {
        const spec = EXAMPLE_ADDONS[name];
        it(`${name}: the example spec is valid`, () => {
            assert.deepEqual(validateAddon(spec, "addon"), []);
        });
        it(`${name}: every action exists and "*" is used only where there is no resource-level permission`, async () => {
            const statements = addonStatements(spec, EXAMPLE_ADDON_CONTEXT);
            assert.notEqual(statements.length, 0);
            assert.deepEqual(await catalogProblems(statements), []);
        });
    }
    for (const spec of EXAMPLE_ADDON_VARIANTS) {
        it(`${JSON.stringify(spec)}: is valid and passes the catalog check`, async () => {
            assert.deepEqual(validateAddon(spec, "addon"), []);
            assert.deepEqual(await catalogProblems(addonStatements(spec, EXAMPLE_ADDON_CONTEXT)), []);
        });
    }
});
