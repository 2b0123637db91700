//! Mapping files: which source field feeds which property, and how source
//! values become schema values. The format is documented in
//! `data/mappings/README.md`.

use crate::{Error, Result};
use learnmap_core::suggest::did_you_mean;
use learnmap_core::{
    AgeGroup, Audience, Delivery, Fee, LearningArea, PlaceType, Status, Vocabulary, Wheelchair,
    SCHEMA_PROPERTIES,
};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The kinds of input the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-, semicolon- or tab-separated values with a header row.
    Csv,
    /// Any GeoJSON FeatureCollection (or single Feature).
    Geojson,
    /// OpenStreetMap JSON as the Overpass API returns it.
    Osm,
}

/// The `[input]` table: how to read the source.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// csv, geojson or osm (default: from the input's file extension).
    pub format: Option<Format>,
    /// The field holding the longitude (CSV; GeoJSON features without geometry).
    pub lon: Option<String>,
    /// The field holding the latitude.
    pub lat: Option<String>,
    /// The CSV delimiter, when sniffing is not wanted: "," ";" "\t" or "|".
    pub delimiter: Option<String>,
    /// The input's character encoding when not UTF-8, e.g. "windows-1252".
    pub encoding: Option<String>,
    /// Source values that mean "no value", such as "<NA>" or "None".
    #[serde(default)]
    pub empty: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    name: Option<String>,
    source: Option<String>,
    #[serde(default)]
    input: Input,
    properties: BTreeMap<String, RawSpec>,
    #[serde(default)]
    defaults: BTreeMap<String, toml::Value>,
    #[serde(default)]
    always: BTreeMap<String, toml::Value>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, toml::Value>>,
    #[serde(default)]
    when: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawSpec {
    One(String),
    FirstOf(Vec<String>),
    Full(FullSpec),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FullSpec {
    from: OneOrMany,
    split: Option<String>,
    hours: Option<HoursKind>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// How to read an opening-hours field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum HoursKind {
    /// Already OpenStreetMap syntax: checked, and kept as a note when invalid.
    #[serde(rename = "osm")]
    Osm,
    /// US free text such as `Tue - Thu: 10:30 AM - 5:30 PM`, converted.
    #[serde(rename = "us-free-text")]
    UsFreeText,
}

/// What a target property holds, which decides how values are coerced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A text.
    Text,
    /// One value of a vocabulary.
    Vocab(&'static [&'static str]),
    /// A whole number (ages).
    Number,
    /// A list of vocabulary values, in vocabulary order.
    VocabList(&'static [&'static str]),
    /// A list of texts, in source order.
    TextList,
}

/// The spellings of a vocabulary, made once per vocabulary.
macro_rules! spellings {
    ($t:ty) => {{
        static CELL: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        CELL.get_or_init(|| <$t>::ALL.iter().map(|v| v.as_str()).collect())
            .as_slice()
    }};
}

/// The schema properties a mapping may write, and what each holds.
pub fn kind_of(target: &str) -> Option<Kind> {
    Some(match target {
        "id" | "name" | "description" | "website" | "booking_url" | "email" | "phone"
        | "operator" | "opening_hours" | "opening_hours_note" | "fee_note" | "last_verified"
        | "source" => Kind::Text,
        "place_type" => Kind::Vocab(spellings!(PlaceType)),
        "delivery" => Kind::Vocab(spellings!(Delivery)),
        "wheelchair" => Kind::Vocab(spellings!(Wheelchair)),
        "fee" => Kind::Vocab(spellings!(Fee)),
        "status" => Kind::Vocab(spellings!(Status)),
        "age_min" | "age_max" => Kind::Number,
        "age_groups" => Kind::VocabList(spellings!(AgeGroup)),
        "learning_areas" => Kind::VocabList(spellings!(LearningArea)),
        "audiences" => Kind::VocabList(spellings!(Audience)),
        "languages" | "subjects" => Kind::TextList,
        t if ["addr:", "name:", "description:"]
            .iter()
            .any(|p| t.len() > p.len() && t.starts_with(p)) =>
        {
            Kind::Text
        }
        _ => return None,
    })
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A field, its value taken as it is (numbers stay numbers).
    Field(String),
    /// A text with `{field|filter}` placeholders.
    Template(Template),
}

/// A text with `{field}` or `{field|filter|filter}` placeholders; `{{` and
/// `}}` are literal braces.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Field { name: String, filters: Vec<Filter> },
}

