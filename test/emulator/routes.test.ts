import test from "ava";
import { routes, type RouteName } from "../../provider/api/routes";
import { admin, callRoute, createApp, sharedEmulator } from "./helpers";

const emulator = sharedEmulator(test);

test("the emulator serves every route of the shared route table", async (t) => {
    const app = await createApp(emulator(), ["tasks"]);
    for (const name of Object.keys(routes) as RouteName[]) {
        const answer = await callRoute(emulator(), name, { id: app.id }, { as: admin });
        t.not(answer.status, 405, name);
        t.false(/no route/.test(answer.body?.title ?? ""), `${name} is served`);
    }
    t.is(emulator().control.counters().byRoute.deleteApplication, 1);
});
