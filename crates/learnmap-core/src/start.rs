//! Starting points: where residents can say they are without sharing their
//! position (the browser refused it, or they would rather not): a postcode or
//! a district from the data's addresses, or a place by its name.

use crate::geo::median_centre;
use crate::model::{LearningSpace, LonLat, Text};

/// One starting point a resident can pick.
#[derive(Clone, Debug, PartialEq)]
pub struct StartingPoint {
    /// What the resident picks: `20257 Hamburg`, `Eimsbüttel`, or a place's name.
    pub label: String,
    /// Where distances are then measured from: the middle (median) of an
    /// area's places, or the place itself.
    pub position: LonLat,
}

/// The starting points the data offers, each label once: first the areas,
/// sorted (postcodes, with their city when the data gives one, and
/// districts from `addr:suburb`, else `addr:district`, with their city when
/// the data has places in more than one), then the places by name, sorted. A name given to two
/// places starts from the first of them in the data. Places are named in
/// `lang`, the interface language, when the data has their `name:<lang>`,
/// as the results list names them.
///
/// ```
/// let data = learnmap_core::load(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.95, 53.57]},
///    "properties": {"id": "a", "name": "Lesecafé", "addr:postcode": "20257", "addr:city": "Hamburg", "addr:suburb": "Eimsbüttel"}},
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.97, 53.58]},
///    "properties": {"id": "b", "name": "Bücherhalle", "addr:postcode": "20257", "addr:city": "Hamburg", "addr:suburb": "Eimsbüttel"}}
/// ]}"#).unwrap();
/// let labels: Vec<String> = learnmap_core::starting_points(&data.spaces, "en").into_iter().map(|p| p.label).collect();
/// assert_eq!(labels, ["20257 Hamburg", "Eimsbüttel", "Bücherhalle", "Lesecafé"]);
/// ```
pub fn starting_points(spaces: &[LearningSpace], lang: &str) -> Vec<StartingPoint> {
    fn text(space: &LearningSpace, key: Text) -> Option<&str> {
        space.text(key).map(str::trim).filter(|t| !t.is_empty())
    }
    let first_city = spaces.iter().find_map(|s| text(s, Text::City));
    let one_city = spaces
        .iter()
        .all(|s| text(s, Text::City).is_none_or(|c| Some(c) == first_city));
    // every (area, place) pair: a place is in its postcode's area and in its district
    let mut pairs: Vec<(String, usize)> = Vec::new();
    for (i, space) in spaces.iter().enumerate() {
        let city = text(space, Text::City).unwrap_or("");
        if let Some(postcode) = text(space, Text::Postcode) {
            pairs.push((format!("{postcode} {city}").trim_end().to_owned(), i));
        }
        // data with districts rather than suburbs (a country's schools, say)
        if let Some(district) = text(space, Text::Suburb).or_else(|| text(space, Text::District)) {
            let label = if one_city || city.is_empty() {
                district.to_owned()
            } else {
                format!("{district}, {city}")
            };
            pairs.push((label, i));
        }
    }
    // Labels are sorted as plain strings and places grouped by `u64` keys,
    // sorts the app has anyway: a sort of another element type would be
    // another copy of the standard library's sort in its download.
    let mut areas: Vec<String> = pairs.iter().map(|(label, _)| label.clone()).collect();
    areas.sort_unstable();
    areas.dedup();
    let mut keys: Vec<u64> = pairs
        .iter()
        .filter_map(|(label, i)| Some((areas.binary_search(label).ok()? as u64) << 32 | *i as u64))
        .collect();
    crate::sort::u64s(&mut keys);
    let mut out: Vec<StartingPoint> = Vec::new();
    let mut points: Vec<LonLat> = Vec::new();
    for (n, key) in keys.iter().enumerate() {
        points.push(spaces[(key & 0xffff_ffff) as usize].position);
        let area = (key >> 32) as usize;
        if keys
            .get(n + 1)
            .is_none_or(|next| (next >> 32) as usize != area)
        {
            if let Some(position) = median_centre(&points) {
                out.push(StartingPoint {
                    label: areas[area].clone(),
                    position,
                });
            }
            points.clear();
        }
    }
    let named: Vec<&str> = spaces.iter().map(|s| s.name_in(lang)).collect();
    let mut names: Vec<String> = named.iter().map(|&n| n.to_owned()).collect();
    names.sort_unstable();
    names.dedup();
    // the first place of each name in the data's order
    let mut first = vec![0; names.len()];
    for (i, name) in named.iter().enumerate().rev() {
        if let Ok(k) = names.binary_search_by(|n| n.as_str().cmp(name)) {
            first[k] = i;
        }
    }
    for (name, i) in names.into_iter().zip(first) {
        // an area of the same name is offered instead
        if areas.binary_search(&name).is_err() {
            out.push(StartingPoint {
                label: name,
                position: spaces[i].position,
            });
        }
    }
    out
}

