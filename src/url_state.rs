//! The view's state in the page address, so that back works and a shared
//! link reproduces the view.
//!
//! Parsing is forgiving: unknown parameters and values are ignored, an age
//! or a zoom out of range is clamped, and a position off the Earth's range
//! of latitudes and longitudes is ignored, so a hand-edited or truncated
//! link still opens.

use learnmap_core::number::{decimal, fixed};
use learnmap_core::{
    AgeGroup, Audience, EnumSet, LearningArea, LonLat, PlaceType, Vocabulary, MAX_AGE,
};

/// When the "open" filter applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenWhen {
    /// Open at the moment of viewing.
    Now,
    /// Open at a local date and time, `YYYY-MM-DDTHH:MM`.
    At(String),
}

/// Whether the list or the map is in front (on phones).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The map, with results in a sheet.
    #[default]
    Map,
    /// The list of results.
    List,
}

/// Everything about the view that a link carries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewState {
    /// `at=LAT,LON`: where the user is (or chose to be).
    pub at: Option<LonLat>,
    /// `age=N`: an exact age.
    pub age: Option<u8>,
    /// `ages=children,seniors`: age groups.
    pub ages: EnumSet<AgeGroup>,
    /// `unstated=1`: with an age filter, also the places that do not say
    /// which ages they serve (kept apart otherwise).
    pub unstated: bool,
    /// `area=digital,health`: learning areas (any of).
    pub areas: EnumSet<LearningArea>,
    /// `for=newcomers`: audiences.
    pub audiences: EnumSet<Audience>,
    /// `type=library`: place types.
    pub types: EnumSet<PlaceType>,
    /// `open=now` or `open=YYYY-MM-DDTHH:MM`.
    pub open: Option<OpenWhen>,
    /// `free=1`.
    pub free: bool,
    /// `wheelchair=1`.
    pub wheelchair: bool,
    /// `speaks=fr`: a language offered.
    pub speaks: Option<String>,
    /// `q=text`: text search.
    pub q: String,
    /// `sel=ID`: the selected place.
    pub sel: Option<String>,
    /// `center=LAT,LON`: the map's centre.
    pub center: Option<LonLat>,
    /// `zoom=Z`: the map's zoom, 0–19.
    pub zoom: Option<f64>,
    /// `view=list|map`.
    pub view: View,
    /// `lang=xx`: the interface language.
    pub lang: Option<String>,
}

/// The highest zoom the map offers.
pub const MAX_ZOOM: f64 = 19.0;

/// A position `LAT,LON`; none when either is off the Earth's range (bug:
/// `at=999,999` was clamped to the pole, and the results measured from it
/// read "4039 km": a position that is no place is better ignored, so the
/// data's centre applies).
fn parse_lat_lon(value: &str) -> Option<LonLat> {
    let (lat, lon) = value.split_once(',')?;
    let lat = decimal(lat.trim())?;
    let lon = decimal(lon.trim())?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        .then_some(LonLat { lat, lon })
}

fn parse_set<T: Vocabulary>(value: &str, set: &mut EnumSet<T>) {
    for item in value.split(',') {
        if let Some(v) = T::parse(item.trim()) {
            set.insert(v);
        }
    }
}

fn join_set<T: Vocabulary>(set: &EnumSet<T>) -> String {
    set.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(",")
}

/// `YYYY-MM-DDTHH:MM` with plausible numbers.
fn is_local_datetime(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 16
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 => *c == b':',
            _ => c.is_ascii_digit(),
        })
        && (1..=12).contains(&value[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&value[8..10].parse::<u8>().unwrap_or(0))
        && value[11..13].parse::<u8>().unwrap_or(99) < 24
        && value[14..16].parse::<u8>().unwrap_or(99) < 60
}

/// A short language tag (`en`, `pt-BR`), lower-cased primary subtag.
fn parse_lang(value: &str) -> Option<String> {
    let value = value.trim();
    let ok = (2..=12).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && value
            .chars()
            .take_while(|c| *c != '-')
            .all(|c| c.is_ascii_alphabetic());
    ok.then(|| value.to_owned())
}

fn fmt_coord(p: LonLat) -> String {
    // 6 decimals: about 10 cm, plenty for a link
    format!("{},{}", trim_float(p.lat, 6), trim_float(p.lon, 6))
}

