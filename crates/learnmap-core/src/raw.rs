//! Reading a feature straight from its JSON text: its members and
//! properties as raw values (slices of the file, no copy, no
//! `serde_json::Value`), each read into the typed model by the loader.
//! A repeated key keeps its last value, as `serde_json` does (the scanner
//! reports the repetition).

use serde::de::{Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
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

/// The members of a Feature object that the loader reads; `properties`
/// raw, unless it was read into the caller's [`Props`] in the same pass
/// ([`read_members`]).
pub(crate) struct Members<'a> {
    pub kind: Option<&'a RawValue>,
    pub id: Option<&'a RawValue>,
    /// `properties` as written, when it was not read into [`Props`].
    pub properties: Option<&'a RawValue>,
    /// Whether `properties` was read into the caller's [`Props`].
    pub read_properties: bool,
    pub geometry: Option<&'a RawValue>,
    pub bbox: Option<&'a RawValue>,
    /// Which of [`NOT_IN_FEATURE`] it has.
    pub forbidden: [bool; 3],
}

/// Reads a feature's members from its text; with `props`, its
/// `properties` too, in the same pass, into that (reused, so that the
/// large [`Props`] is never moved). That fails for properties that are no
/// object, and the caller then reads the feature without `props`.
pub(crate) fn read_members<'a>(
    text: &'a str,
    props: Option<&mut Props<'a>>,
) -> Result<Members<'a>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let members = MembersSeed(props).deserialize(&mut de)?;
    de.end()?;
    Ok(members)
}

struct MembersSeed<'s, 'a>(Option<&'s mut Props<'a>>);

impl<'de> DeserializeSeed<'de> for MembersSeed<'_, 'de> {
    type Value = Members<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Members<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MembersSeed<'_, 'de> {
    type Value = Members<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Feature object")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Members<'de>, A::Error> {
        let mut m = Members {
            kind: None,
            id: None,
            properties: None,
            read_properties: false,
            geometry: None,
            bbox: None,
            forbidden: [false; 3],
        };
        while let Some(Key(key)) = map.next_key()? {
            let slot = match key.as_ref() {
                "type" => &mut m.kind,
                "id" => &mut m.id,
                "properties" => {
                    if let Some(props) = self.0.as_deref_mut() {
                        // a repeated `properties`: the last one counts, whole
                        props.clear();
                        map.next_value_seed(PropsSeed(props))?;
                        m.read_properties = true;
                        continue;
                    }
                    &mut m.properties
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

    /// Empties it for another feature (keeping its allocation).
    pub fn clear(&mut self) {
        self.known = [None; KNOWN];
        self.others.clear();
    }

    /// The raw value of a schema property.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.known[known_index(key)?]
    }

    /// The raw value of the schema property at this place of
    /// [`crate::load::SCHEMA_PROPERTIES`] (as [`known_index`] gives it):
    /// for a loop over keys, which looks each one up once.
    pub fn at(&self, index: usize) -> Option<&'a RawValue> {
        self.known.get(index).copied().flatten()
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
#[inline]
pub(crate) fn known_index(key: &str) -> Option<usize> {
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

/// Reads a `properties` object from its text into `props` (emptied by the caller).
pub(crate) fn read_props<'a>(
    text: &'a str,
    props: &mut Props<'a>,
) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    PropsSeed(props).deserialize(&mut de)?;
    de.end()
}

/// Reads properties into a [`Props`] (emptied by the caller).
struct PropsSeed<'s, 'a>(&'s mut Props<'a>);

impl<'de> DeserializeSeed<'de> for PropsSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PropsSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let p = self.0;
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
        Ok(())
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
/// (`serde_json` gives a raw value without the white space around it, so
/// the loader never trims one: a test holds it to that.)
pub(crate) fn kind(raw: &RawValue) -> Kind {
    match raw.get().as_bytes().first() {
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
    let text = raw.get();
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
        Kind::Number => raw.get().parse().ok(),
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

    /// The readers take a raw value's first byte for its kind and its
    /// quotes for a string's ends, untrimmed: that holds only while
    /// `serde_json` leaves the white space around a value out of it.
    #[test]
    fn raw_values_come_without_the_white_space_around_them() {
        let text = "{ \"a\" :\n\t \"x\" \r\n, \"b\":  [ 1 ] , \"c\" : 2.5 \n}";
        let members: std::collections::HashMap<String, &RawValue> =
            serde_json::from_str(text).unwrap();
        assert_eq!(members["a"].get(), "\"x\"");
        assert_eq!(members["b"].get(), "[ 1 ]");
        assert_eq!(members["c"].get(), "2.5");
        assert_eq!(number(members["c"]), Some(2.5));
        assert_eq!(string(members["a"]).as_deref(), Some("x"));
        let text = "{ \"name\" :\n\t \"x\" \r\n, \"age_min\":  7 \n}";
        let mut props = Props::empty();
        read_props(text, &mut props).unwrap();
        assert_eq!(props.get("name").map(RawValue::get), Some("\"x\""));
        assert_eq!(props.get("age_min").map(RawValue::get), Some("7"));
        let lone: &RawValue = serde_json::from_str(" \n \"x\"  \n").unwrap();
        assert_eq!(lone.get(), "\"x\"");
    }

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
