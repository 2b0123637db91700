//! `public/shared.json` holds the choices the app shares with
//! `public/boot.js`, the builder and the other JavaScript pages
//! (`public/i18n.js`): these tests keep the Rust side equal to it, and every
//! locale file complete.
#![cfg(not(target_arch = "wasm32"))]

use learnmap::data_source::{CONFIG_URL, DEMO_DATA_URL};
use learnmap::i18n::{Lang, Msg};
use learnmap_core::{AgeGroup, Audience, LearningArea, PlaceType, Vocabulary};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

const SHARED: &str = include_str!("../public/shared.json");

fn shared() -> Value {
    serde_json::from_str(SHARED).expect("public/shared.json is JSON")
}

#[test]
fn the_interface_languages_are_those_of_shared_json() {
    let shared = shared();
    let listed: Vec<_> = shared["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["code"].as_str().unwrap().to_owned(),
                l["name"].as_str().unwrap().to_owned(),
                l["dir"].as_str().unwrap().to_owned(),
                l["intl"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let ours: Vec<_> = Lang::ALL
        .iter()
        .map(|l| {
            (
                l.code().to_owned(),
                l.native_name().to_owned(),
                l.dir().to_owned(),
                l.intl().to_owned(),
            )
        })
        .collect();
    assert_eq!(ours, listed);
    assert_eq!(shared["default_language"], Lang::default().code());
}

#[test]
fn boot_js_and_the_app_read_the_same_configuration_and_demo_data() {
    let shared = shared();
    assert_eq!(shared["config_url"], CONFIG_URL);
    assert_eq!(shared["demo_data_url"], DEMO_DATA_URL);
    // the page preloads what boot.js and the app read first
    let index = include_str!("../index.html");
    for preload in [CONFIG_URL, "shared.json"] {
        assert!(
            index.contains(&format!(
                r#"<link rel="preload" href="{preload}" as="fetch""#
            )),
            "index.html preloads {preload}"
        );
    }
}

fn values<V: Vocabulary>() -> Vec<&'static str> {
    V::ALL.iter().map(|v| v.as_str()).collect()
}

/// The builder lists the learning areas of shared.json: the core's.
#[test]
fn the_vocabulary_of_shared_json_is_the_cores() {
    let shared = shared();
    let listed = |field: &str| -> Vec<String> {
        serde_json::from_value(shared["vocabulary"][field].clone()).unwrap()
    };
    assert_eq!(listed(LearningArea::FIELD), values::<LearningArea>());
    assert_eq!(listed(AgeGroup::FIELD), values::<AgeGroup>());
    assert_eq!(listed(Audience::FIELD), values::<Audience>());
    assert_eq!(listed("place_types"), values::<PlaceType>());
}

/// CLDR's plural categories for whole and decimal numbers, as
/// `Intl.PluralRules(...).resolvedOptions().pluralCategories` lists them
/// (the browser spec `i18n.spec.ts` asks the browser itself).
fn categories(lang: Lang) -> BTreeSet<&'static str> {
    let list: &[&str] = match lang {
        Lang::En | Lang::De | Lang::Sw => &["one", "other"],
        Lang::Fr | Lang::Es | Lang::Pt => &["one", "many", "other"],
        Lang::Ar => &["zero", "one", "two", "few", "many", "other"],
        Lang::Ru => &["one", "few", "many", "other"],
        Lang::Zh | Lang::Ko => &["other"],
    };
    list.iter().copied().collect()
}

/// The `{placeholders}` of a text, with those of every form of a plural.
fn placeholders(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(open) = rest.find('{') {
                rest = &rest[open + 1..];
                if let Some(close) = rest.find('}') {
                    out.insert(rest[..close].to_owned());
                    rest = &rest[close + 1..];
                }
            }
        }
        Value::Object(forms) => forms
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .for_each(|(_, v)| placeholders(v, out)),
        _ => {}
    }
}