/// What a template may do to a field's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// `Kita Möwennest` → `kita-moewennest`.
    Slug,
    /// Lower case.
    Lower,
    /// Upper case.
    Upper,
    /// `ANCHOR POINT PUBLIC LIBRARY` → `Anchor Point Public Library`.
    Title,
    /// The first word: `22337 Hamburg` → `22337`.
    First,
    /// All but the first word: `22337 Hamburg` → `Hamburg`.
    Rest,
    /// The street of an address, without the house number.
    Street,
    /// The house number of an address.
    Housenumber,
    /// A web address without a scheme gets `http://`: `www.x.org` → `http://www.x.org`.
    Url,
}

const FILTERS: &[(&str, Filter)] = &[
    ("slug", Filter::Slug),
    ("lower", Filter::Lower),
    ("upper", Filter::Upper),
    ("title", Filter::Title),
    ("first", Filter::First),
    ("rest", Filter::Rest),
    ("street", Filter::Street),
    ("housenumber", Filter::Housenumber),
    ("url", Filter::Url),
];

impl Template {
    /// Parses a template; the error says what is wrong.
    pub fn parse(text: &str) -> std::result::Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => return Err(format!("\"{text}\" has a '{{' without '}}'")),
                        }
                    }
                    let mut pieces = inner.split('|');
                    let name = pieces.next().unwrap_or_default().trim().to_owned();
                    if name.is_empty() {
                        return Err(format!("\"{text}\" has an empty {{}}"));
                    }
                    let mut filters = Vec::new();
                    for f in pieces {
                        let f = f.trim();
                        match FILTERS.iter().find(|(n, _)| *n == f) {
                            Some((_, filter)) => filters.push(*filter),
                            None => {
                                let names: Vec<&str> = FILTERS.iter().map(|(n, _)| *n).collect();
                                return Err(format!(
                                    "\"{f}\" in \"{text}\" is not a filter; filters are: {}",
                                    names.join(", ")
                                ));
                            }
                        }
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Field { name, filters });
                }
                '}' => return Err(format!("\"{text}\" has a '}}' without '{{'")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    /// The fields the template reads.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Field { name, .. } => Some(name.as_str()),
            Part::Text(_) => None,
        })
    }

    /// Fills in the template; `None` when any of its fields has no value
    /// (or a filter leaves nothing), so that `nyc-lib-{name}` never gives a
    /// bare `nyc-lib-`.
    pub fn render(&self, mut field: impl FnMut(&str) -> Option<String>) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Field { name, filters } => {
                    let mut value = field(name)?;
                    for f in filters {
                        value = apply(*f, &value);
                    }
                    if value.is_empty() {
                        return None;
                    }
                    out.push_str(&value);
                }
            }
        }
        Some(out)
    }
}

/// Applies one filter.
pub fn apply(filter: Filter, text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    match filter {
        Filter::Slug => slug(text),
        Filter::Lower => text.to_lowercase(),
        Filter::Upper => text.to_uppercase(),
        Filter::Title => title(text),
        Filter::First => words.first().copied().unwrap_or_default().to_owned(),
        Filter::Rest => words.get(1..).unwrap_or_default().join(" "),
        Filter::Url => {
            let t = text.trim();
            if t.contains("://") || t.contains(char::is_whitespace) || !t.contains('.') {
                t.to_owned()
            } else {
                format!("http://{t}")
            }
        }
        Filter::Street | Filter::Housenumber => {
            let (street, number) = split_address(&words);
            if filter == Filter::Street {
                street
            } else {
                number
            }
        }
    }
}

/// Splits `Krieterstraße 2 b` into (`Krieterstraße`, `2 b`) and
/// `203 West 115th Street` into (`West 115th Street`, `203`): a leading
/// number is a house number (American style); otherwise the house number
/// starts at the last word that starts with a digit (European style).
fn split_address(words: &[&str]) -> (String, String) {
    let starts_with_digit = |w: &&str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    if words.len() > 1 && starts_with_digit(&words[0]) {
        return (words[1..].join(" "), words[0].to_owned());
    }
    match words.iter().rposition(starts_with_digit) {
        Some(i) if i > 0 => (words[..i].join(" "), words[i..].join(" ")),
        _ => (words.join(" "), String::new()),
    }
}

/// A URL-safe form of a text: `Kita Möwennest Lurup` → `kita-moewennest-lurup`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            'ú' | 'ù' | 'û' => out.push('u'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Capitalises each word (after a space, `-`, `(` or `/`) and lowers the rest.
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c.is_whitespace() || matches!(c, '-' | '(' | '/');
    }
    out
}