fn trim_float(v: f64, decimals: u32) -> String {
    // `fixed` writes no sign on a zero, so no "-0" is left
    let s = fixed(v, decimals);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl ViewState {
    /// Reads the state from a query string (with or without the leading `?`).
    ///
    /// ```
    /// use learnmap::url_state::{ViewState, OpenWhen};
    /// let s = ViewState::from_query("?age=8&area=digital,bogus&open=now&zoom=99&q=code%20club");
    /// assert_eq!(s.age, Some(8));
    /// assert_eq!(s.areas.len(), 1);
    /// assert_eq!(s.open, Some(OpenWhen::Now));
    /// assert_eq!(s.zoom, Some(19.0));
    /// assert_eq!(s.q, "code club");
    /// ```
    pub fn from_query(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut s = ViewState::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match key.as_ref() {
                "at" => s.at = parse_lat_lon(value),
                "age" => {
                    s.age = decimal(value)
                        .filter(|a| a.is_finite())
                        .map(|a| a.clamp(0.0, f64::from(MAX_AGE)) as u8)
                }
                "ages" => parse_set(value, &mut s.ages),
                "area" => parse_set(value, &mut s.areas),
                "for" => parse_set(value, &mut s.audiences),
                "type" => parse_set(value, &mut s.types),
                "open" => {
                    s.open = match value {
                        "now" => Some(OpenWhen::Now),
                        v if is_local_datetime(v) => Some(OpenWhen::At(v.to_owned())),
                        _ => None,
                    }
                }
                "free" => s.free = value == "1",
                "unstated" => s.unstated = value == "1",
                "wheelchair" => s.wheelchair = value == "1",
                "speaks" => s.speaks = parse_lang(value),
                "q" => s.q = value.chars().take(200).collect(),
                "sel" => s.sel = (!value.is_empty()).then(|| value.chars().take(200).collect()),
                "center" => s.center = parse_lat_lon(value),
                "zoom" => {
                    s.zoom = decimal(value)
                        .filter(|z| z.is_finite())
                        .map(|z| z.clamp(0.0, MAX_ZOOM))
                }
                "view" => {
                    s.view = match value {
                        "list" => View::List,
                        _ => View::Map,
                    }
                }
                "lang" => s.lang = parse_lang(value),
                _ => {}
            }
        }
        s
    }

    /// Writes the state as a query string without the leading `?`, leaving
    /// out everything at its default, in a fixed parameter order.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(at) = self.at {
            out.append_pair("at", &fmt_coord(at));
        }
        if let Some(age) = self.age {
            out.append_pair("age", &age.to_string());
        }
        for (key, value) in [
            ("ages", join_set(&self.ages)),
            ("area", join_set(&self.areas)),
            ("for", join_set(&self.audiences)),
            ("type", join_set(&self.types)),
        ] {
            if !value.is_empty() {
                out.append_pair(key, &value);
            }
        }
        if self.unstated {
            out.append_pair("unstated", "1");
        }
        match &self.open {
            Some(OpenWhen::Now) => {
                out.append_pair("open", "now");
            }
            Some(OpenWhen::At(when)) => {
                out.append_pair("open", when);
            }
            None => {}
        }
        if self.free {
            out.append_pair("free", "1");
        }
        if self.wheelchair {
            out.append_pair("wheelchair", "1");
        }
        if let Some(lang) = &self.speaks {
            out.append_pair("speaks", lang);
        }
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if let Some(sel) = &self.sel {
            out.append_pair("sel", sel);
        }
        if let Some(center) = self.center {
            out.append_pair("center", &fmt_coord(center));
        }
        if let Some(zoom) = self.zoom {
            out.append_pair("zoom", &trim_float(zoom, 2));
        }
        if self.view == View::List {
            out.append_pair("view", "list");
        }
        if let Some(lang) = &self.lang {
            out.append_pair("lang", lang);
        }
        // Commas need no escaping in a query; keep links readable (`area=digital,health`).
        out.finish().replace("%2C", ",")
    }

    /// Whether any filter is set (the "clear all" control shows then).
    pub fn has_filters(&self) -> bool {
        self.age.is_some()
            || !self.ages.is_empty()
            || !self.areas.is_empty()
            || !self.audiences.is_empty()
            || !self.types.is_empty()
            || self.open.is_some()
            || self.free
            || self.wheelchair
            || self.speaks.is_some()
            || !self.q.is_empty()
    }

    /// The same view with every filter cleared (place, map and language kept).
    pub fn without_filters(&self) -> Self {
        ViewState {
            at: self.at,
            sel: self.sel.clone(),
            center: self.center,
            zoom: self.zoom,
            view: self.view,
            lang: self.lang.clone(),
            ..ViewState::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use learnmap_synth::Rng;

    #[test]
    fn reads_every_parameter() {
        let s = ViewState::from_query(
            "at=53.55,9.99&age=8&ages=children,seniors&area=digital,health&for=newcomers\
             &type=library&open=2026-11-23T10:30&free=1&wheelchair=1&speaks=fr&q=caf%C3%A9\
             &sel=hh-12&center=53.5,10&zoom=13&view=list&lang=ar",
        );
        assert_eq!(
            s.at,
            Some(LonLat {
                lat: 53.55,
                lon: 9.99
            })
        );
        assert_eq!(s.age, Some(8));
        assert_eq!(join_set(&s.ages), "children,seniors");
        assert_eq!(join_set(&s.areas), "health,digital");
        assert_eq!(join_set(&s.audiences), "newcomers");
        assert_eq!(join_set(&s.types), "library");
        assert_eq!(s.open, Some(OpenWhen::At("2026-11-23T10:30".into())));
        assert!(s.free && s.wheelchair);
        assert_eq!(s.speaks.as_deref(), Some("fr"));
        assert_eq!(s.q, "café");
        assert_eq!(s.sel.as_deref(), Some("hh-12"));
        assert_eq!(
            s.center,
            Some(LonLat {
                lat: 53.5,
                lon: 10.0
            })
        );
        assert_eq!(s.zoom, Some(13.0));
        assert_eq!(s.view, View::List);
        assert_eq!(s.lang.as_deref(), Some("ar"));
        assert!(s.has_filters());
    }

    #[test]
    fn ignores_unknown_and_clamps_out_of_range() {
        let s = ViewState::from_query(
            "evil=<script>&age=500&at=95,200&zoom=-3&open=tomorrow&speaks=<b>&type=castle&free=yes",
        );
        assert_eq!(s.age, Some(MAX_AGE));
        // bug: at=999,999 was clamped to the pole; a position off the Earth is ignored
        assert_eq!(s.at, None);
        assert_eq!(ViewState::from_query("center=999,999").center, None);
        assert_eq!(
            ViewState::from_query("at=-90,180").at,
            Some(LonLat {
                lat: -90.0,
                lon: 180.0
            })
        );
        assert_eq!(s.zoom, Some(0.0));
        assert_eq!(s.open, None);
        assert_eq!(s.speaks, None);
        assert!(s.types.is_empty());
        assert!(!s.free);
        assert_eq!(ViewState::from_query("at=NaN,inf&zoom=NaN").at, None);
        assert_eq!(ViewState::from_query("open=2026-13-01T10:00").open, None);
    }

    #[test]
    fn default_state_is_an_empty_query() {
        assert_eq!(ViewState::default().to_query(), "");
        assert_eq!(ViewState::from_query(""), ViewState::default());
        assert!(!ViewState::default().has_filters());
    }

    #[test]
    fn clearing_filters_keeps_place_map_and_language() {
        let s = ViewState::from_query("at=1,2&age=8&area=digital&sel=x&zoom=12&lang=de&q=a");
        let cleared = s.without_filters();
        assert!(!cleared.has_filters());
        assert_eq!(cleared.to_query(), "at=1,2&sel=x&zoom=12&lang=de");
    }

    fn random_set<T: Vocabulary>(rng: &mut Rng) -> EnumSet<T> {
        T::ALL.iter().copied().filter(|_| rng.chance(0.3)).collect()
    }

    #[test]
    fn round_trips_random_states() {
        let mut rng = Rng::new(42);
        let point = |rng: &mut Rng| LonLat {
            lat: (rng.range_f64(-90.0, 90.0) * 1e6).round() / 1e6,
            lon: (rng.range_f64(-180.0, 180.0) * 1e6).round() / 1e6,
        };
        for _ in 0..500 {
            let s = ViewState {
                at: rng.chance(0.5).then(|| point(&mut rng)),
                age: rng.chance(0.5).then(|| rng.range_u32(0, 120) as u8),
                ages: random_set(&mut rng),
                unstated: rng.chance(0.5),
                areas: random_set(&mut rng),
                audiences: random_set(&mut rng),
                types: random_set(&mut rng),
                open: match rng.below(3) {
                    0 => None,
                    1 => Some(OpenWhen::Now),
                    _ => Some(OpenWhen::At("2026-02-28T07:05".into())),
                },
                free: rng.chance(0.5),
                wheelchair: rng.chance(0.5),
                speaks: rng.chance(0.5).then(|| "pt-BR".to_owned()),
                q: if rng.chance(0.5) {
                    "Bücher, Café & Co =?#".to_owned()
                } else {
                    String::new()
                },
                sel: rng.chance(0.5).then(|| "id/with spaces&co".to_owned()),
                center: rng.chance(0.5).then(|| point(&mut rng)),
                zoom: rng.chance(0.5).then(|| rng.range_u32(0, 18) as f64 + 0.5),
                view: if rng.chance(0.5) {
                    View::List
                } else {
                    View::Map
                },
                lang: rng.chance(0.5).then(|| "ar".to_owned()),
            };
            let query = s.to_query();
            assert_eq!(ViewState::from_query(&query), s, "{query}");
        }
    }
}
