//! Documents written by other tools: what maps to facts is kept, the rest reported with its
//! place; bad documents get an error with a JSON pointer or a line and column.

use openness_core::{Availability, Component};
use openness_interchange::{Format, import};

const FOREIGN_BOM: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "metadata": { "timestamp": "2025-03-04T10:00:00Z" },
  "components": [
    {
      "type": "machine-learning-model",
      "bom-ref": "m",
      "name": "Example Model 7B",
      "supplier": { "name": "Example Lab" },
      "licenses": [ { "license": { "id": "Apache-2.0" } } ],
      "externalReferences": [ { "type": "distribution", "url": "https://example.org/weights" } ],
      "modelCard": { "modelParameters": { "datasets": [ { "ref": "d1" }, { "type": "dataset", "name": "Inline set" }, { "ref": "missing" } ] } }
    },
    { "type": "data", "bom-ref": "d1", "name": "Web crawl", "licenses": [ { "expression": "CC-BY-4.0" } ] },
    { "type": "library", "bom-ref": "t", "name": "torch" }
  ]
}"#;

#[test]
fn a_foreign_bom_keeps_the_model_licence_and_datasets_and_reports_the_rest() {
    let imported = import(FOREIGN_BOM, Format::CycloneDx).expect("the BOM reads");
    let r = &imported.release;
    assert_eq!(
        (r.id.as_str(), r.name.as_str(), r.organisation.as_deref(), r.release.as_str()),
        ("example-model-7b", "Example Model 7B", Some("Example Lab"), "2025-03")
    );
    let weights = r.component(Component::DeploymentDataWeights);
    assert_eq!((weights.availability(), weights.license()), (Availability::Open, Some("Apache-2.0")));
    let data = r.component(Component::TrainingDataPretraining);
    let parts: Vec<(&str, Option<&str>)> =
        data.parts().iter().map(|p| (p.name.as_str(), p.license.as_deref())).collect();
    assert_eq!(parts, [("Web crawl", Some("CC-BY-4.0")), ("Inline set", None)]);
    assert_eq!(
        imported.unmapped,
        [
            "/components/0/modelCard/modelParameters/datasets/2: `missing` names no component",
            "/components/2: `torch` maps to no component of the taxonomy",
        ]
    );
}

const FOREIGN_SPDX: &str = r#"{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    { "type": "CreationInfo", "@id": "_:c", "specVersion": "3.0.1", "created": "2025-01-07T09:30:00Z", "createdBy": [] },
    { "type": "ai_AIPackage", "spdxId": "https://example.org/m", "name": "Example Model", "releaseTime": "2024-11-02T00:00:00Z",
      "software_downloadLocation": "https://example.org/weights", "suppliedBy": "https://example.org/org" },
    { "type": "Organization", "spdxId": "https://example.org/org", "name": "Example Lab" },
    { "type": "dataset_DatasetPackage", "spdxId": "https://example.org/d", "name": "Corpus", "dataset_datasetAvailability": "registration" },
    { "type": "simplelicensing_LicenseExpression", "spdxId": "https://example.org/l", "simplelicensing_licenseExpression": "MIT" },
    { "type": "Relationship", "spdxId": "https://example.org/r1", "from": "https://example.org/m", "relationshipType": "hasDeclaredLicense", "to": ["https://example.org/l"] },
    { "type": "Relationship", "spdxId": "https://example.org/r2", "from": "https://example.org/m", "relationshipType": "trainedOn", "to": ["https://example.org/d"] },
    { "type": "Relationship", "spdxId": "https://example.org/r3", "from": "https://example.org/m", "relationshipType": "dependsOn", "to": ["https://example.org/d"] }
  ]
}"#;

#[test]
fn a_foreign_spdx_document_keeps_licence_and_training_data() {
    let imported = import(FOREIGN_SPDX, Format::Spdx3).expect("the document reads");
    let r = &imported.release;
    assert_eq!(
        (r.name.as_str(), r.organisation.as_deref(), r.release.as_str()),
        ("Example Model", Some("Example Lab"), "2024-11")
    );
    let weights = r.component(Component::DeploymentDataWeights);
    assert_eq!((weights.availability(), weights.license()), (Availability::Open, Some("MIT")));
    let data = r.component(Component::TrainingDataPretraining);
    assert_eq!(data.parts().len(), 1);
    assert_eq!((data.parts()[0].name.as_str(), data.parts()[0].availability), ("Corpus", Availability::Gated));
    let source = &r.sources[0];
    assert_eq!(
        (source.id.as_str(), source.date.as_deref()),
        ("import-spdx-3-document-example-model", Some("2025-01-07"))
    );
    assert_eq!(data.shown().map(|o| (o.source.as_str(), o.as_of.as_str())), Some((source.id.as_str(), "2025-01-07")));
    assert_eq!(imported.unmapped, ["/@graph/7: a `dependsOn` relationship of the model maps to no component"]);
}

#[test]
fn bad_documents_are_refused_with_their_place() {
    let place = |text: &str, format| import(text, format).expect_err("refused").to_string();
    assert_eq!(
        place("{\"bomFormat\": ", Format::CycloneDx),
        "line 1, column 14: invalid JSON: EOF while parsing a value at line 1 column 14"
    );
    assert_eq!(
        place(r#"{"bomFormat": "SPDX"}"#, Format::CycloneDx),
        "/bomFormat: not a CycloneDX BOM: `bomFormat` is not \"CycloneDX\""
    );
    assert_eq!(
        place(r#"{"bomFormat": "CycloneDX", "components": []}"#, Format::CycloneDx),
        "/components: the BOM has no `machine-learning-model` component"
    );
    let bad_property = r#"{"bomFormat": "CycloneDX", "metadata": {"component": {"type": "machine-learning-model", "name": "M",
        "properties": [{"name": "openness:component:weightz:level", "value": "D5"}]}}}"#;
    assert_eq!(
        place(bad_property, Format::CycloneDx),
        "/metadata/component/properties/0: `weightz` is not one of the twelve component ids"
    );
    let bad_level = r#"{"bomFormat": "CycloneDX", "metadata": {"component": {"type": "machine-learning-model", "name": "M",
        "properties": [{"name": "openness:component:deployment.data.weights:level", "value": "D9"}]}}}"#;
    assert_eq!(place(bad_level, Format::CycloneDx), "/metadata/component/properties/0: `D9` is not a level");
    assert_eq!(
        place(r#"{"@context": "x"}"#, Format::Spdx3),
        "/@graph: not an SPDX 3 JSON-LD document: no `@graph` list"
    );
    assert_eq!(
        place(r#"{"@graph": [{"type": "ai_AIPackage"}]}"#, Format::Spdx3),
        "/@graph/0/name: the AI package has no name"
    );
}