/// One target property and where its value comes from.
#[derive(Debug)]
pub struct Rule {
    /// The schema property written.
    pub target: String,
    /// What it holds.
    pub kind: Kind,
    /// Alternatives, tried in order until one gives a value.
    pub sources: Vec<Source>,
    /// Split a text value into several at this separator.
    pub split: Option<String>,
    /// Convert or check opening hours.
    pub hours: Option<HoursKind>,
    /// `"addr:*" = "addr:*"`: copy every field starting with the second
    /// prefix to a target starting with the first.
    pub prefix: Option<(String, String)>,
}

/// One line of a `[when.<target>]` table: when `field` is truthy, the
/// target gets `value` (a value or a list of values).
#[derive(Debug)]
pub struct When {
    /// The schema property written.
    pub target: String,
    /// The source field read as yes or no.
    pub field: String,
    /// What the target gets.
    pub value: Value,
}

/// A `[values.<target>]` table.
#[derive(Debug, Default)]
pub struct ValueTable {
    exact: HashMap<String, Value>,
    folded: HashMap<String, Value>,
    fallback: Option<Value>,
}

impl ValueTable {
    /// The value for a source text: exact match, then ignoring case, then `"*"`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.exact
            .get(key)
            .or_else(|| self.folded.get(&key.to_lowercase()))
            .or(self.fallback.as_ref())
    }
}

/// A checked mapping file.
#[derive(Debug)]
pub struct Mapping {
    /// The output collection's `name`.
    pub name: Option<String>,
    /// Attribution: the output collection's `source`, and each feature's
    /// unless the mapping gives one.
    pub source: Option<String>,
    /// How to read the input.
    pub input: Input,
    /// The property rules, in target order.
    pub rules: Vec<Rule>,
    /// Values set when a feature has none.
    pub defaults: Vec<(String, Value)>,
    /// Values every feature gets (lists are merged).
    pub always: Vec<(String, Value)>,
    /// Value tables by target.
    pub values: HashMap<String, ValueTable>,
    /// Yes/no columns to values, in file order by target, then field.
    pub when: Vec<When>,
}

fn check_target(target: &str, table: &str) -> Result<Kind> {
    kind_of(target).ok_or_else(|| {
        let hint = match did_you_mean(target, SCHEMA_PROPERTIES) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!(
                "schema properties are: {} and addr:*, name:*, description:*",
                SCHEMA_PROPERTIES.join(", ")
            ),
        };
        Error::Mapping(format!(
            "[{table}] \"{target}\" is not a property of the schema; {hint}"
        ))
    })
}

/// Checks that a constant or table value fits the target.
fn check_value(target: &str, kind: Kind, value: &Value, allow_list: bool) -> Result<()> {
    let check_word = |word: &str, known: &[&str]| -> Result<()> {
        if known.contains(&word) {
            return Ok(());
        }
        let hint = match did_you_mean(word, known) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => format!("use one of: {}", known.join(", ")),
        };
        mapping_err!("\"{word}\" is not a {target} value; {hint}")
    };
    match (kind, value) {
        (Kind::Vocab(known) | Kind::VocabList(known), Value::String(s)) => check_word(s, known),
        (Kind::VocabList(known), Value::Array(items)) if allow_list => {
            for item in items {
                match item {
                    Value::String(s) => check_word(s, known)?,
                    other => mapping_err!("{other} in a {target} list is not a text"),
                }
            }
            Ok(())
        }
        (Kind::TextList, Value::Array(items)) if allow_list => {
            if items.iter().all(Value::is_string) {
                Ok(())
            } else {
                mapping_err!("a {target} list must hold texts")
            }
        }
        (Kind::Number, Value::Number(n)) => match n.as_u64() {
            Some(age) if age <= u64::from(learnmap_core::MAX_AGE) => Ok(()),
            _ => mapping_err!("{n} is not an age from 0 to {}", learnmap_core::MAX_AGE),
        },
        (Kind::Text | Kind::TextList, Value::String(_)) => Ok(()),
        (_, other) => mapping_err!("{other} does not fit {target}"),
    }
}

fn to_json(value: toml::Value) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::Mapping(format!("a value cannot be converted to JSON: {e}")))
}

fn parse_source(text: &str) -> Result<Source> {
    if text.contains('{') || text.contains('}') {
        Ok(Source::Template(
            Template::parse(text).map_err(Error::Mapping)?,
        ))
    } else {
        Ok(Source::Field(text.to_owned()))
    }
}

