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
/// districts from `addr:suburb`, with their city when the data has places
/// in more than one), then the places by name, sorted. A name given to two
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
        if let Some(district) = text(space, "addr:suburb") {
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
}
