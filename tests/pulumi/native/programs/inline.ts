// A TypeScript program through the Node Automation API (inline program) and the generated SDK: create, read the
// outputs, preview with no changes, destroy. Prints one JSON line for the test to check.
//   node inline.js <apiKey> <apiUrl> <work dir>
// The work dir holds the project's Pulumi.yaml (name tsnative, plugins.providers: the barrack plugin's folder).
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import * as barrack from "../sdk/bin";

async function main(): Promise<void> {
    const [apiKey, apiUrl, workDir] = process.argv.slice(2);
    const program = async () => {
        const key = new barrack.SshKey("key", { generate: true });
        const data = new barrack.Volume("data", { region: "FINLAND-1", sizeGb: 100, volumeType: "NVMe" });
        const fw = new barrack.Firewall("fw", { region: "CANADA-1", rules: [{ protocol: "tcp", portRangeMin: 22 }] });
        const regions = barrack.getRegionsOutput();
        return {
            keyId: key.id,
            privateKey: key.privateKey,
            dataName: data.name,
            dataSize: data.sizeGb,
            fwRules: fw.rules,
            regionCount: regions.items.apply((items) => items.length),
        };
    };
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "ts", projectName: "tsnative", program },
        { workDir },
    );
    await stack.setConfig("barrack:apiKey", { value: apiKey, secret: true });
    await stack.setConfig("barrack:apiUrl", { value: apiUrl });
    const up = await stack.up();
    const outputs = await stack.outputs();
    const preview = await stack.preview({ expectNoChanges: true });
    const destroy = await stack.destroy();
    console.log(
        JSON.stringify({
            up: up.summary.resourceChanges,
            outputs,
            preview: preview.changeSummary,
            destroy: destroy.summary.resourceChanges,
        }),
    );
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
