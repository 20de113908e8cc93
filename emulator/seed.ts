/**
 * The emulator's starting data: two merchants in different regions, each with an admin, and a
 * non-admin user, so tests can prove both the admin rule and tenant isolation.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorState } from "./store";

/** A Bringg user the emulator knows, with the merchant it belongs to. */
export interface SeedUser {
    readonly merchantId: number;
    readonly username: string;
    readonly password: string;
    readonly admin: boolean;
}

/** Every seeded user, by role. */
export const seedUsers = {
    /** Admin of "Demo Merchant" (id 1, region us2): the demo's and examples' credentials. */
    demoAdmin: { merchantId: 1, username: "admin@demo-merchant.example", password: "demo-admin-secret", admin: true },
    /** A dispatcher of "Demo Merchant": authenticates, but is not an admin (403 on management calls). */
    demoDispatcher: {
        merchantId: 1,
        username: "dispatcher@demo-merchant.example",
        password: "demo-dispatcher-secret",
        admin: false,
    },
    /** Admin of "Second Merchant" (id 2, region eu2): must never see the demo merchant's data. */
    secondAdmin: { merchantId: 2, username: "admin@second-merchant.example", password: "second-admin-secret", admin: true },
} as const satisfies Record<string, SeedUser>;

/** The demo merchant's admin credentials and region, as `npm run emulator` prints them. */
export const demoCredentials = {
    username: seedUsers.demoAdmin.username,
    password: seedUsers.demoAdmin.password,
    region: "us2",
    merchantId: seedUsers.demoAdmin.merchantId,
} as const;

/** A fresh state: the seeded merchants and users, no applications, a new signing key. */
export function seedState(): EmulatorState {
    const users = Object.values(seedUsers);
    const usersOf = (merchantId: number) =>
        users.filter((u) => u.merchantId === merchantId).map(({ username, password, admin }) => ({ username, password, admin }));
    return {
        version: 1,
        signingKey: randomBytes(64).toString("base64url"),
        nextApplicationId: 1,
        merchants: [
            { id: 1, name: "Demo Merchant", region: "us2", users: usersOf(1), ttlOverrides: {} },
            { id: 2, name: "Second Merchant", region: "eu2", users: usersOf(2), ttlOverrides: {} },
        ],
        applications: [],
        tokens: [],
        addedScopes: [],
    };
}