/// Every plural object in `value` has exactly the language's categories.
fn check_plurals(lang: Lang, key: &str, value: &Value, problems: &mut Vec<String>) {
    if let Value::Object(forms) = value {
        let have: BTreeSet<&str> = forms
            .keys()
            .map(String::as_str)
            .filter(|k| !k.starts_with('_'))
            .collect();
        if have != categories(lang) {
            problems.push(format!(
                "{}: \"{key}\" has the plural forms {have:?}, the language needs {:?}",
                lang.code(),
                categories(lang)
            ));
        }
        if let Some(by) = forms.get("_by") {
            if !by.is_string() {
                problems.push(format!("{}: \"{key}\": _by is not a text", lang.code()));
            }
        }
        for (_, form) in forms.iter().filter(|(k, _)| !k.starts_with('_')) {
            check_plurals(lang, key, form, problems);
        }
    }
}

fn read(path: &Path) -> Map<String, Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every page's file (app, boot, builder, steward, planner: whatever English
/// has) exists in every interface language, with English's keys, the same
/// placeholders, and plurals with its language's categories; `_meta` says
/// who wrote it and whether a native speaker reviewed it.
#[test]
fn every_locale_file_is_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/locales");
    let mut problems = Vec::new();
    let pages: Vec<String> = std::fs::read_dir(root.join("en"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert!(pages.contains(&"app.json".to_owned()));
    for page in &pages {
        let english = read(&root.join("en").join(page));
        for lang in Lang::ALL {
            let path = root.join(lang.code()).join(page);
            if !path.exists() {
                problems.push(format!("{} is missing", path.display()));
                continue;
            }
            let texts = read(&path);
            match texts.get("_meta") {
                Some(meta) if meta["language"] == lang.code() && meta["reviewed"].is_boolean() => {}
                _ => problems.push(format!(
                    "{}/{page}: _meta must say its language and whether a native speaker reviewed it",
                    lang.code()
                )),
            }
            let keys = |m: &Map<String, Value>| -> BTreeSet<String> {
                m.keys().filter(|k| !k.starts_with('_')).cloned().collect()
            };
            let (ours, theirs) = (keys(&texts), keys(&english));
            for missing in theirs.difference(&ours) {
                problems.push(format!("{}/{page} lacks \"{missing}\"", lang.code()));
            }
            for extra in ours.difference(&theirs) {
                problems.push(format!(
                    "{}/{page} has \"{extra}\", which English has not",
                    lang.code()
                ));
            }
            for key in ours.intersection(&theirs) {
                let (value, source) = (&texts[key.as_str()], &english[key.as_str()]);
                if !matches!(value, Value::String(_) | Value::Object(_)) {
                    problems.push(format!("{}/{page}: \"{key}\" is not a text", lang.code()));
                    continue;
                }
                let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
                placeholders(value, &mut a);
                placeholders(source, &mut b);
                if a != b {
                    problems.push(format!(
                        "{}/{page}: \"{key}\" has the placeholders {a:?}, English {b:?}",
                        lang.code()
                    ));
                }
                check_plurals(lang, key, value, &mut problems);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every text the app asks for by key is in English's file, and every key
/// of it is asked for: no text is missing, none is dead.
#[test]
fn the_app_uses_every_key_of_its_locale_file() {
    let english = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("public/locales/en/app.json"));
    let mut used: BTreeSet<String> = Msg::ALL.iter().map(|m| m.key().to_owned()).collect();
    for key in [
        "load_failed_from",
        "load_network",
        "load_status",
        "load_unusable",
        "count_places",
        "count_matching",
        "count_skipped",
        "count_unstated_ages",
        "open_at",
        "open_closes",
        "closed_opens",
        "distance_m",
        "distance_km",
    ] {
        used.insert(key.to_owned());
    }
    let vocab = |prefix: &str, values: Vec<&str>| -> Vec<String> {
        values.into_iter().map(|v| format!("{prefix}{v}")).collect()
    };
    used.extend(vocab("area.", values::<LearningArea>()));
    used.extend(vocab("age_group.", values::<AgeGroup>()));
    used.extend(vocab("audience.", values::<Audience>()));
    used.extend(vocab("place_type.", values::<PlaceType>()));
    let keys: BTreeSet<String> = english
        .keys()
        .filter(|k| !k.starts_with('_'))
        .cloned()
        .collect();
    assert_eq!(
        used.difference(&keys).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "asked for, not in en/app.json"
    );
    assert_eq!(
        keys.difference(&used).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in en/app.json, never asked for"
    );
}
