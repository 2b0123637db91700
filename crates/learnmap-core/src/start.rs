//! Starting points: where residents can say they are without sharing their
//! position (the browser refused it, or they would rather not): a postcode or
//! a district from the data's addresses, or a place by its name.

use crate::geo::median_centre;
use crate::model::{LearningSpace, LonLat};

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
/// places starts from the first of them in the data.
///
/// ```
/// let data = learnmap_core::load(r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.95, 53.57]},
///    "properties": {"id": "a", "name": "Lesecafé", "addr:postcode": "20257", "addr:city": "Hamburg", "addr:suburb": "Eimsbüttel"}},
///   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.97, 53.58]},
///    "properties": {"id": "b", "name": "Bücherhalle", "addr:postcode": "20257", "addr:city": "Hamburg", "addr:suburb": "Eimsbüttel"}}
/// ]}"#).unwrap();
/// let labels: Vec<String> = learnmap_core::starting_points(&data.spaces).into_iter().map(|p| p.label).collect();
/// assert_eq!(labels, ["20257 Hamburg", "Eimsbüttel", "Bücherhalle", "Lesecafé"]);
/// ```
pub fn starting_points(spaces: &[LearningSpace]) -> Vec<StartingPoint> {
    fn text<'a>(space: &'a LearningSpace, key: &str) -> Option<&'a str> {
        space.text(key).map(str::trim).filter(|t| !t.is_empty())
    }
    let first_city = spaces.iter().find_map(|s| text(s, "addr:city"));
    let one_city = spaces
        .iter()
        .all(|s| text(s, "addr:city").is_none_or(|c| Some(c) == first_city));
    // every (area, place) pair: a place is in its postcode's area and in its district
    let mut pairs: Vec<(String, usize)> = Vec::new();
    for (i, space) in spaces.iter().enumerate() {
        let city = text(space, "addr:city").unwrap_or("");
        if let Some(postcode) = text(space, "addr:postcode") {
            pairs.push((format!("{postcode} {city}").trim_end().to_owned(), i));
        }
        // data with districts rather than suburbs (a country's schools, say)
        if let Some(district) = text(space, "addr:suburb").or_else(|| text(space, "addr:district"))
        {
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
    let mut names: Vec<String> = spaces.iter().map(|s| s.name.clone()).collect();
    names.sort_unstable();
    names.dedup();
    // the first place of each name in the data's order
    let mut first = vec![0; names.len()];
    for (i, space) in spaces.iter().enumerate().rev() {
        if let Ok(k) = names.binary_search(&space.name) {
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
/// let points = learnmap_core::StartingPoints::new(&data.spaces);
/// let offered: Vec<&str> = points.matching("eimsbu", 10).map(|p| p.label.as_str()).collect();
/// assert_eq!(offered, ["Eimsbüttel"]);
/// assert_eq!(points.matching("", 2).count(), 2);
/// assert!(points.find("Lesecafé").is_some());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartingPoints {
    points: Vec<StartingPoint>,
    /// Each label folded for matching ([`crate::text::fold`]).
    folded: Vec<String>,
}

impl StartingPoints {
    /// The data's starting points, in the order of [`starting_points`].
    pub fn new(spaces: &[LearningSpace]) -> Self {
        let points = starting_points(spaces);
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
        starting_points(&crate::load(&text).unwrap().spaces)
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
        assert!(starting_points(&[]).is_empty());
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
        let points = StartingPoints::new(&crate::load(&text).unwrap().spaces);
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
