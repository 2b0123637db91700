//! The view's state in the page address, so that back works and a shared
//! link reproduces the view.
//!
//! Parsing is forgiving: unknown parameters and values are ignored, an age
//! or a zoom out of range is clamped, and a position off the Earth's range
//! of latitudes and longitudes is ignored, so a hand-edited or truncated
//! link still opens.

use learnmap_core::number::{decimal, fixed};
use learnmap_core::{AgeGroup, Audience, EnumSet, LearningArea, LonLat, PlaceType};

pub use learnmap_core::params::OpenWhen;
use learnmap_core::params::{parse_lang, FilterParams};

/// Whether the list or the map is in front (on phones).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The map, with results in a sheet.
    #[default]
    Map,
    /// The list of results.
    List,
}

/// What the list shows: places, or events and courses ("What's on").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    /// Learning spaces (the default).
    #[default]
    Places,
    /// Events and courses with a session in the `when=` window.
    Events,
}

/// Which days "What's on" looks at (`when=`), in the data's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// `when=today`: from now to the end of today.
    Today,
    /// `when=weekend`: this weekend (Saturday and Sunday; from now during it).
    Weekend,
    /// `when=week`: the next seven days (the default).
    Week,
    /// `when=YYYY-MM-DD..YYYY-MM-DD`: both days included.
    Dates(chrono::NaiveDate, chrono::NaiveDate),
}

impl When {
    /// The address's spelling.
    pub fn to_param(self) -> String {
        match self {
            When::Today => "today".into(),
            When::Weekend => "weekend".into(),
            When::Week => "week".into(),
            When::Dates(a, b) => format!("{}..{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        }
    }

    fn parse(value: &str) -> Option<When> {
        match value {
            "today" => Some(When::Today),
            "weekend" => Some(When::Weekend),
            "week" => Some(When::Week),
            range => {
                let (a, b) = range.split_once("..")?;
                let day = |s: &str| match learnmap_core::events::parse_local(s.trim()) {
                    Some(learnmap_core::events::DateOrTime::Date(d)) => Some(d),
                    _ => None,
                };
                let (a, b) = (day(a)?, day(b)?);
                // a range given backwards is the same days
                Some(When::Dates(a.min(b), a.max(b)))
            }
        }
    }

    /// The window `[from, to)` of local times for `now` (local, in the
    /// data's zone).
    ///
    /// ```
    /// use learnmap::url_state::When;
    /// let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap().and_hms_opt(15, 20, 0).unwrap(); // a Wednesday
    /// let (from, to) = When::Weekend.window(now);
    /// assert_eq!((from.to_string(), to.to_string()), ("2026-12-12 00:00:00".into(), "2026-12-14 00:00:00".into()));
    /// let (from, to) = When::Today.window(now);
    /// assert_eq!((from, to.to_string()), (now, "2026-12-10 00:00:00".into()));
    /// ```
    pub fn window(
        self,
        now: chrono::NaiveDateTime,
    ) -> (chrono::NaiveDateTime, chrono::NaiveDateTime) {
        use chrono::{Datelike, Duration, NaiveTime};
        let midnight = |d: chrono::NaiveDate| d.and_time(NaiveTime::MIN);
        let today = now.date();
        match self {
            When::Today => (now, midnight(today + Duration::days(1))),
            When::Week => (now, now + Duration::days(7)),
            When::Weekend => {
                let from_monday = i64::from(today.weekday().num_days_from_monday());
                let saturday = today + Duration::days(5 - from_monday);
                let monday = saturday + Duration::days(2);
                (now.max(midnight(saturday)), midnight(monday))
            }
            When::Dates(a, b) => (midnight(a), midnight(b + Duration::days(1))),
        }
    }
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
    /// `zoom=Z`: the map's zoom, 0–22 (the map then keeps it within its
    /// tiles' `max_zoom`, which `config.json` may set up to 22).
    pub zoom: Option<f64>,
    /// `view=list|map`.
    pub view: View,
    /// `lang=xx`: the interface language.
    pub lang: Option<String>,
    /// `show=events|places`: what the list shows.
    pub show: Show,
    /// `when=today|weekend|week|YYYY-MM-DD..YYYY-MM-DD`: the days of "What's on".
    pub when: Option<When>,
    /// `events=URL`: an events file (the same origin rules as `data=`).
    pub events: Option<String>,
    /// `event=ID`: the event whose details are open.
    pub event: Option<String>,
}

/// The deepest zoom a link may ask for: the deepest any configured map may
/// offer (bug: links were clamped to 19 while `tiles.max_zoom` may be 22).
pub const MAX_ZOOM: f64 = learnmap_core::config::MAX_TILE_ZOOM;

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
    /// assert_eq!(s.zoom, Some(22.0));
    /// assert_eq!(s.q, "code club");
    /// ```
    pub fn from_query(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut s = ViewState::default();
        let mut filter = FilterParams::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if filter.set(&key, &value) {
                continue;
            }
            let value = value.trim();
            match key.as_ref() {
                "at" => s.at = parse_lat_lon(value),
                "sel" => s.sel = (!value.is_empty()).then(|| value.chars().take(200).collect()),
                "event" => s.event = (!value.is_empty()).then(|| value.chars().take(200).collect()),
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
                "show" => {
                    s.show = match value {
                        "events" => Show::Events,
                        _ => Show::Places,
                    }
                }
                "when" => s.when = When::parse(value),
                "events" => {
                    s.events = (!value.is_empty()).then(|| value.chars().take(2000).collect())
                }
                _ => {}
            }
        }
        s.set_filter_params(filter);
        s
    }

