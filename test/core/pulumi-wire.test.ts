import test from "ava";
import * as runtime from "@pulumi/pulumi/runtime";
import { secretSignature, secretSignatureKey } from "../../provider/core/pulumi-wire";

test("the Pulumi-free copy of the secret marker equals the SDK's", (t) => {
    t.is(secretSignatureKey, runtime.specialSigKey);
    t.is(secretSignature, runtime.specialSecretSig);
});
