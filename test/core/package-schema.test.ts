import test from "ava";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { applicationOutputs } from "../../provider/application/outputs";
import { applicationInputs } from "../../provider/application/schema";
import { accountSettings, providerSettings } from "../../provider/core/config-schema";
import { settingKeys } from "../../provider/core/config";
import { receipt } from "../../provider/delivery/outputs";
import { target } from "../../provider/delivery/schema";
import { applicationInfo, scopeInfo } from "../../provider/lookups/outputs";
import { getApplicationArgs, getApplicationsArgs, getScopesArgs } from "../../provider/lookups/query";
import { credential, credentialPairOutputs } from "../../provider/rotating-credentials/outputs";
import { credentialPairInputs } from "../../provider/rotating-credentials/schema";
import { secretRotationOutputs } from "../../provider/rotation/outputs";
import { secretRotationInputs } from "../../provider/rotation/schema";
import { scopeTtlsOutputs } from "../../provider/scope-ttls/outputs";
import { scopeTtlsInputs } from "../../provider/scope-ttls/schema";
import { vendorCredentialOutputs } from "../../provider/vendor-credential/outputs";
import { credentialInputs } from "../../provider/vendor-credential/schema";
import { accessTokenOutput } from "../../provider/vendors/outputs";
import { vendorSettings } from "../../provider/vendors/settings";
import {
    type ObjectTypeSpec,
    type PackageSpec,
    type PropertySpec,
    packageSchemaPath,
    packageSchemaText,
    secretProperties,
    token,
} from "../../scripts/gen-package-schema";

/** The committed document (what the structural checks judge, so that a stale file fails them too). */
function committed(): PackageSpec {
    return JSON.parse(readFileSync(packageSchemaPath, "utf8")) as PackageSpec;
}

/** The keys of a zod object schema, in order. */
function keys(schema: { shape: Record<string, unknown> }): string[] {
    return Object.keys(schema.shape);
}

/** The keys of several zod object schemas, each once, in order of first appearance. */
function unionKeys(schemas: readonly { shape: Record<string, unknown> }[], ...extra: string[]): string[] {
    return [...new Set([...schemas.flatMap(keys), ...extra])];
}

/** Every property of the document, as `<owner>.<name>` (the owners secretProperties uses). */
function everyProperty(spec: PackageSpec): [string, PropertySpec][] {
    const of = (owner: string, properties: Record<string, PropertySpec> | undefined) =>
        Object.entries(properties ?? {}).map(([name, property]): [string, PropertySpec] => [`${owner}.${name}`, property]);
    const short = (fullToken: string) => fullToken.replace(/^bringg:index:/, "");
    return [
        ...of("config", spec.config.variables),
        ...of("Provider", spec.provider.inputProperties),
        ...Object.entries(spec.resources).flatMap(([name, resource]) => [
            ...of(short(name), resource.inputProperties),
            ...of(short(name), resource.properties),
        ]),
        ...Object.entries(spec.types).flatMap(([name, type]) => of(short(name), type.properties)),
        ...Object.entries(spec.functions).flatMap(([name, fn]) => [...of(short(name), fn.inputs.properties), ...of(short(name), fn.outputs.properties)]),
    ];
}

test("schema/pulumi-package.json is what scripts/gen-package-schema.ts generates from the zod schemas", (t) => {
    t.is(readFileSync(packageSchemaPath, "utf8"), packageSchemaText(), "run `npm run schema` and commit schema/pulumi-package.json");
});

test("the package is bringg at package.json's version", (t) => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, "../../../package.json"), "utf8")) as { version: string };
    const spec = committed();
    t.is(spec.name, "bringg");
    t.is(spec.version, pkg.version);
});

test("the SDKs are @pulumi-bringg/sdk and pulumi_bringg, stamped with the schema's version", (t) => {
    const { nodejs, python } = committed().language;
    t.is(nodejs.packageName, "@pulumi-bringg/sdk");
    t.is(python.packageName, "pulumi_bringg");
    // Without it the codegen writes `${VERSION}` and 0.0.0, and the SDK would not name the plugin's version.
    t.true(nodejs.respectSchemaVersion);
    t.true(python.respectSchemaVersion);
});

test("every resource's inputs and outputs are its zod schemas' fields", (t) => {
    const resources = committed().resources;
    const expected: Record<string, { inputs: string[]; outputs: string[] }> = {
        Application: { inputs: keys(applicationInputs), outputs: keys(applicationOutputs) },
        ScopeTtls: { inputs: keys(scopeTtlsInputs), outputs: keys(scopeTtlsOutputs) },
        SecretRotation: { inputs: keys(secretRotationInputs), outputs: keys(secretRotationOutputs) },
        CredentialPair: { inputs: keys(credentialPairInputs), outputs: keys(credentialPairOutputs) },
        // Every vendor's fields, and deliverTo (which check judges apart from the vendor's inputs).
        VendorCredential: { inputs: unionKeys(Object.values(credentialInputs), "deliverTo"), outputs: keys(vendorCredentialOutputs) },
    };
    t.deepEqual(Object.keys(resources).sort(), Object.keys(expected).map(token).sort());
    for (const [name, fields] of Object.entries(expected)) {
        const resource = resources[token(name)]!;
        t.deepEqual(Object.keys(resource.inputProperties), fields.inputs, `${name} inputs`);
        t.deepEqual(Object.keys(resource.properties ?? {}), fields.outputs, `${name} outputs`);
    }
    t.false(token("RotatingCredentials") in resources, "a component would need the plugin's Construct, which it does not implement");
});

