//! Reading a feature straight from its JSON text: its members and
//! properties as raw values (slices of the file, no copy, no
//! `serde_json::Value`), each read into the typed model by the loader.
//! A repeated key keeps its last value, as `serde_json` does (the scanner
//! reports the repetition).

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// An object key: borrowed from the text unless it has escapes.
pub(crate) struct Key<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Members a Feature must not have (RFC 7946, section 7.1).
pub(crate) const NOT_IN_FEATURE: [&str; 3] = ["features", "coordinates", "geometries"];

/// The members of a Feature object that the loader reads: `properties` as
/// `P`, either its raw value or, read in the same pass, [`Props`].
pub(crate) struct Members<'a, P = &'a RawValue> {
    pub kind: Option<&'a RawValue>,
    pub id: Option<&'a RawValue>,
    pub properties: Option<P>,
    pub geometry: Option<&'a RawValue>,
    pub bbox: Option<&'a RawValue>,
    /// Which of [`NOT_IN_FEATURE`] it has.
    pub forbidden: [bool; 3],
}

impl<'a, P> Members<'a, P> {
    /// The members, and `properties` apart.
    pub fn split(self) -> (Members<'a, ()>, Option<P>) {
        let Members {
            kind,
            id,
            properties,
            geometry,
            bbox,
            forbidden,
        } = self;
        let rest = Members {
            kind,
            id,
            properties: None,
            geometry,
            bbox,
            forbidden,
        };
        (rest, properties)
    }
}

impl<'de, P: Deserialize<'de>> Deserialize<'de> for Members<'de, P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<P>(std::marker::PhantomData<P>);
        impl<'de, P: Deserialize<'de>> Visitor<'de> for V<P> {
            type Value = Members<'de, P>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Feature object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de, P>, A::Error> {
                let mut m = Members {
                    kind: None,
                    id: None,
                    properties: None,
                    geometry: None,
                    bbox: None,
                    forbidden: [false; 3],
                };
                while let Some(Key(key)) = map.next_key()? {
                    let slot = match key.as_ref() {
                        "type" => &mut m.kind,
                        "id" => &mut m.id,
                        "properties" => {
                            m.properties = Some(map.next_value()?);
                            continue;
                        }
                        "geometry" => &mut m.geometry,
                        "bbox" => &mut m.bbox,
                        other => {
                            if let Some(i) = NOT_IN_FEATURE.iter().position(|k| *k == other) {
                                m.forbidden[i] = true;
                            }
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(map.next_value()?);
                }
                Ok(m)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// How many schema properties there are (see [`crate::load::SCHEMA_PROPERTIES`]).
const KNOWN: usize = 31;

/// The properties of a feature: each schema property's raw value, and the
/// others (`name:<lang>`, `description:<lang>`, and with `extras` any
/// other) in file order.
pub(crate) struct Props<'a> {
    known: [Option<&'a RawValue>; KNOWN],
    pub others: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> Props<'a> {
    pub fn empty() -> Self {
        Props {
            known: [None; KNOWN],
            others: Vec::new(),
        }
    }

    /// The raw value of a schema property.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.known[known_index(key)?]
    }

    /// Whether the schema property is present (even as `null`).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// The position of a schema property in [`crate::load::SCHEMA_PROPERTIES`]. A `match`,
/// which compiles to a comparison by length and then by bytes: a search of
/// the list was, by its string comparisons, about 6% of loading (every
/// property of every feature, and every property the loader reads, asks).
/// A test keeps it in step with the list.
fn known_index(key: &str) -> Option<usize> {
    Some(match key {
        "id" => 0,
        "name" => 1,
        "description" => 2,
        "place_type" => 3,
        "age_min" => 4,
        "age_max" => 5,
        "age_groups" => 6,
        "learning_areas" => 7,
        "audiences" => 8,
        "subjects" => 9,
        "delivery" => 10,
        "opening_hours" => 11,
        "opening_hours_note" => 12,
        "wheelchair" => 13,
        "languages" => 14,
        "fee" => 15,
        "fee_note" => 16,
        "addr:street" => 17,
        "addr:housenumber" => 18,
        "addr:postcode" => 19,
        "addr:city" => 20,
        "addr:suburb" => 21,
        "addr:district" => 22,
        "phone" => 23,
        "email" => 24,
        "website" => 25,
        "booking_url" => 26,
        "operator" => 27,
        "status" => 28,
        "last_verified" => 29,
        "source" => 30,
        _ => return None,
    })
}

/// Whether a property outside the schema list is kept: localized names and
/// descriptions always, anything else with `extras`.
fn kept(key: &str) -> bool {
    cfg!(feature = "extras") || key.starts_with("name:") || key.starts_with("description:")
}

impl<'de> Deserialize<'de> for Props<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Props<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Props<'de>, A::Error> {
                let mut p = Props::empty();
                while let Some(Key(key)) = map.next_key()? {
                    if let Some(i) = known_index(&key) {
                        p.known[i] = Some(map.next_value()?);
                    } else if kept(&key) {
                        let value: &RawValue = map.next_value()?;
                        match p.others.iter_mut().find(|(k, _)| *k == key) {
                            Some(slot) => slot.1 = value,
                            None => p.others.push((key, value)),
                        }
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(p)
            }
        }
        d.deserialize_map(V)
    }
}