    /// The filter parameters of the view (the core reads and writes them,
    /// for the map and the planners' page alike).
    pub fn filter_params(&self) -> FilterParams {
        FilterParams {
            age: self.age,
            ages: self.ages,
            areas: self.areas,
            audiences: self.audiences,
            types: self.types,
            unstated: self.unstated,
            open: self.open.clone(),
            free: self.free,
            wheelchair: self.wheelchair,
            speaks: self.speaks.clone(),
            q: self.q.clone(),
        }
    }

    fn set_filter_params(&mut self, f: FilterParams) {
        self.age = f.age;
        self.ages = f.ages;
        self.areas = f.areas;
        self.audiences = f.audiences;
        self.types = f.types;
        self.unstated = f.unstated;
        self.open = f.open;
        self.free = f.free;
        self.wheelchair = f.wheelchair;
        self.speaks = f.speaks;
        self.q = f.q;
    }

    /// Writes the state as a query string without the leading `?`, leaving
    /// out everything at its default, in a fixed parameter order.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(at) = self.at {
            out.append_pair("at", &fmt_coord(at));
        }
        for (key, value) in self.filter_params().pairs() {
            out.append_pair(key, &value);
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
        if self.show == Show::Events {
            out.append_pair("show", "events");
        }
        if let Some(when) = self.when {
            out.append_pair("when", &when.to_param());
        }
        if let Some(events) = &self.events {
            out.append_pair("events", events);
        }
        if let Some(event) = &self.event {
            out.append_pair("event", event);
        }
        // Commas need no escaping in a query; keep links readable (`area=digital,health`).
        out.finish().replace("%2C", ",")
    }

    /// During a festival (`today` one of its days), a map opened without
    /// saying what to show opens on "What's on" for the rest of the
    /// festival; an address (`query`, this state's) that names a view
    /// (`show=`), days, a place or an event keeps it.
    ///
    /// ```
    /// use learnmap::url_state::{Show, ViewState, When};
    /// use learnmap_core::config::parse_config;
    /// let (c, _) = parse_config(r#"{"festival": {"name": "Lernfest", "from": "2027-06-05", "to": "2027-06-06"}}"#);
    /// let festival = c.festival.unwrap();
    /// let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 6, d).unwrap();
    /// let mut v = ViewState::from_query("age=8");
    /// v.open_on_festival(&festival, day(5), "age=8");
    /// assert_eq!((v.show, v.when), (Show::Events, Some(When::Dates(day(5), day(6)))));
    /// let mut v = ViewState::from_query("show=places");
    /// v.open_on_festival(&festival, day(5), "show=places");
    /// assert_eq!(v.show, Show::Places);
    /// let mut v = ViewState::from_query("");
    /// v.open_on_festival(&festival, day(7), "");
    /// assert_eq!(v.show, Show::Places);
    /// ```
    pub fn open_on_festival(
        &mut self,
        festival: &learnmap_core::config::Festival,
        today: chrono::NaiveDate,
        query: &str,
    ) {
        let show_given = form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .any(|(k, _)| k == "show");
        if !festival.is_on(today)
            || show_given
            || self.when.is_some()
            || self.sel.is_some()
            || self.event.is_some()
        {
            return;
        }
        self.show = Show::Events;
        self.when = Some(When::Dates(today, festival.to));
    }

    /// Whether any filter is set (the "clear all" control shows then).
    pub fn has_filters(&self) -> bool {
        // `unstated=1` alone narrows nothing: it only widens an age filter
        let params = FilterParams {
            unstated: false,
            ..self.filter_params()
        };
        !params.is_empty()
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
            show: self.show,
            when: self.when,
            events: self.events.clone(),
            event: self.event.clone(),
            ..ViewState::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use learnmap_core::params::join_set;
    use learnmap_core::{Vocabulary, MAX_AGE};
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

    /// bug: `zoom=21` was clamped to 19, so a link could not show a map
    /// whose `config.json` allows zoom 22 as deep as it goes.
    #[test]
    fn links_keep_zooms_up_to_22() {
        assert_eq!(ViewState::from_query("zoom=21").zoom, Some(21.0));
        assert_eq!(ViewState::from_query("zoom=22").zoom, Some(22.0));
        assert_eq!(ViewState::from_query("zoom=23").zoom, Some(22.0));
        assert_eq!(ViewState::from_query("zoom=21").to_query(), "zoom=21");
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
    fn what_is_on_parameters() {
        let s =
            ViewState::from_query("show=events&when=2027-06-06..2027-06-05&events=data/x.geojson");
        assert_eq!(s.show, Show::Events);
        let d = |day| chrono::NaiveDate::from_ymd_opt(2027, 6, day).unwrap();
        assert_eq!(
            s.when,
            Some(When::Dates(d(5), d(6))),
            "a range given backwards"
        );
        assert_eq!(s.events.as_deref(), Some("data/x.geojson"));
        assert_eq!(
            s.to_query(),
            "show=events&when=2027-06-05..2027-06-06&events=data%2Fx.geojson"
        );
        for bad in [
            "when=tomorrow",
            "when=2027-02-30..2027-03-01",
            "when=2027-06-05",
        ] {
            assert_eq!(ViewState::from_query(bad).when, None, "{bad}");
        }
        assert_eq!(ViewState::from_query("show=bogus").show, Show::Places);
        // during the weekend, "this weekend" starts now
        let sunday = d(6).and_hms_opt(11, 0, 0).unwrap();
        assert_eq!(
            When::Weekend.window(sunday),
            (sunday, d(7).and_hms_opt(0, 0, 0).unwrap())
        );
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
                show: if rng.chance(0.5) {
                    Show::Events
                } else {
                    Show::Places
                },
                when: match rng.below(5) {
                    0 => None,
                    1 => Some(When::Today),
                    2 => Some(When::Weekend),
                    3 => Some(When::Week),
                    _ => Some(When::Dates(
                        chrono::NaiveDate::from_ymd_opt(2027, 6, 5).unwrap(),
                        chrono::NaiveDate::from_ymd_opt(2027, 6, 6).unwrap(),
                    )),
                },
                events: rng
                    .chance(0.5)
                    .then(|| "https://data.example/events.geojson?x=1&y=2".to_owned()),
                event: rng.chance(0.5).then(|| "fest 1/001&x".to_owned()),
            };
            let query = s.to_query();
            assert_eq!(ViewState::from_query(&query), s, "{query}");
        }
    }
}