impl Mapping {
    /// Parses and checks a mapping file's text.
    pub fn parse(text: &str) -> Result<Mapping> {
        let raw: RawMapping = toml::from_str(text).map_err(|e| Error::Mapping(e.to_string()))?;
        let mut rules = Vec::new();
        for (target, spec) in raw.properties {
            let (from, split, hours) = match spec {
                RawSpec::One(s) => (vec![s], None, None),
                RawSpec::FirstOf(list) => (list, None, None),
                RawSpec::Full(full) => (
                    match full.from {
                        OneOrMany::One(s) => vec![s],
                        OneOrMany::Many(list) => list,
                    },
                    full.split,
                    full.hours,
                ),
            };
            if from.is_empty() {
                mapping_err!("[properties] \"{target}\" names no source field");
            }
            if let Some(target_prefix) = target.strip_suffix('*') {
                let [source] = from.as_slice() else {
                    mapping_err!(
                        "[properties] \"{target}\" must name one source prefix such as \"addr:*\""
                    );
                };
                let Some(source_prefix) = source.strip_suffix('*') else {
                    mapping_err!("[properties] \"{target}\" copies a group of fields: its source must end in '*' too");
                };
                check_target(&format!("{target_prefix}x"), "properties")?;
                rules.push(Rule {
                    target: target.clone(),
                    kind: Kind::Text,
                    sources: Vec::new(),
                    split: None,
                    hours: None,
                    prefix: Some((target_prefix.to_owned(), source_prefix.to_owned())),
                });
                continue;
            }
            let kind = check_target(&target, "properties")?;
            if hours.is_some() && target != "opening_hours" {
                mapping_err!("[properties] \"{target}\": hours = ... is only for opening_hours");
            }
            let sources = from
                .iter()
                .map(|s| parse_source(s))
                .collect::<Result<Vec<_>>>()
                .map_err(|e| e.within(format!("[properties] \"{target}\"")))?;
            rules.push(Rule {
                target,
                kind,
                sources,
                split,
                hours,
                prefix: None,
            });
        }
        for required in ["id", "name"] {
            if !rules.iter().any(|r| r.target == required) {
                mapping_err!("[properties] must say where \"{required}\" comes from, e.g. {required} = \"SOURCE_FIELD\"");
            }
        }
        let mut values = HashMap::new();
        for (target, table) in raw.values {
            let kind = check_target(&target, "values")?;
            if !rules.iter().any(|r| r.target == target) {
                mapping_err!("[values.{target}] maps values, but [properties] has no \"{target}\"");
            }
            let mut parsed = ValueTable::default();
            for (key, value) in table {
                let value = to_json(value)?;
                let empty =
                    value.as_str() == Some("") || value.as_array().is_some_and(|a| a.is_empty());
                if !empty {
                    check_value(&target, kind, &value, true)
                        .map_err(|e| e.within(format!("[values.{target}] \"{key}\"")))?;
                }
                if key == "*" {
                    parsed.fallback = Some(value);
                } else {
                    parsed.folded.insert(key.to_lowercase(), value.clone());
                    parsed.exact.insert(key, value);
                }
            }
            values.insert(target, parsed);
        }
        let mut when = Vec::new();
        for (target, table) in raw.when {
            let kind = check_target(&target, "when")?;
            if matches!(kind, Kind::Number) {
                mapping_err!("[when.{target}]: a yes/no column cannot give a number; use [defaults] or [properties]");
            }
            for (field, value) in table {
                let value = to_json(value)?;
                check_value(&target, kind, &value, true)
                    .map_err(|e| e.within(format!("[when.{target}] \"{field}\"")))?;
                when.push(When {
                    target: target.clone(),
                    field,
                    value,
                });
            }
        }
        let constants = |table: BTreeMap<String, toml::Value>, name: &str| {
            table
                .into_iter()
                .map(|(target, value)| {
                    let kind = check_target(&target, name)?;
                    let value = to_json(value)?;
                    check_value(&target, kind, &value, true)
                        .map_err(|e| e.within(format!("[{name}] \"{target}\"")))?;
                    Ok((target, value))
                })
                .collect::<Result<Vec<_>>>()
        };
        let defaults = constants(raw.defaults, "defaults")?;
        let always = constants(raw.always, "always")?;
        for (target, _) in &always {
            let scalar = !matches!(kind_of(target), Some(Kind::VocabList(_) | Kind::TextList));
            if scalar && rules.iter().any(|r| &r.target == target) {
                mapping_err!("[always] \"{target}\" is also in [properties]; put it in [defaults] to use it only when the source has no value");
            }
        }
        if let Some(d) = &raw.input.delimiter {
            if !matches!(d.as_str(), "," | ";" | "\t" | "|") {
                mapping_err!(
                    "[input] delimiter = {}: use \",\", \";\", \"\\t\" or \"|\"",
                    Value::String(d.clone())
                );
            }
        }
        if let Some(e) = &raw.input.encoding {
            if encoding_rs::Encoding::for_label(e.as_bytes()).is_none() {
                mapping_err!("[input] encoding = \"{e}\" is not an encoding name such as \"windows-1252\" or \"utf-8\"");
            }
        }
        if raw.input.lon.is_some() != raw.input.lat.is_some() {
            mapping_err!("[input] needs both lon and lat, or neither");
        }
        Ok(Mapping {
            name: raw.name,
            source: raw.source,
            input: raw.input,
            rules,
            defaults,
            always,
            values,
            when,
        })
    }

