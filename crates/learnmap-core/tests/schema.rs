//! `data/README.md` and `data/schema.json` stay in step with the Rust types:
//! the vocabularies, the properties, the problem codes and the example.

use learnmap_core::{
    load, AgeGroup, Audience, Delivery, Fee, LearningArea, PlaceType, ProblemKind, Severity,
    Status, Vocabulary, Wheelchair, PROBLEM_CODES, SCHEMA_PROPERTIES,
};
use serde_json::Value;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data");

fn read(name: &str) -> String {
    let path = format!("{DATA}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn schema() -> Value {
    serde_json::from_str(&read("schema.json")).expect("data/schema.json is JSON")
}

/// The schema of the learning-space `properties` object.
fn properties(schema: &Value) -> &serde_json::Map<String, Value> {
    schema["$defs"]["properties"]["properties"]
        .as_object()
        .expect("$defs/properties/properties is an object")
}

/// Every `enum` list anywhere under `value`.
fn enums(value: &Value, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "enum" {
                    let list = v.as_array().expect("enum is an array");
                    out.push(
                        list.iter()
                            .map(|s| s.as_str().expect("enum values are strings").to_owned())
                            .collect(),
                    );
                } else {
                    enums(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| enums(v, out)),
        _ => {}
    }
}

fn check_vocabulary<T: Vocabulary>(schema: &Value) {
    let property = properties(schema)
        .get(T::FIELD)
        .unwrap_or_else(|| panic!("schema.json has no property {}", T::FIELD));
    let mut found = Vec::new();
    enums(property, &mut found);
    let expected: Vec<String> = T::ALL.iter().map(|v| v.as_str().to_owned()).collect();
    assert!(!found.is_empty(), "{} has no enum in schema.json", T::FIELD);
    for list in found {
        assert_eq!(list, expected, "schema.json enum of {}", T::FIELD);
    }
    // and the README lists every value
    let readme = read("README.md");
    let row = readme
        .lines()
        .find(|l| l.starts_with(&format!("| `{}`", T::FIELD)))
        .unwrap_or_else(|| panic!("README has no row for {}", T::FIELD));
    for value in &expected {
        assert!(
            row.contains(&format!("`{value}`")),
            "README row of {} lacks {value}",
            T::FIELD
        );
    }
}

#[test]
fn every_vocabulary_equals_the_schema_enum() {
    let schema = schema();
    check_vocabulary::<PlaceType>(&schema);
    check_vocabulary::<AgeGroup>(&schema);
    check_vocabulary::<LearningArea>(&schema);
    check_vocabulary::<Audience>(&schema);
    check_vocabulary::<Delivery>(&schema);
    check_vocabulary::<Wheelchair>(&schema);
    check_vocabulary::<Fee>(&schema);
    check_vocabulary::<Status>(&schema);
}

#[test]
fn schema_properties_are_the_rust_list() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut in_schema: Vec<&str> = properties(&schema).keys().map(String::as_str).collect();
    let mut in_rust = SCHEMA_PROPERTIES.to_vec();
    in_schema.sort_unstable();
    in_rust.sort_unstable();
    assert_eq!(in_schema, in_rust);
    let patterns = schema["$defs"]["properties"]["patternProperties"]
        .as_object()
        .unwrap();
    assert!(patterns.keys().any(|k| k.starts_with("^name:")));
    assert!(patterns.keys().any(|k| k.starts_with("^description:")));
}

#[test]
fn readme_documents_every_property() {
    let readme = read("README.md");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## Properties"))
        .take_while(|l| !l.starts_with("## Problems"))
        .filter(|l| l.starts_with("| `"))
        .collect();
    for key in SCHEMA_PROPERTIES {
        let cell = format!("`{key}`");
        assert!(
            table
                .iter()
                .any(|row| row.split('|').nth(1).is_some_and(|c| c.contains(&cell))),
            "README's property table lacks {key}"
        );
    }
}

#[test]
fn readme_problem_table_is_the_code_list() {
    let readme = read("README.md");
    let rows: Vec<(String, String, String)> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## Problems"))
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].trim_matches('`').to_owned(),
                cells[2].to_owned(),
                cells[3].to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = PROBLEM_CODES
        .iter()
        .map(|c| {
            (
                c.code.to_owned(),
                match c.kind {
                    ProblemKind::GeoJson => "GeoJSON",
                    ProblemKind::Data => "data",
                }
                .to_owned(),
                match c.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                }
                .to_owned(),
            )
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn readme_example_loads_without_problems_and_uses_every_property() {
    let readme = read("README.md");
    let start = readme.find("```json\n").expect("a ```json block") + "```json\n".len();
    let end = start + readme[start..].find("```").expect("the block ends");
    let example = &readme[start..end];
    let data = load(example).unwrap();
    assert!(data.problems.is_empty(), "{:#?}", data.problems);
    assert_eq!(data.spaces.len(), 1);
    let space = &data.spaces[0];
    for key in SCHEMA_PROPERTIES
        .iter()
        .chain(&["name:en", "description:en"])
    {
        assert!(
            space.to_properties().contains_key(*key),
            "the example lacks {key}"
        );
    }
    assert_eq!(space.ages.range(), Some((8, 99)));
    assert!(space.opening_hours.is_some());
}