/// The starting points of a data set, offered as the resident types: with
/// thousands of places, listing every one at once held the page for a second
/// on a phone (bug), so only those matching what is typed are offered.
///
/// ```
/// let data = learnmap_core::load(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.95, 53.57]},
///    "properties": {"id": "a", "name": "Lesecafé", "addr:postcode": "20257", "addr:suburb": "Eimsbüttel"}},
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.97, 53.58]},
///    "properties": {"id": "b", "name": "Bücherhalle", "addr:suburb": "Altona"}}
/// ]}"#).unwrap();
/// let points = learnmap_core::StartingPoints::new(&data.spaces, "en");
/// let offered: Vec<&str> = points.matching("eimsbu", 10).map(|p| p.label.as_str()).collect();
/// assert_eq!(offered, ["Eimsbüttel"]);
/// assert_eq!(points.matching("", 2).count(), 2);
/// assert!(points.find("Lesecafé").is_some());
/// // what is typed and entered: the exact label, else the first starting with it, else containing it
/// assert_eq!(points.best("202").unwrap().label, "20257");
/// assert_eq!(points.best("buecher"), None);
/// assert_eq!(points.best(" bücher").unwrap().label, "Bücherhalle");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartingPoints {
    points: Vec<StartingPoint>,
    /// Each label folded for matching ([`crate::text::fold`]).
    folded: Vec<String>,
}

impl StartingPoints {
    /// The data's starting points, in the order of [`starting_points`],
    /// places named in `lang`.
    pub fn new(spaces: &[LearningSpace], lang: &str) -> Self {
        let points = starting_points(spaces, lang);
        let folded = points.iter().map(|p| crate::text::fold(&p.label)).collect();
        StartingPoints { points, folded }
    }

    /// The first `limit` points whose label contains `typed`, ignoring case,
    /// accents and the spaces around it; all points match nothing typed.
    pub fn matching(&self, typed: &str, limit: usize) -> impl Iterator<Item = &StartingPoint> {
        let typed = crate::text::fold(typed.trim());
        self.points
            .iter()
            .zip(&self.folded)
            .filter(move |(_, folded)| folded.contains(&typed))
            .map(|(point, _)| point)
            .take(limit)
    }

    /// The point with exactly this label (the spaces around it aside).
    pub fn find(&self, label: &str) -> Option<&StartingPoint> {
        let label = label.trim();
        self.points.iter().find(|p| p.label == label)
    }

    /// The point a resident means by what they typed and entered without
    /// picking a suggestion: the one with exactly this label, else the
    /// first whose label starts with it, else the first containing it
    /// (ignoring case, accents and the spaces around it), so that "20148"
    /// finds "20148 Hamburg" and "altona" finds "Altona" (bug: Enter did
    /// nothing unless the text was a whole label). `None` when nothing
    /// matches or nothing is typed.
    pub fn best(&self, typed: &str) -> Option<&StartingPoint> {
        let typed = typed.trim();
        if typed.is_empty() {
            return None;
        }
        if let Some(exact) = self.find(typed) {
            return Some(exact);
        }
        let folded = crate::text::fold(typed);
        let with = |test: &dyn Fn(&str) -> bool| {
            self.points
                .iter()
                .zip(&self.folded)
                .find(|(_, f)| test(f))
                .map(|(p, _)| p)
        };
        with(&|f| f == folded)
            .or_else(|| with(&|f| f.starts_with(&folded)))
            .or_else(|| with(&|f| f.contains(&folded)))
    }