test("required inputs and outputs are the zod schemas' non-optional fields", (t) => {
    const resources = committed().resources;
    const required = (schema: z.ZodObject) => Object.entries(schema.shape).flatMap(([key, field]) => (field.safeParse(undefined).success ? [] : [key]));
    t.deepEqual(resources[token("Application")]?.requiredInputs, undefined, "scopes is required unless adopt is set, so no input is");
    t.deepEqual(resources[token("ScopeTtls")]?.requiredInputs, ["ttls"]);
    t.deepEqual(resources[token("SecretRotation")]?.requiredInputs, ["clientId"]);
    t.deepEqual(resources[token("CredentialPair")]?.requiredInputs, ["clientIds"]);
    t.deepEqual(resources[token("VendorCredential")]?.requiredInputs, ["vendor"], "only vendor is required by every vendor");
    t.deepEqual(resources[token("Application")]?.required, required(applicationOutputs));
    t.deepEqual(resources[token("VendorCredential")]?.required, required(vendorCredentialOutputs));
});

test("the object types are the zod schemas' nested objects", (t) => {
    const types = committed().types;
    const fields = (name: string) => Object.keys((types[token(name)] as ObjectTypeSpec | undefined)?.properties ?? {});
    t.deepEqual(fields("DeliveryTarget"), keys(target));
    t.deepEqual(fields("AwsSecretsManagerTarget"), keys(target.shape.awsSecretsManager.unwrap()));
    t.deepEqual(fields("FileTarget"), keys(target.shape.file.unwrap()));
    t.deepEqual(fields("CommandTarget"), keys(target.shape.command.unwrap()));
    t.deepEqual(fields("Receipt"), keys(receipt));
    t.deepEqual(fields("Credential"), keys(credential));
    t.deepEqual(fields("ApplicationAdopt"), keys(applicationInputs.shape.adopt.unwrap()));
    t.deepEqual(fields("AccountSettings"), keys(accountSettings));
    t.deepEqual(fields("ScopeInfo"), keys(scopeInfo));
    t.deepEqual(fields("ApplicationInfo"), keys(applicationInfo));
});

test("the functions' arguments and results are the zod schemas' fields", (t) => {
    const functions = committed().functions;
    const inputs = (name: string) => Object.keys(functions[token(name)]?.inputs.properties ?? {});
    const outputs = (name: string) => Object.keys(functions[token(name)]?.outputs.properties ?? {});
    t.deepEqual(Object.keys(functions), ["getScopes", "getApplications", "getApplication", "getAccessToken"].map(token));
    t.deepEqual(inputs("getScopes"), keys(getScopesArgs));
    t.deepEqual(inputs("getApplication"), keys(getApplicationArgs));
    t.deepEqual(inputs("getApplications"), keys(getApplicationsArgs));
    t.deepEqual(inputs("getAccessToken"), unionKeys(Object.values(vendorSettings)));
    t.deepEqual(outputs("getScopes"), ["scopes"]);
    t.deepEqual(outputs("getApplications"), ["applications"]);
    t.deepEqual(outputs("getApplication"), keys(applicationInfo));
    t.deepEqual(outputs("getAccessToken"), keys(accessTokenOutput));
});

test("config variables and the provider's inputs are the bringg:* settings, the password secret", (t) => {
    const spec = committed();
    const settings = [...Object.keys(settingKeys), "accounts"];
    t.deepEqual(keys(providerSettings), settings);
    t.deepEqual(Object.keys(spec.config.variables), settings);
    t.deepEqual(Object.keys(spec.provider.inputProperties), settings);
    t.true(spec.config.variables.password?.secret);
    t.true(spec.provider.inputProperties.password?.secret);
    t.deepEqual(spec.config.variables.accounts?.additionalProperties, { $ref: `#/types/${token("AccountSettings")}` });
});

test("secrets: every value described as a Pulumi secret is marked secret, and every listed secret exists", (t) => {
    const properties = everyProperty(committed());
    const names = new Set(properties.map(([name]) => name));
    for (const [name, property] of properties) {
        if (/pulumi secret/i.test(property.description ?? "")) t.true(property.secret, `${name} is described as a Pulumi secret`);
        t.is(property.secret === true, secretProperties.has(name), `${name}: secret is ${property.secret === true}`);
        t.truthy(property.description, `${name} has a description`);
    }
    for (const name of secretProperties) t.true(names.has(name), `secretProperties names ${name}, which the schema does not have`);
    for (const name of [
        "Application.clientSecret",
        "SecretRotation.clientSecret",
        "CredentialPair.active",
        "VendorCredential.secret",
        "getAccessToken.accessToken",
    ]) {
        t.true(secretProperties.has(name), name);
    }
});
