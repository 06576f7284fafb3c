import { ruleTable } from "./judge";

const OCI_ENDPOINTS = { "residency-config-valid": { ociEndpoints: ["192.0.2.10"] } };

ruleTable("us-traffic-steered-to-oci", [
    {
        what: "passes a steering policy whose US case answers only with the OCI endpoint",
        program: "traffic-steered-to-oci",
        config: OCI_ENDPOINTS,
        expected: [],
        code: 0,
    },
    {
        what: "reports a US case that answers with an AWS endpoint, naming the steering policy and the answer, as an advisory",
        program: "traffic-steered-to-aws",
        config: OCI_ENDPOINTS,
        expected: [
            [
                "app-steering",
                "steering policy 'app-steering' answers US users with '198.51.100.20' (answer 'aws-use1'), which is not an OCI endpoint in 'ociEndpoints' (192.0.2.10).",
            ],
        ],
        level: "advisory",
        code: 0,
    },
    {
        what: "reports a stack with US user data and no steering policy, stack-wide, as an advisory",
        program: "compliant-oci-us-bucket",
        expected: [["", "the stack holds US user data but has no DNS steering policy that sends US users to OCI. Add an oci.dns.SteeringPolicy."]],
        level: "advisory",
        code: 0,
    },
    { what: "does not apply to a stack without US user data", program: "compliant-non-us-bucket", expected: [] },
    {
        what: "reports a case for a list of countries that includes the US, and cases or a case condition not known at preview, as advisories",
        program: "traffic-steering-loose-cases",
        config: OCI_ENDPOINTS,
        expected: [
            [
                "app-steering",
                "the cases of rule 1 of steering policy 'app-steering' are not known at preview, so whether they answer US users cannot be checked.",
            ],
            [
                "app-steering",
                "the condition of case 0 of rule 2 of steering policy 'app-steering' is not known at preview, so whether it answers US users cannot be checked.",
            ],
            [
                "app-steering",
                "steering policy 'app-steering' answers US users with '198.51.100.20' (answer 'aws-use1'), which is not an OCI endpoint in 'ociEndpoints' (192.0.2.10).",
            ],
        ],
        level: "advisory",
        code: 0,
    },
]);