    /// Every source field the mapping reads (not counting `@` fields and prefixes).
    pub fn fields(&self) -> Vec<String> {
        self.fields_with_targets()
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    /// Every source field the mapping reads (not `@` fields and prefixes),
    /// sorted, with the targets it feeds.
    pub fn fields_with_targets(&self) -> Vec<(String, Vec<String>)> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut add = |field: &str, target: &str| {
            if field.starts_with('@') {
                return;
            }
            let targets = out.entry(field.to_owned()).or_default();
            if !targets.iter().any(|t| t == target) {
                targets.push(target.to_owned());
            }
        };
        for rule in &self.rules {
            for source in &rule.sources {
                match source {
                    Source::Field(f) => add(f, &rule.target),
                    Source::Template(t) => t.fields().for_each(|f| add(f, &rule.target)),
                }
            }
        }
        for w in &self.when {
            add(&w.field, &w.target);
        }
        out.into_iter().collect()
    }

    /// The fields `id` and `name` are made of: without them no record
    /// can be written. A field that is one alternative among several is not
    /// required.
    pub fn required_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        for rule in self
            .rules
            .iter()
            .filter(|r| r.target == "id" || r.target == "name")
        {
            if rule.sources.len() != 1 {
                continue;
            }
            match &rule.sources[0] {
                Source::Field(f) => out.push(f.clone()),
                Source::Template(t) => out.extend(t.fields().map(str::to_owned)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_fields_and_filters() {
        let t = Template::parse("nyc-lib-{name|slug}").unwrap();
        let get = |f: &str| (f == "name").then(|| "115th Street Library".to_owned());
        assert_eq!(
            t.render(get).as_deref(),
            Some("nyc-lib-115th-street-library")
        );
        assert_eq!(t.render(|_| None), None);
        let t = Template::parse("{{{a}}}").unwrap();
        assert_eq!(t.render(|_| Some("x".into())).as_deref(), Some("{x}"));
        assert!(Template::parse("{a|nope}").is_err());
        assert!(Template::parse("{a").is_err());
    }

    #[test]
    fn addresses_split_both_ways() {
        let split = |s: &str, f| apply(f, s);
        assert_eq!(split("Krieterstraße 2 b", Filter::Street), "Krieterstraße");
        assert_eq!(split("Krieterstraße 2 b", Filter::Housenumber), "2 b");
        assert_eq!(split("Reeseberg 8/10 a", Filter::Housenumber), "8/10 a");
        assert_eq!(
            split("203 West 115th Street", Filter::Street),
            "West 115th Street"
        );
        assert_eq!(split("203 West 115th Street", Filter::Housenumber), "203");
        assert_eq!(split("Grand Army Plaza", Filter::Housenumber), "");
        assert_eq!(split("22337 Hamburg", Filter::Rest), "Hamburg");
        assert_eq!(
            apply(Filter::Url, "www.bklynlibrary.org/x"),
            "http://www.bklynlibrary.org/x"
        );
        assert_eq!(apply(Filter::Url, "https://a.org"), "https://a.org");
        assert_eq!(title("ST. JOHN'S-WOOD LIBRARY"), "St. John's-Wood Library");
    }

    #[test]
    fn mapping_errors_name_the_problem() {
        let err = |text: &str| Mapping::parse(text).unwrap_err().to_string();
        assert!(err("[properties]\nid = \"a\"\n").contains("\"name\""));
        assert!(
            err("[properties]\nid = \"a\"\nname = \"b\"\nplace_typ = \"c\"\n")
                .contains("did you mean \"place_type\"")
        );
        assert!(err(
            "[properties]\nid = \"a\"\nname = \"b\"\nplace_type = \"c\"\n[values.place_type]\nx = \"libary\"\n"
        )
        .contains("did you mean \"library\""));
        assert!(
            err("[properties]\nid = \"a\"\nname = \"b\"\n[defaults]\nage_min = 300\n")
                .contains("not an age")
        );
    }
}