/// What a raw JSON value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// The kind of a raw value (valid JSON), from its first character.
pub(crate) fn kind(raw: &RawValue) -> Kind {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'"') => Kind::String,
        Some(b'[') => Kind::Array,
        Some(b'{') => Kind::Object,
        Some(b'n') => Kind::Null,
        Some(b't' | b'f') => Kind::Bool,
        _ => Kind::Number,
    }
}

/// "a string", "an array"...: for messages.
pub(crate) fn kind_name(raw: &RawValue) -> &'static str {
    match kind(raw) {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

/// The string a raw value holds, if it is one (borrowed unless it has escapes).
pub(crate) fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let text = raw.get().trim();
    if !text.starts_with('"') {
        return None;
    }
    if !text.contains('\\') && text.len() >= 2 {
        return Some(Cow::Borrowed(&text[1..text.len() - 1]));
    }
    serde_json::from_str::<String>(text).ok().map(Cow::Owned)
}

/// The number a raw value holds, if it is one.
pub(crate) fn number(raw: &RawValue) -> Option<f64> {
    match kind(raw) {
        Kind::Number => raw.get().trim().parse().ok(),
        _ => None,
    }
}

/// The items of a raw array.
pub(crate) fn items(raw: &RawValue) -> Option<Vec<&RawValue>> {
    match kind(raw) {
        Kind::Array => serde_json::from_str(raw.get()).ok(),
        _ => None,
    }
}

/// A Point geometry with nothing else: `{"type": "Point", "coordinates":
/// [lon, lat]}` (or with an altitude), each member once. Everything else
/// is left to the full geometry check.
pub(crate) fn simple_point(raw: &RawValue) -> Option<[f64; 2]> {
    struct Point([f64; 2]);
    impl<'de> Deserialize<'de> for Point {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Point;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a Point")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Point, A::Error> {
                    use serde::de::Error;
                    let (mut is_point, mut at) = (None, None);
                    while let Some(Key(key)) = map.next_key()? {
                        match key.as_ref() {
                            "type" if is_point.is_none() => {
                                is_point = Some(map.next_value::<Key>()?.0 == "Point")
                            }
                            "coordinates" if at.is_none() => {
                                at = Some(map.next_value::<Coords>()?);
                            }
                            _ => return Err(A::Error::custom("not a simple Point")),
                        }
                    }
                    match (is_point, at) {
                        (Some(true), Some(Coords(Some(c)))) => Ok(Point(c)),
                        _ => Err(A::Error::custom("not a simple Point")),
                    }
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Point>(raw.get()).ok().map(|p| p.0)
}

/// A position of 2 or 3 numbers (`None` for any other array).
struct Coords(Option<[f64; 2]>);

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Coords;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a position")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Coords, A::Error> {
                let mut at = [0.0; 3];
                let mut n = 0;
                while let Some(x) = seq.next_element::<f64>()? {
                    if n == 3 {
                        return Ok(Coords(None));
                    }
                    at[n] = x;
                    n += 1;
                }
                Ok(Coords((n >= 2).then_some([at[0], at[1]])))
            }
        }
        d.deserialize_seq(V)
    }
}

/// The top level of a FeatureCollection read in one pass: its `features`
/// as raw items, when it is an array, and every other member raw. (Anything
/// else fails, and the loader reads the members one by one for its messages.)
pub(crate) struct TopLevel<'a> {
    pub members: std::collections::HashMap<String, &'a RawValue>,
    pub features: Option<Vec<&'a RawValue>>,
}

impl<'de> Deserialize<'de> for TopLevel<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TopLevel<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a FeatureCollection")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel<'de>, A::Error> {
                let mut top = TopLevel {
                    members: Default::default(),
                    features: None,
                };
                while let Some(Key(key)) = map.next_key()? {
                    if key == "features" {
                        top.members.remove("features");
                        top.features = Some(map.next_value()?);
                    } else {
                        top.members.insert(key.into_owned(), map.next_value()?);
                    }
                }
                Ok(top)
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SCHEMA_PROPERTIES;

    #[test]
    fn known_index_is_the_position_in_the_schema_list() {
        assert_eq!(SCHEMA_PROPERTIES.len(), KNOWN);
        for (i, key) in SCHEMA_PROPERTIES.iter().enumerate() {
            assert_eq!(known_index(key), Some(i), "{key}");
        }
        for other in ["", "Name", "name:de", "addr:", "ids", "fee_notes", "sourc"] {
            assert_eq!(known_index(other), None, "{other}");
        }
    }
}
