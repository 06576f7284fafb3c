import * as oci from "@pulumi/oci";
import { OciRegionalVault } from "../../infra/components/ociRegionalVault";
import { DATA_CLASS_LABEL } from "../../policies/model/dataClass";
import { capture, valueOf } from "./harness";

describe("residency:oci:RegionalVault", () => {
    it("creates a vault and an HSM-protected AES-256 key managed through the vault's endpoint", async () => {
        let keyId: Promise<string> | undefined;
        const c = await capture(() => {
            const provider = new oci.Provider("oci-phx", { region: "us-phoenix-1" });
            const vault = new OciRegionalVault(
                "kv",
                { compartmentId: "ocid1.compartment.oc1..c", region: "us-phoenix-1", displayNamePrefix: "us-user-data-test" },
                { provider },
            );
            keyId = valueOf(vault.keyId);
        });
        expect(c.one("residency:oci:RegionalVault").name).toBe("kv");

        const vault = c.one("oci:Kms/vault:Vault");
        expect(vault.inputs).toMatchObject({ compartmentId: "ocid1.compartment.oc1..c", vaultType: "DEFAULT" });
        expect(vault.inputs.freeformTags[DATA_CLASS_LABEL]).toBe("no-user-data");

        const key = c.one("oci:Kms/key:Key");
        expect(key.inputs.protectionMode).toBe("HSM");
        expect(key.inputs.keyShape).toEqual({ algorithm: "AES", length: 32 });
        expect(key.inputs.managementEndpoint).toBe("https://kv-vault-management.kms.example");

        for (const r of [vault, key]) expect(c.providerRegion(r)).toBe("us-phoenix-1");
        await expect(keyId).resolves.toBe("ocid1.key.oc1..kv-key");
    });

    it("refuses to run without an explicit oci provider", async () => {
        await expect(
            capture(() => new OciRegionalVault("kv", { compartmentId: "ocid1.compartment.oc1..c", region: "us-ashburn-1", displayNamePrefix: "x" })),
        ).rejects.toThrow(/no explicit oci provider/);
    });
});
