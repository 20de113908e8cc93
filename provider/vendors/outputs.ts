/**
 * What `getAccessToken` returns, described once as a zod schema: the doc comments of `AccessToken`
 * (./access-token.ts) are generated from it by scripts/gen-docs.ts, the package schema's
 * `getAccessToken` outputs by scripts/gen-package-schema.ts, and test/docs/agreement.ts checks that
 * the type has exactly these fields. Documentation only: tokens are never parsed with this.
 */
import { z } from "zod";

/** A token as `getAccessToken` returns it. */
export const accessTokenOutput = z
    .object({
        vendor: z.string().meta({ description: "The vendor profile it came from." }),
        accessToken: z.string().meta({ description: "The access token: send it as `Authorization: Bearer <accessToken>`. A secret." }),
        tokenType: z.string().meta({ description: "`Bearer` (compare case-insensitively: Brainysoft may say `bearer`)." }),
        expiresAt: z.string().optional().meta({ description: "When it expires (ISO 8601), if the vendor said." }),
        scopes: z.array(z.string()).readonly().meta({ description: "The scopes granted (empty for vendors without scopes, such as Brite)." }),
    })
    .meta({ title: "AccessToken" });
