/**
 * Which properties the package schema marks `secret: true`, per type or function token: the plugin
 * returns them as Pulumi secrets itself, so they stay secret whichever SDK (or Pulumi YAML) the
 * program uses. The schema is generated from the zod schemas (scripts/gen-package-schema.ts).
 */

interface PropertySpec {
    readonly secret?: boolean;
}

interface PackageSpec {
    readonly resources?: Record<string, { properties?: Record<string, PropertySpec>; inputProperties?: Record<string, PropertySpec> }>;
    readonly functions?: Record<string, { outputs?: { properties?: Record<string, PropertySpec> } }>;
}

function secretNames(properties: Record<string, PropertySpec> | undefined): string[] {
    return Object.entries(properties ?? {})
        .filter(([, spec]) => spec.secret === true)
        .map(([name]) => name);
}

/** The secret inputs and outputs of each token of a package schema. */
export function secretProperties(spec: PackageSpec): { inputs(token: string): string[]; outputs(token: string): string[] } {
    return {
        inputs: (token) => secretNames(spec.resources?.[token]?.inputProperties),
        outputs: (token) => secretNames(spec.resources?.[token]?.properties ?? spec.functions?.[token]?.outputs?.properties),
    };
}