    /// How many points there are.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(name: &str, lon: f64, lat: f64, props: &[(&str, &str)]) -> String {
        let mut properties = serde_json::Map::new();
        properties.insert("id".into(), format!("{name}-{lon}-{lat}").into());
        properties.insert("name".into(), name.into());
        for (k, v) in props {
            properties.insert((*k).into(), (*v).into());
        }
        serde_json::json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties})
            .to_string()
    }

    fn points(features: &[String]) -> Vec<StartingPoint> {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        starting_points(&crate::load(&text).unwrap().spaces, "en")
    }

    #[test]
    fn an_area_is_measured_from_the_median_of_its_places() {
        let p = points(&[
            space("A", 10.0, 53.0, &[("addr:postcode", "20257")]),
            space("B", 10.2, 53.2, &[("addr:postcode", "20257")]),
            // far away, with a typo in its position: the median ignores it
            space("C", 100.0, 5.0, &[("addr:postcode", "20257")]),
        ]);
        assert_eq!(p[0].label, "20257");
        assert_eq!(
            p[0].position,
            LonLat {
                lon: 10.2,
                lat: 53.0
            }
        );
    }

    #[test]
    fn districts_name_their_city_when_the_data_has_several() {
        let p = points(&[
            space(
                "A",
                10.0,
                53.0,
                &[("addr:suburb", "Altstadt"), ("addr:city", "Hamburg")],
            ),
            space(
                "B",
                13.4,
                52.5,
                &[("addr:suburb", "Altstadt"), ("addr:city", "Berlin")],
            ),
            space(
                "C",
                10.1,
                53.1,
                &[("addr:suburb", "Eimsbüttel"), ("addr:city", "Hamburg")],
            ),
        ]);
        let labels: Vec<&str> = p.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Altstadt, Berlin",
                "Altstadt, Hamburg",
                "Eimsbüttel, Hamburg",
                "A",
                "B",
                "C"
            ]
        );
        assert_eq!(
            p[0].position,
            LonLat {
                lon: 13.4,
                lat: 52.5
            }
        );
    }

    #[test]
    fn each_label_once_areas_first() {
        let p = points(&[
            // a place named like a district: the district is offered, once
            space("Eimsbüttel", 10.0, 53.0, &[("addr:suburb", "Eimsbüttel")]),
            space("Twin", 10.1, 53.1, &[("addr:postcode", " ")]),
            space("Twin", 10.3, 53.3, &[]),
        ]);
        let labels: Vec<&str> = p.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["Eimsbüttel", "Twin"]);
        // the first place of a name, in the data's order
        assert_eq!(
            p[1].position,
            LonLat {
                lon: 10.1,
                lat: 53.1
            }
        );
    }

    #[test]
    fn no_places_no_starting_points() {
        assert!(starting_points(&[], "en").is_empty());
    }

    #[test]
    fn entered_text_finds_the_label_it_starts_or_is_part_of() {
        // bug: a postcode or district typed and entered without picking a
        // suggestion ("20148", "altona") did nothing
        let features = [
            space(
                "Bücherhalle Altona",
                9.93,
                53.55,
                &[
                    ("addr:postcode", "22765"),
                    ("addr:city", "Hamburg"),
                    ("addr:suburb", "Altona-Altstadt"),
                ],
            ),
            space(
                "Lesecafé",
                9.96,
                53.58,
                &[
                    ("addr:postcode", "20148"),
                    ("addr:city", "Hamburg"),
                    ("addr:suburb", "Rotherbaum"),
                ],
            ),
        ];
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let points = StartingPoints::new(&crate::load(&text).unwrap().spaces, "en");
        let best = |typed: &str| points.best(typed).map(|p| p.label.as_str());
        assert_eq!(best("20148"), Some("20148 Hamburg"));
        assert_eq!(best(" altona "), Some("Altona-Altstadt"));
        assert_eq!(best("ROTHERBAUM"), Some("Rotherbaum"));
        assert_eq!(best("lesecafe"), Some("Lesecafé"));
        assert_eq!(best("cafe"), Some("Lesecafé"));
        assert_eq!(best("Lesecafé"), Some("Lesecafé"));
        assert_eq!(best("Bergedorf"), None);
        assert_eq!(best("  "), None);
    }

    #[test]
    fn places_are_named_in_the_interface_language() {
        // bug: the starting points offered the places' German names while the
        // results listed their English ones
        let features = [space(
            "Stadtteilschule",
            9.95,
            53.57,
            &[("name:en", "District school")],
        )];
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let spaces = crate::load(&text).unwrap().spaces;
        let labels = |lang: &str| -> Vec<String> {
            starting_points(&spaces, lang)
                .into_iter()
                .map(|p| p.label)
                .collect()
        };
        assert_eq!(labels("en"), ["District school"]);
        assert_eq!(labels("de"), ["Stadtteilschule"]);
    }

    #[test]
    fn offered_as_typed_in_order_and_at_most_the_limit() {
        let mut features = vec![
            space(
                "Bücherhalle Eimsbüttel",
                9.95,
                53.57,
                &[("addr:suburb", "Eimsbüttel")],
            ),
            space("Lesecafé", 9.96, 53.58, &[("addr:postcode", "20257")]),
        ];
        for i in 0..120 {
            features.push(space(
                &format!("Schule {i:03}"),
                10.0 + f64::from(i) / 1000.0,
                53.5,
                &[],
            ));
        }
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let points = StartingPoints::new(&crate::load(&text).unwrap().spaces, "en");
        assert_eq!(points.len(), 2 + 2 + 120);
        let labels = |typed: &str, limit: usize| -> Vec<String> {
            points
                .matching(typed, limit)
                .map(|p| p.label.clone())
                .collect()
        };
        // areas first, as starting_points orders them
        assert_eq!(
            labels("", 3),
            ["20257", "Eimsbüttel", "Bücherhalle Eimsbüttel"]
        );
        // case, accents and surrounding spaces do not matter
        assert_eq!(
            labels("  EIMSBUTTEL ", 10),
            ["Eimsbüttel", "Bücherhalle Eimsbüttel"]
        );
        assert_eq!(labels("schule", 50).len(), 50);
        assert_eq!(
            labels("schule 11", 50),
            (110..120)
                .map(|i| format!("Schule {i:03}"))
                .collect::<Vec<_>>()
        );
        assert!(labels("nowhere", 50).is_empty());
        assert_eq!(
            points.find(" Lesecafé ").map(|p| p.position.lon),
            Some(9.96)
        );
        assert!(
            points.find("lesecafe").is_none(),
            "a pick is the exact label"
        );
    }

    #[test]
    fn districts_from_addr_district_where_there_is_no_suburb() {
        let labels: Vec<String> = points(&[
            space("A", 36.80, -1.28, &[("addr:district", "Nairobi")]),
            space("B", 36.90, -1.30, &[("addr:district", "Nairobi")]),
            space("C", 34.75, -0.10, &[("addr:district", "Kisumu")]),
            // a suburb wins over a district
            space(
                "D",
                36.85,
                -1.29,
                &[("addr:suburb", "Westlands"), ("addr:district", "Nairobi")],
            ),
        ])
        .into_iter()
        .map(|p| p.label)
        .collect();
        assert_eq!(
            labels,
            ["Kisumu", "Nairobi", "Westlands", "A", "B", "C", "D"]
        );
    }
}
