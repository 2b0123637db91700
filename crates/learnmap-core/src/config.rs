//! The site configuration: `config.json` beside the app's `index.html`.
//!
//! A city webmaster sets the data sources, the origins data may come from,
//! the start view, the map tiles, the theme, the default language, which
//! filters show, the city's own names for learning areas and where residents
//! report a data error. `public/config.schema.json` is its JSON Schema and
//! `docs/config.md` its guide.
//!
//! Reading is tolerant, like the data loader: every option is checked on its
//! own, a bad option is reported with its JSON pointer and left at its
//! default, and nothing else is lost.
//!
//! ```
//! use learnmap_core::config::{parse_config, FilterControl};
//! let (config, problems) = parse_config(r##"{
//!   "sources": [{"label": "City libraries", "url": "data/libraries.geojson"}],
//!   "zoom": 40,
//!   "theme": {"accent": "red"},
//!   "filters": ["age", "free"]
//! }"##);
//! assert_eq!(config.sources[0].label, "City libraries");
//! assert_eq!(config.zoom, Some(19.0)); // clamped to the tiles' max zoom
//! assert_eq!(config.accent, None); // only #rgb or #rrggbb
//! assert!(config.shows(FilterControl::Free) && !config.shows(FilterControl::Type));
//! assert_eq!(problems.iter().map(|p| p.pointer.as_str()).collect::<Vec<_>>(), ["/zoom", "/theme/accent"]);
//! ```

use crate::links::link_href;
use crate::number::shortest;
use crate::problem::pointer_token;
use crate::suggest::did_you_mean;
use crate::vocab::{LearningArea, Vocabulary};
use crate::LonLat;
use serde_json::{Map, Value};
use std::fmt;

/// The deepest zoom a configured map may offer (`tiles.max_zoom`, 0–22).
pub const MAX_TILE_ZOOM: f64 = 22.0;

/// The tile template used when the configuration names none.
pub const OSM_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// One source of learning spaces: a GeoJSON file and what to call it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSource {
    /// Shown to residents, e.g. "City libraries".
    pub label: String,
    /// The file's address, relative to the page or absolute.
    pub url: String,
    /// The IANA time zone of this source's places and events, when it is not
    /// the site's ([`SiteConfig::time_zone`]).
    pub time_zone: Option<String>,
}

/// The districts the planners' page (`planner.html`) measures coverage in:
/// a GeoJSON file of Polygons or MultiPolygons and which properties hold
/// each district's code, name and (optionally) population.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictsSource {
    /// The file's address, relative to the page or absolute.
    pub url: String,
    /// The property with the district's own code.
    pub id: String,
    /// The property with its name.
    pub name: String,
    /// The property with its population, if any.
    pub population: Option<String>,
}

/// A map's start view limits: the edges of the area it may show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    /// Southern edge, degrees.
    pub south: f64,
    /// Western edge, degrees.
    pub west: f64,
    /// Northern edge, degrees.
    pub north: f64,
    /// Eastern edge, degrees.
    pub east: f64,
}

impl Bounds {
    /// The point inside the bounds nearest to `p`.
    ///
    /// ```
    /// use learnmap_core::{config::Bounds, LonLat};
    /// let b = Bounds { south: 53.0, west: 9.0, north: 54.0, east: 11.0 };
    /// assert_eq!(b.clamp(LonLat { lon: 20.0, lat: 53.5 }), LonLat { lon: 11.0, lat: 53.5 });
    /// ```
    pub fn clamp(&self, p: LonLat) -> LonLat {
        LonLat {
            lon: p.lon.clamp(self.west, self.east),
            lat: p.lat.clamp(self.south, self.north),
        }
    }

    /// The middle of the bounds.
    pub fn centre(&self) -> LonLat {
        LonLat {
            lon: (self.west + self.east) / 2.0,
            lat: (self.south + self.north) / 2.0,
        }
    }
}

/// The map's background tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct Tiles {
    /// An `http(s)` template with `{z}`, `{x}` and `{y}` (and optionally `{s}`, `{r}`).
    pub url: String,
    /// Who to credit, as plain text.
    pub attribution: String,
    /// Where the credit links to (`http(s)` only), if anywhere.
    pub attribution_url: Option<String>,
    /// The highest zoom the tiles offer (0–22).
    pub max_zoom: f64,
}

impl Default for Tiles {
    fn default() -> Self {
        Tiles {
            url: OSM_TILES.to_owned(),
            attribution: "© OpenStreetMap contributors".to_owned(),
            attribution_url: Some("https://www.openstreetmap.org/copyright".to_owned()),
            max_zoom: 19.0,
        }
    }
}

impl Tiles {
    /// The tile server's origin (`https://host[:port]`), for the CSP's `img-src`.
    ///
    /// ```
    /// assert_eq!(learnmap_core::config::Tiles::default().origin(), "https://tile.openstreetmap.org");
    /// ```
    pub fn origin(&self) -> &str {
        origin_of(&self.url).unwrap_or("")
    }
}

/// In [`DataParameter::Only`], the page's own origin.
pub const SELF_ORIGIN: &str = "self";

/// What the `data=` address parameter may name (`"data_parameter"` in
/// `config.json`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DataParameter {
    /// `true` (the default): a file on the page's own origin or on one of
    /// `allowed_data_origins`.
    #[default]
    Allowed,
    /// `false`: `data=` is ignored and the configured sources are shown,
    /// so no other file can appear under the city's name.
    Off,
    /// A list: only files on these origins (`"self"` is the page's own).
    Only(Vec<String>),
}

macro_rules! filter_controls {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// A group of controls in the filter bar, named as in the page address.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum FilterControl {
            $(#[doc = $doc] $variant,)*
        }

        impl FilterControl {
            /// Every control, in the order the filter bar shows them.
            pub const ALL: &'static [FilterControl] = &[$(FilterControl::$variant,)*];

            /// The name used in `config.json` (the address parameter's name).
            pub fn name(self) -> &'static str {
                match self {
                    $(FilterControl::$variant => $name,)*
                }
            }
        }
    };
}

filter_controls! {
    Age = "age": "Age groups and an exact age (`age=`, `ages=`).",
    Area = "area": "Learning areas (`area=`).",
    For = "for": "Audiences (`for=`).",
    Type = "type": "Place types (`type=`).",
    Open = "open": "Open now (`open=`).",
    Free = "free": "Free of charge (`free=1`).",
    Wheelchair = "wheelchair": "Wheelchair accessible (`wheelchair=1`).",
    Speaks = "speaks": "Language offered (`speaks=`).",
    Q = "q": "Text search (`q=`).",
}

/// A problem with one option of the configuration; the option keeps its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// JSON pointer to the option, e.g. `/tiles/max_zoom` (empty for the whole file).
    pub pointer: String,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "config.json: {}", self.message)
        } else {
            write!(f, "config.json {}: {}", self.pointer, self.message)
        }
    }
}

/// What `config.json` says, with every option checked.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    /// The map's title, e.g. "Where to learn in Hamburg".
    pub title: Option<String>,
    /// The data sources; empty means the app's bundled demo data.
    pub sources: Vec<DataSource>,
    /// Events and courses (`data/README.md`, "Events and courses"), shown
    /// in "What's on"; each may name its own `time_zone`.
    pub events: Vec<DataSource>,
    /// Origins (`https://host[:port]`) besides the page's own from which
    /// data may load: the sources, and `data=` unless `data_parameter` says otherwise.
    pub allowed_data_origins: Vec<String>,
    /// What the `data=` address parameter may name.
    pub data_parameter: DataParameter,
    /// Where the map starts when the address names no centre.
    pub center: Option<LonLat>,
    /// The start zoom, 0 to the tiles' max zoom.
    pub zoom: Option<f64>,
    /// The area the map may show.
    pub bounds: Option<Bounds>,
    /// Background tiles.
    pub tiles: Tiles,
    /// The accent colour, `#rgb` or `#rrggbb`.
    pub accent: Option<String>,
    /// The city's logo: a relative or `https:` image address.
    pub logo: Option<String>,
    /// The interface language when the browser asks for none that the app has.
    pub language: Option<String>,
    /// The filter controls shown, in order.
    pub filters: Vec<FilterControl>,
    /// The city's own names for learning areas: `(area, language or "", label)`.
    pub area_labels: Vec<(LearningArea, String, String)>,
    /// Where residents report a data error: an `http(s):` or `mailto:`
    /// template in which `{id}` and `{name}` stand for the place.
    pub report_error: Option<String>,
    /// The planners' districts (`planner.html`), if configured.
    pub districts: Option<DistrictsSource>,
    /// The city's IANA time zone, e.g. `Europe/Berlin`: opening hours and
    /// events are local times there, wherever the resident is. `None`: the
    /// viewer's own time zone (the usual case when the map and its residents
    /// are in one city).
    pub time_zone: Option<String>,
    /// A learning festival: during its days the map opens on "What's on"
    /// with its banner, and prints its programme.
    pub festival: Option<Festival>,
}

/// A learning festival (`config.json` `festival`).
#[derive(Clone, Debug, PartialEq)]
pub struct Festival {
    /// Its name, e.g. "Lernfest 2027".
    pub name: String,
    /// Its first day, in the city's time.
    pub from: chrono::NaiveDate,
    /// Its last day (included).
    pub to: chrono::NaiveDate,
    /// The `festival` tag of its events; `None`: every event in its days.
    pub tag: Option<String>,
    /// Its own events file, besides the site's `events`.
    pub events: Option<DataSource>,
    /// The banner's text: `(language or "", text)`.
    pub banner: Vec<(String, String)>,
}

impl Festival {
    /// Whether `day` (in the city's time) is one of the festival's.
    pub fn is_on(&self, day: chrono::NaiveDate) -> bool {
        (self.from..=self.to).contains(&day)
    }

    /// The banner in `lang`, else the one for any language, else the name.
    ///
    /// ```
    /// use learnmap_core::config::parse_config;
    /// let (c, p) = parse_config(r#"{"festival": {"name": "Lernfest", "from": "2027-06-05", "to": "2027-06-06",
    ///   "tag": "lernfest-2027", "banner": {"en": "150 free events", "de": "150 kostenlose Angebote"}}}"#);
    /// assert!(p.is_empty(), "{p:?}");
    /// let f = c.festival.unwrap();
    /// assert_eq!(f.banner_in("de"), "150 kostenlose Angebote");
    /// assert_eq!(f.banner_in("fr"), "Lernfest");
    /// assert!(f.is_on(chrono::NaiveDate::from_ymd_opt(2027, 6, 6).unwrap()));
    /// ```
    pub fn banner_in(&self, lang: &str) -> &str {
        let find = |wanted: &str| {
            self.banner
                .iter()
                .find(|(l, _)| l == wanted)
                .map(|(_, t)| t.as_str())
        };
        find(lang).or_else(|| find("")).unwrap_or(&self.name)
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: None,
            sources: Vec::new(),
            events: Vec::new(),
            allowed_data_origins: Vec::new(),
            data_parameter: DataParameter::default(),
            center: None,
            zoom: None,
            bounds: None,
            tiles: Tiles::default(),
            accent: None,
            logo: None,
            language: None,
            filters: FilterControl::ALL.to_vec(),
            area_labels: Vec::new(),
            report_error: None,
            districts: None,
            time_zone: None,
            festival: None,
        }
    }
}

/// The options `config.json` knows, for "did you mean" and the schema test.
pub const CONFIG_OPTIONS: &[&str] = &[
    "$schema",
    "title",
    "sources",
    "events",
    "allowed_data_origins",
    "data_parameter",
    "center",
    "zoom",
    "bounds",
    "tiles",
    "theme",
    "language",
    "filters",
    "area_labels",
    "report_error",
    "districts",
    "time_zone",
    "festival",
];

impl SiteConfig {
    /// The time zone of a data source's places: its own `time_zone`, else the
    /// site's, else none (the viewer's).
    ///
    /// ```
    /// use learnmap_core::config::parse_config;
    /// let (c, p) = parse_config(r#"{"time_zone": "Europe/Berlin", "sources": [
    ///   {"label": "Libraries", "url": "a.geojson"},
    ///   {"label": "Lisbon", "url": "b.geojson", "time_zone": "Europe/Lisbon"}]}"#);
    /// assert!(p.is_empty(), "{p:?}");
    /// assert_eq!(c.zone_of(&c.sources[0]), Some("Europe/Berlin"));
    /// assert_eq!(c.zone_of(&c.sources[1]), Some("Europe/Lisbon"));
    /// ```
    pub fn zone_of<'a>(&'a self, source: &'a DataSource) -> Option<&'a str> {
        source.time_zone.as_deref().or(self.time_zone.as_deref())
    }

    /// Whether the filter bar shows this control.
    pub fn shows(&self, control: FilterControl) -> bool {
        self.filters.contains(&control)
    }

    /// The city's label for a learning area in `lang`, else its label for
    /// any language (`""`), else none (the app's own label then applies).
    ///
    /// ```
    /// use learnmap_core::{config::parse_config, LearningArea};
    /// let (c, _) = parse_config(r#"{"area_labels": {"digital": {"en": "Coding", "de": "Programmieren"}, "health": "Health & care"}}"#);
    /// assert_eq!(c.area_label(LearningArea::Digital, "de"), Some("Programmieren"));
    /// assert_eq!(c.area_label(LearningArea::Digital, "fr"), None);
    /// assert_eq!(c.area_label(LearningArea::Health, "fr"), Some("Health & care"));
    /// ```
    pub fn area_label(&self, area: LearningArea, lang: &str) -> Option<&str> {
        let find = |wanted: &str| {
            self.area_labels
                .iter()
                .find(|(a, l, _)| *a == area && l == wanted)
                .map(|(_, _, label)| label.as_str())
        };
        find(lang).or_else(|| find(""))
    }

    /// Whether data may be loaded from `origin` (`scheme://host[:port]`) by a
    /// page served from `page_origin`: its own origin, or a listed one.
    /// Origins are compared parsed, not as text: case and a default port
    /// (`:443`, `:80`) make no difference.
    ///
    /// ```
    /// use learnmap_core::config::parse_config;
    /// let (c, _) = parse_config(r#"{"allowed_data_origins": ["https://opendata.city.example:443/"]}"#);
    /// assert!(c.allows_data_from("https://opendata.city.example", "https://city.example"));
    /// assert!(c.allows_data_from("https://city.example", "https://city.example"));
    /// assert!(!c.allows_data_from("https://evil.example", "https://city.example"));
    /// ```
    pub fn allows_data_from(&self, origin: &str, page_origin: &str) -> bool {
        let Some(origin) = normal_origin(origin) else {
            return false;
        };
        normal_origin(page_origin).as_ref() == Some(&origin)
            || self.allowed_data_origins.contains(&origin)
    }

    /// Whether the `data=` address parameter may load a file from `origin`
    /// on a page served from `page_origin` (see [`DataParameter`]).
    ///
    /// ```
    /// use learnmap_core::config::parse_config;
    /// let (off, _) = parse_config(r#"{"data_parameter": false}"#);
    /// assert!(!off.allows_data_parameter_from("https://city.example", "https://city.example"));
    /// let (only, _) = parse_config(r#"{"data_parameter": ["https://opendata.city.example"]}"#);
    /// assert!(only.allows_data_parameter_from("https://opendata.city.example", "https://city.example"));
    /// assert!(!only.allows_data_parameter_from("https://city.example", "https://city.example"));
    /// ```
    pub fn allows_data_parameter_from(&self, origin: &str, page_origin: &str) -> bool {
        match &self.data_parameter {
            DataParameter::Allowed => self.allows_data_from(origin, page_origin),
            DataParameter::Off => false,
            DataParameter::Only(listed) => normal_origin(origin).is_some_and(|origin| {
                listed.iter().any(|l| {
                    *l == origin
                        || (l == SELF_ORIGIN
                            && normal_origin(page_origin).as_ref() == Some(&origin))
                })
            }),
        }
    }

    /// The address where residents report an error in a place's data, with
    /// `{id}` and `{name}` filled in (percent-encoded), or none.
    ///
    /// ```
    /// use learnmap_core::config::parse_config;
    /// let (c, _) = parse_config(r#"{"report_error": "mailto:data@city.example?subject=Place%20{id}&body={name}"}"#);
    /// assert_eq!(
    ///     c.report_url("hh-1", "Bücherhalle & Café").as_deref(),
    ///     Some("mailto:data@city.example?subject=Place%20hh-1&body=B%C3%BCcherhalle%20%26%20Caf%C3%A9")
    /// );
    /// ```
    pub fn report_url(&self, id: &str, name: &str) -> Option<String> {
        let template = self.report_error.as_deref()?;
        let url = template
            .replace("{id}", &percent_encode(id))
            .replace("{name}", &percent_encode(name));
        report_href(&url)
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A report link: `http(s):` or `mailto:` only.
fn report_href(url: &str) -> Option<String> {
    if url.trim_start().to_ascii_lowercase().starts_with("mailto:") {
        link_href("email", url)
    } else {
        link_href("website", url).filter(|u| u.contains("://"))
    }
}

/// Whether `value` is a colour of the form `#rgb` or `#rrggbb`, the only
/// forms accepted, so nothing else can reach the page's styles.
///
/// ```
/// use learnmap_core::config::is_hex_colour;
/// assert!(is_hex_colour("#0b5f8a") && is_hex_colour("#A30"));
/// assert!(!is_hex_colour("red") && !is_hex_colour("#12345") && !is_hex_colour("#0b5f8a;x:y"));
/// ```
pub fn is_hex_colour(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The areas that begin IANA time zone names (`Europe/Berlin`), and the few
/// names of one part that the time zone database keeps.
const ZONE_AREAS: &[&str] = &[
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "Etc",
];
const SINGLE_ZONES: &[&str] = &["UTC", "GMT"];

/// Whether `name` has the form of an IANA time zone name: `UTC`, or an area
/// (`Europe`, `America`, `Africa`, ... `Etc`) and one or two locations
/// (`America/Argentina/Buenos_Aires`), each of letters, digits, `_`, `-`
/// and `+`. Whether the database really has it is for the reader that has
/// the database (the browser's `Intl`, the stewards' tool): the core carries
/// no time zone database.
///
/// ```
/// use learnmap_core::config::is_time_zone_name;
/// assert!(is_time_zone_name("Europe/Berlin") && is_time_zone_name("America/Argentina/Buenos_Aires"));
/// assert!(is_time_zone_name("UTC") && is_time_zone_name("Etc/GMT+2") && is_time_zone_name("America/Port-au-Prince"));
/// assert!(!is_time_zone_name("CET+1") && !is_time_zone_name("Berlin") && !is_time_zone_name("Europe/") && !is_time_zone_name("+02:00"));
/// ```
pub fn is_time_zone_name(name: &str) -> bool {
    if SINGLE_ZONES.contains(&name) {
        return true;
    }
    let mut parts = name.split('/');
    let area = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    ZONE_AREAS.contains(&area)
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// The origin (`scheme://host[:port]`) of an absolute `http(s)` address.
fn origin_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (end > 0).then(|| &url[..url.len() - rest.len() + end])
}

/// An origin as browsers write it (`URL.origin`), if `value` is one (a
/// trailing `/` is allowed): lower case, without the scheme's default port.
fn normal_origin(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('/').to_ascii_lowercase();
    let origin = origin_of(&value)?;
    let (scheme, host) = origin.split_once("://")?;
    if origin.len() != value.len() || host.contains(['@', ' ', '\\']) {
        return None;
    }
    // an IPv6 host ([::1]) has colons of its own: a port follows the ']'
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => (name, Some(port.parse::<u16>().ok()?)),
        _ => (host, None),
    };
    if name.is_empty() {
        return None;
    }
    let default = if scheme == "https" { 443 } else { 80 };
    Some(match port {
        Some(port) if port != default => format!("{scheme}://{name}:{port}"),
        _ => format!("{scheme}://{name}"),
    })
}

/// Whether an origin is this machine (`localhost`, `127.x.x.x`, `[::1]`):
/// the one place plain `http://` is accepted, for testing.
fn is_local_origin(origin: &str) -> bool {
    let host = origin.split_once("://").map_or("", |(_, h)| h);
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => name,
        _ => host,
    };
    name == "localhost" || name == "[::1]" || name.starts_with("127.")
}

/// Whether data or tiles may be loaded from `url`: a relative address
/// (the page's own site), `https:`, or `http:` on this machine only.
fn is_loadable(url: &str) -> bool {
    if is_relative_or_https(url) {
        return true;
    }
    let url = url.trim();
    url.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        && normal_origin(origin_of(&url.to_ascii_lowercase()).unwrap_or(""))
            .is_some_and(|o| is_local_origin(&o))
}

/// What [`is_loadable`] accepts, for problems' messages.
const LOADABLE: &str = "a relative address (on the map's own site) or an https:// address (http:// only for localhost, when testing)";

/// Whether `url` is relative (no scheme, not protocol-relative) or `https:`.
fn is_relative_or_https(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.starts_with("//") || url.contains(['<', '>', '"', '\\']) {
        return false;
    }
    match url.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &url[..colon];
            // a colon after the first '/', '?' or '#' is not a scheme
            url[..colon].contains(['/', '?', '#']) || scheme.eq_ignore_ascii_case("https")
        }
    }
}

/// Collects problems while the options are read.
struct Reader {
    problems: Vec<ConfigProblem>,
}

impl Reader {
    fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(ConfigProblem {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn string(&mut self, pointer: &str, value: &Value) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::String(_) => {
                self.problem(pointer, "is empty: remove it or write a value");
                None
            }
            _ => {
                self.problem(pointer, "must be a string");
                None
            }
        }
    }

    fn number(&mut self, pointer: &str, value: &Value, min: f64, max: f64) -> Option<f64> {
        match value {
            Value::Null => None,
            Value::Number(n) => {
                let v = n.as_f64()?;
                if !(min..=max).contains(&v) {
                    let [min_text, max_text, v_text, taken] =
                        [min, max, v, v.clamp(min, max)].map(shortest);
                    self.problem(
                        pointer,
                        format!(
                            "must be from {min_text} to {max_text}; {v_text} was taken as {taken}"
                        ),
                    );
                }
                Some(v.clamp(min, max))
            }
            _ => {
                let (min, max) = (shortest(min), shortest(max));
                self.problem(pointer, format!("must be a number from {min} to {max}"));
                None
            }
        }
    }

    fn object<'v>(&mut self, pointer: &str, value: &'v Value) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            Value::Null => None,
            _ => {
                self.problem(pointer, "must be an object { ... }");
                None
            }
        }
    }

    fn array<'v>(&mut self, pointer: &str, value: &'v Value) -> &'v [Value] {
        match value {
            Value::Array(items) => items,
            Value::Null => &[],
            _ => {
                self.problem(pointer, "must be a list [ ... ]");
                &[]
            }
        }
    }

    /// Reports members of an object that the option does not know.
    fn unknown_members(&mut self, pointer: &str, map: &Map<String, Value>, known: &[&str]) {
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let hint = did_you_mean(key, known)
                .map(|k| format!(": did you mean \"{k}\"?"))
                .unwrap_or_else(|| format!(": known options are {}", known.join(", ")));
            self.problem(
                &format!("{pointer}/{}", pointer_token(key)),
                format!("is not an option, so it was ignored{hint}"),
            );
        }
    }

    fn sources(&mut self, pointer: &str, value: &Value) -> Vec<DataSource> {
        let mut sources = Vec::new();
        for (i, item) in self.array(pointer, value).iter().enumerate() {
            let at = format!("{pointer}/{i}");
            let Some(map) = self.object(&at, item) else {
                continue;
            };
            self.unknown_members(&at, map, &["label", "url", "time_zone"]);
            let url = self.string(&format!("{at}/url"), map.get("url").unwrap_or(&Value::Null));
            let Some(url) = url else {
                self.problem(&at, "needs a \"url\": the GeoJSON file's address");
                continue;
            };
            if !is_loadable(&url) {
                self.problem(&format!("{at}/url"), format!("must be {LOADABLE}"));
                continue;
            }
            let label = self
                .string(
                    &format!("{at}/label"),
                    map.get("label").unwrap_or(&Value::Null),
                )
                .unwrap_or_else(|| url.clone());
            let time_zone = self.time_zone(
                &format!("{at}/time_zone"),
                map.get("time_zone").unwrap_or(&Value::Null),
            );
            sources.push(DataSource {
                label,
                url,
                time_zone,
            });
        }
        sources
    }

    fn festival(&mut self, value: &Value) -> Option<Festival> {
        if value.is_null() {
            return None;
        }
        let map = self.object("/festival", value)?;
        self.unknown_members(
            "/festival",
            map,
            &["name", "from", "to", "tag", "events", "banner"],
        );
        let null = Value::Null;
        let get = |key: &str| map.get(key).unwrap_or(&null);
        let name = self.string("/festival/name", get("name"));
        let day = |r: &mut Self, key: &str| {
            let at = format!("/festival/{key}");
            let text = r.string(&at, get(key))?;
            match crate::events::parse_local(&text) {
                Some(crate::events::DateOrTime::Date(d)) => Some(d),
                _ => {
                    r.problem(&at, "must be a date, YYYY-MM-DD");
                    None
                }
            }
        };
        let from = day(self, "from");
        let to = day(self, "to");
        let tag = self.string("/festival/tag", get("tag"));
        let events = match get("events") {
            Value::Null => None,
            v => {
                let url = self.string("/festival/events", v);
                match url {
                    Some(url) if is_loadable(&url) => Some(DataSource {
                        label: name.clone().unwrap_or_else(|| url.clone()),
                        url,
                        time_zone: None,
                    }),
                    Some(_) => {
                        self.problem("/festival/events", format!("must be {LOADABLE}"));
                        None
                    }
                    None => None,
                }
            }
        };
        let mut banner = Vec::new();
        match get("banner") {
            Value::Null => {}
            Value::String(text) if !text.trim().is_empty() => {
                banner.push((String::new(), text.trim().to_owned()))
            }
            Value::Object(by_lang) => {
                for (lang, text) in by_lang {
                    let at = format!("/festival/banner/{}", pointer_token(lang));
                    if let Some(text) = self.string(&at, text) {
                        banner.push((lang.to_ascii_lowercase(), text));
                    }
                }
            }
            _ => self.problem(
                "/festival/banner",
                "must be a text, or texts by language such as {\"en\": \"Lernfest: 150 free events\", \"de\": \"Lernfest: 150 kostenlose Angebote\"}",
            ),
        }
        let (Some(name), Some(from), Some(to)) = (name, from, to) else {
            self.problem(
                "/festival",
                "needs a \"name\", and its days as \"from\" and \"to\" (YYYY-MM-DD), so it was ignored",
            );
            return None;
        };
        if to < from {
            self.problem(
                "/festival/to",
                "is before \"from\", so the festival was ignored",
            );
            return None;
        }
        Some(Festival {
            name,
            from,
            to,
            tag,
            events,
            banner,
        })
    }

    fn districts(&mut self, value: &Value) -> Option<DistrictsSource> {
        if value.is_null() {
            return None;
        }
        let map = self.object("/districts", value)?;
        self.unknown_members("/districts", map, &["url", "id", "name", "population"]);
        let null = Value::Null;
        let get = |key: &str| map.get(key).unwrap_or(&null);
        let url = self.string("/districts/url", get("url"));
        let id = self.string("/districts/id", get("id"));
        let name = self.string("/districts/name", get("name"));
        let population = self.string("/districts/population", get("population"));
        let Some(url) = url else {
            self.problem(
                "/districts",
                "needs a \"url\": the GeoJSON file of district polygons",
            );
            return None;
        };
        if !is_loadable(&url) {
            self.problem("/districts/url", format!("must be {LOADABLE}"));
            return None;
        }
        let Some(id) = id else {
            self.problem(
                "/districts",
                "needs an \"id\": the property that holds each district's code",
            );
            return None;
        };
        let name = name.unwrap_or_else(|| id.clone());
        Some(DistrictsSource {
            url,
            id,
            name,
            population,
        })
    }

    /// A list of origins at `pointer`; `"self"` (the page's own) only when `with_self`.
    fn origins(&mut self, pointer: &str, value: &Value, with_self: bool) -> Vec<String> {
        let mut origins = Vec::new();
        for (i, item) in self.array(pointer, value).iter().enumerate() {
            let at = format!("{pointer}/{i}");
            if with_self && item.as_str() == Some(SELF_ORIGIN) {
                origins.push(SELF_ORIGIN.to_owned());
                continue;
            }
            match item.as_str().and_then(normal_origin) {
                Some(origin) if origin.starts_with("https://") || is_local_origin(&origin) => {
                    origins.push(origin)
                }
                _ => self.problem(
                    &at,
                    format!(
                        "must be {}an https:// origin such as \"https://opendata.city.example\" (scheme and host, no path; http:// only for localhost, when testing)",
                        if with_self { "\"self\" (the map's own site) or " } else { "" }
                    ),
                ),
            }
        }
        origins
    }

    fn data_parameter(&mut self, value: &Value) -> DataParameter {
        match value {
            Value::Null | Value::Bool(true) => DataParameter::Allowed,
            Value::Bool(false) => DataParameter::Off,
            Value::Array(_) => DataParameter::Only(self.origins("/data_parameter", value, true)),
            _ => {
                self.problem(
                    "/data_parameter",
                    "must be true (data= may name a file on the site or an allowed origin), false (data= is ignored) or a list of origins such as [\"self\", \"https://opendata.city.example\"]",
                );
                DataParameter::Allowed
            }
        }
    }

    fn center(&mut self, value: &Value) -> Option<LonLat> {
        let map = self.object("/center", value)?;
        self.unknown_members("/center", map, &["lat", "lon"]);
        let lat = self.number(
            "/center/lat",
            map.get("lat").unwrap_or(&Value::Null),
            -90.0,
            90.0,
        );
        let lon = self.number(
            "/center/lon",
            map.get("lon").unwrap_or(&Value::Null),
            -180.0,
            180.0,
        );
        match (lat, lon) {
            (Some(lat), Some(lon)) => Some(LonLat { lon, lat }),
            _ => {
                self.problem("/center", "needs both \"lat\" and \"lon\" in degrees");
                None
            }
        }
    }

    fn bounds(&mut self, value: &Value) -> Option<Bounds> {
        let map = self.object("/bounds", value)?;
        let names = ["south", "west", "north", "east"];
        self.unknown_members("/bounds", map, &names);
        let mut edges = [0.0; 4];
        for (edge, name) in edges.iter_mut().zip(names) {
            let limit = if matches!(name, "south" | "north") {
                90.0
            } else {
                180.0
            };
            let at = format!("/bounds/{name}");
            match self.number(&at, map.get(name).unwrap_or(&Value::Null), -limit, limit) {
                Some(v) => *edge = v,
                None => {
                    self.problem(
                        "/bounds",
                        "needs \"south\", \"west\", \"north\" and \"east\" in degrees",
                    );
                    return None;
                }
            }
        }
        let [south, west, north, east] = edges;
        if south >= north || west >= east {
            self.problem("/bounds", "south must be below north and west left of east");
            return None;
        }
        Some(Bounds {
            south,
            west,
            north,
            east,
        })
    }

    fn tiles(&mut self, value: &Value) -> Tiles {
        let mut tiles = Tiles::default();
        let Some(map) = self.object("/tiles", value) else {
            return tiles;
        };
        self.unknown_members(
            "/tiles",
            map,
            &["url", "attribution", "attribution_url", "max_zoom"],
        );
        let null = Value::Null;
        let mut refused = false;
        if let Some(url) = self.string("/tiles/url", map.get("url").unwrap_or(&null)) {
            let placeholders = ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p));
            // relative: tiles served by the map's own site (and the test servers)
            if is_loadable(&url) && placeholders && !url.contains(['"', '<', '>', ' ']) {
                tiles.url = url;
                // another server's credit is not OpenStreetMap's
                tiles.attribution = String::new();
                tiles.attribution_url = None;
            } else {
                refused = true;
                self.problem(
                    "/tiles/url",
                    "must be an https:// template with {z}, {x} and {y}, e.g. \"https://tile.openstreetmap.org/{z}/{x}/{y}.png\", or one relative to the map's own site, e.g. \"tiles/{z}/{x}/{y}.png\" (http:// only for localhost, when testing)",
                );
            }
        }
        if let Some(text) = self.string(
            "/tiles/attribution",
            map.get("attribution").unwrap_or(&null),
        ) {
            tiles.attribution = text;
        }
        if let Some(url) = self.string(
            "/tiles/attribution_url",
            map.get("attribution_url").unwrap_or(&null),
        ) {
            match link_href("website", &url).filter(|u| u.contains("://")) {
                Some(url) => tiles.attribution_url = Some(url),
                None => self.problem(
                    "/tiles/attribution_url",
                    "must start with https:// or http://",
                ),
            }
        }
        if refused {
            // the credit given was for the refused server, not for the
            // OpenStreetMap tiles shown instead
            let default = Tiles::default();
            tiles.attribution = default.attribution;
            tiles.attribution_url = default.attribution_url;
        }
        if let Some(z) = self.number(
            "/tiles/max_zoom",
            map.get("max_zoom").unwrap_or(&null),
            0.0,
            MAX_TILE_ZOOM,
        ) {
            tiles.max_zoom = z.floor();
        }
        if tiles.attribution.is_empty() && tiles.url != OSM_TILES {
            self.problem(
                "/tiles/attribution",
                "is missing: tile providers require a credit, e.g. \"© OpenStreetMap contributors\"",
            );
        }
        tiles
    }

    fn theme(&mut self, value: &Value, config: &mut SiteConfig) {
        let Some(map) = self.object("/theme", value) else {
            return;
        };
        self.unknown_members("/theme", map, &["accent", "logo"]);
        let null = Value::Null;
        if let Some(accent) = self.string("/theme/accent", map.get("accent").unwrap_or(&null)) {
            if is_hex_colour(&accent) {
                config.accent = Some(accent);
            } else {
                self.problem(
                    "/theme/accent",
                    "must be a colour written #rgb or #rrggbb, e.g. \"#0b5f8a\"",
                );
            }
        }
        if let Some(logo) = self.string("/theme/logo", map.get("logo").unwrap_or(&null)) {
            if is_relative_or_https(&logo) {
                config.logo = Some(logo);
            } else {
                self.problem(
                    "/theme/logo",
                    "must be a relative address (e.g. \"logo.svg\") or start with https://",
                );
            }
        }
    }

    fn language(&mut self, value: &Value) -> Option<String> {
        let lang = self.string("/language", value)?.to_ascii_lowercase();
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase()) {
            Some(primary.to_owned())
        } else {
            self.problem(
                "/language",
                "must be a language code such as \"en\", \"de\" or \"ar\"",
            );
            None
        }
    }

    fn filters(&mut self, value: &Value) -> Option<Vec<FilterControl>> {
        if !value.is_array() {
            self.array("/filters", value); // reports anything but null
            return None;
        }
        let names: Vec<&str> = FilterControl::ALL.iter().map(|c| c.name()).collect();
        let mut filters = Vec::new();
        let items = self.array("/filters", value);
        for (i, item) in items.iter().enumerate() {
            let at = format!("/filters/{i}");
            let found = item
                .as_str()
                .and_then(|s| FilterControl::ALL.iter().find(|c| c.name() == s.trim()));
            match found {
                Some(c) if !filters.contains(c) => filters.push(*c),
                Some(_) => {}
                None => {
                    let hint = item
                        .as_str()
                        .and_then(|s| did_you_mean(s, &names))
                        .map(|k| format!("did you mean \"{k}\"? "))
                        .unwrap_or_default();
                    self.problem(
                        &at,
                        format!(
                            "is not a filter: {hint}known filters are {}",
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        // a list of nothing but mistakes keeps the default; `[]` hides every filter
        (filters.is_empty() == items.is_empty()).then_some(filters)
    }

    fn area_labels(&mut self, value: &Value) -> Vec<(LearningArea, String, String)> {
        let mut labels = Vec::new();
        let Some(map) = self.object("/area_labels", value) else {
            return labels;
        };
        for (key, label) in map {
            let at = format!("/area_labels/{}", pointer_token(key));
            let Some(area) = LearningArea::parse(key) else {
                let names: Vec<&str> = LearningArea::ALL.iter().map(|a| a.as_str()).collect();
                let hint = did_you_mean(key, &names)
                    .map(|k| format!(": did you mean \"{k}\"?"))
                    .unwrap_or_default();
                self.problem(&at, format!("is not a learning area{hint}"));
                continue;
            };
            match label {
                Value::String(text) if !text.trim().is_empty() => {
                    labels.push((area, String::new(), text.trim().to_owned()))
                }
                Value::Object(by_lang) => {
                    for (lang, text) in by_lang {
                        let at = format!("{at}/{}", pointer_token(lang));
                        if let Some(text) = self.string(&at, text) {
                            labels.push((area, lang.to_ascii_lowercase(), text));
                        }
                    }
                }
                _ => self.problem(
                    &at,
                    "must be a label, or labels by language such as {\"en\": \"Coding\", \"de\": \"Programmieren\"}",
                ),
            }
        }
        labels
    }

    fn time_zone(&mut self, pointer: &str, value: &Value) -> Option<String> {
        let name = self.string(pointer, value)?;
        if is_time_zone_name(&name) {
            return Some(name);
        }
        // the usual mistake: the case ("europe/berlin")
        let mut upper = true;
        let cased: String = name
            .chars()
            .map(|c| {
                let out = if upper { c.to_ascii_uppercase() } else { c };
                upper = matches!(c, '/' | '_' | '-');
                out
            })
            .collect();
        let hint = if cased != name && is_time_zone_name(&cased) {
            format!(" (names are case sensitive: did you mean \"{cased}\"?)")
        } else {
            String::new()
        };
        self.problem(
            pointer,
            format!("must be an IANA time zone name such as \"Europe/Berlin\" or \"America/New_York\"{hint}; the viewer's own time zone applies"),
        );
        None
    }

    fn report_error(&mut self, value: &Value) -> Option<String> {
        let template = self.string("/report_error", value)?;
        if report_href(&template.replace(['{', '}'], "")).is_some() {
            Some(template)
        } else {
            self.problem(
                "/report_error",
                "must start with https://, http:// or mailto:, e.g. \"mailto:data@city.example?subject={id}\"",
            );
            None
        }
    }
}

/// Reads `config.json`. Never fails: a file that is not a JSON object gives
/// the defaults and one problem; a bad option keeps its default and gives a
/// problem located by JSON pointer.
pub fn parse_config(text: &str) -> (SiteConfig, Vec<ConfigProblem>) {
    let mut config = SiteConfig::default();
    let mut r = Reader {
        problems: Vec::new(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            r.problem(
                "",
                format!(
                    "is not valid JSON at line {}, column {} ({}), so the defaults apply",
                    e.line(),
                    e.column(),
                    e
                ),
            );
            return (config, r.problems);
        }
    };
    let Value::Object(map) = &root else {
        r.problem("", "must be a JSON object { ... }, so the defaults apply");
        return (config, r.problems);
    };
    r.unknown_members("", map, CONFIG_OPTIONS);
    let null = Value::Null;
    let get = |key: &str| map.get(key).unwrap_or(&null);
    config.title = r.string("/title", get("title"));
    config.sources = r.sources("/sources", get("sources"));
    config.events = r.sources("/events", get("events"));
    config.allowed_data_origins =
        r.origins("/allowed_data_origins", get("allowed_data_origins"), false);
    config.data_parameter = r.data_parameter(get("data_parameter"));
    config.tiles = r.tiles(get("tiles"));
    config.center = r.center(get("center"));
    config.zoom = r.number("/zoom", get("zoom"), 0.0, config.tiles.max_zoom);
    config.bounds = r.bounds(get("bounds"));
    if let (Some(b), Some(c)) = (config.bounds, config.center) {
        if b.clamp(c) != c {
            r.problem(
                "/center",
                "lies outside \"bounds\", so the map starts at the nearest point inside",
            );
            config.center = Some(b.clamp(c));
        }
    }
    r.theme(get("theme"), &mut config);
    config.language = r.language(get("language"));
    if let Some(filters) = r.filters(get("filters")) {
        config.filters = filters;
    }
    config.area_labels = r.area_labels(get("area_labels"));
    config.report_error = r.report_error(get("report_error"));
    config.districts = r.districts(get("districts"));
    config.time_zone = r.time_zone("/time_zone", get("time_zone"));
    config.festival = r.festival(get("festival"));
    (config, r.problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_need_an_address_and_an_id_property() {
        let (c, problems) = parse_config(
            r#"{"districts": {"url": "data/districts.geojson", "id": "code", "population": "pop"}}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let d = c.districts.unwrap();
        assert_eq!((d.id.as_str(), d.name.as_str()), ("code", "code"));
        assert_eq!(d.population.as_deref(), Some("pop"));
        let (c, problems) = parse_config(r#"{"districts": {"url": "javascript:x", "id": "code"}}"#);
        assert!(c.districts.is_none());
        assert_eq!(problems[0].pointer, "/districts/url");
        let (c, problems) =
            parse_config(r#"{"districts": {"url": "d.geojson", "name": "n", "colour": 1}}"#);
        assert!(c.districts.is_none());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(parse_config(r#"{"districts": null}"#).1.is_empty());
    }

    #[test]
    fn origins_are_normalised_and_checked() {
        assert_eq!(
            normal_origin("HTTPS://Data.City.example/").as_deref(),
            Some("https://data.city.example")
        );
        assert_eq!(
            normal_origin("http://127.0.0.1:4175").as_deref(),
            Some("http://127.0.0.1:4175")
        );
        for bad in [
            "data.city.example",
            "https://x.example/path",
            "ftp://x.example",
            "https://a@b.example",
            "https://x.example:99999",
            "https://",
        ] {
            assert_eq!(normal_origin(bad), None, "{bad}");
        }
    }

    /// bug: origins were compared as text, so an allowed origin written
    /// with its default port (`https://data.example:443`) never matched the
    /// browser's `https://data.example`.
    #[test]
    fn origins_compare_parsed_so_a_default_port_matches() {
        assert_eq!(
            normal_origin("https://Data.example:443/").as_deref(),
            Some("https://data.example")
        );
        assert_eq!(
            normal_origin("http://data.example:80").as_deref(),
            Some("http://data.example")
        );
        assert_eq!(
            normal_origin("https://data.example:8443").as_deref(),
            Some("https://data.example:8443")
        );
        assert_eq!(
            normal_origin("http://[::1]:8080").as_deref(),
            Some("http://[::1]:8080")
        );
        let (c, p) = parse_config(r#"{"allowed_data_origins": ["https://data.example:443"]}"#);
        assert!(p.is_empty(), "{p:?}");
        assert!(c.allows_data_from("https://data.example", "https://city.example"));
        assert!(c.allows_data_from("https://city.example:443", "https://city.example"));
        assert!(!c.allows_data_from("http://data.example", "https://city.example"));
    }

    /// bug: sources and tiles accepted any `http://` address while their
    /// messages said https; now only a relative address, https, or http on
    /// this machine (for testing) is loaded, and the message says so.
    #[test]
    fn data_and_tiles_need_https_except_on_localhost() {
        for good in [
            "data/places.geojson",
            "/data/places.geojson",
            "https://opendata.example/places.geojson",
            "HTTPS://opendata.example/p.geojson",
            "http://localhost:8080/p.geojson",
            "http://127.0.0.1:4175/p.geojson",
            "http://[::1]/p.geojson",
        ] {
            assert!(is_loadable(good), "{good}");
        }
        for bad in [
            "http://opendata.example/places.geojson",
            "HTTP://opendata.example/places.geojson",
            "http://localhost.evil.example/p.geojson",
            "http://127.0.0.1@evil.example/p.geojson",
            "//opendata.example/places.geojson",
            "ftp://opendata.example/places.geojson",
        ] {
            assert!(!is_loadable(bad), "{bad}");
        }
        let (c, p) = parse_config(
            r#"{"sources": [{"url": "http://opendata.example/a.geojson"}],
                "tiles": {"url": "http://tiles.example/{z}/{x}/{y}.png"},
                "allowed_data_origins": ["http://opendata.example"]}"#,
        );
        assert!(c.sources.is_empty() && c.allowed_data_origins.is_empty());
        assert_eq!(c.tiles, Tiles::default());
        assert_eq!(
            p.iter().map(|p| p.pointer.as_str()).collect::<Vec<_>>(),
            ["/sources/0/url", "/allowed_data_origins/0", "/tiles/url"]
        );
        for problem in &p {
            assert!(problem.message.contains("https://"), "{problem}");
            assert!(
                problem.message.contains("http:// only for localhost"),
                "{problem}"
            );
        }
    }

    /// bug: a tile template relative to the map's own site (a city hosting
    /// its tiles beside the map; the Lighthouse benchmark's stub) was
    /// refused as "not https", and the map fell back to OpenStreetMap.
    #[test]
    fn tiles_on_the_maps_own_site_are_accepted() {
        let (c, p) =
            parse_config(r#"{"tiles": {"url": "tiles/{z}/{x}/{y}.png", "attribution": "© City"}}"#);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(c.tiles.url, "tiles/{z}/{x}/{y}.png");
        assert_eq!(
            c.tiles.origin(),
            "",
            "the page's own origin: 'self' in the CSP"
        );
        for bad in [
            "javascript:{z}{x}{y}",
            "//tiles.example/{z}/{x}/{y}.png",
            "tiles/{z}/{x}.png",
        ] {
            let (c, p) = parse_config(&format!(
                r#"{{"tiles": {{"url": "{bad}", "attribution": "© City"}}}}"#
            ));
            assert_eq!(c.tiles, Tiles::default(), "{bad}");
            assert_eq!(p.len(), 1, "{bad}");
        }
    }

    /// bug: a city could not turn `data=` off, so any JSON file on its site
    /// could be shown under its name.
    #[test]
    fn data_parameter_can_be_off_or_limited() {
        let page = "https://city.example";
        let (c, p) = parse_config("{}");
        assert!(p.is_empty());
        assert_eq!(c.data_parameter, DataParameter::Allowed);
        assert!(c.allows_data_parameter_from(page, page));
        let (c, p) = parse_config(r#"{"data_parameter": false}"#);
        assert!(p.is_empty());
        assert_eq!(c.data_parameter, DataParameter::Off);
        assert!(!c.allows_data_parameter_from(page, page));
        let (c, p) = parse_config(
            r#"{"data_parameter": ["self", "https://opendata.example:443", "opendata"],
                "allowed_data_origins": ["https://other.example"]}"#,
        );
        assert_eq!(
            p.iter().map(|p| p.pointer.as_str()).collect::<Vec<_>>(),
            ["/data_parameter/2"]
        );
        assert!(c.allows_data_parameter_from(page, page));
        assert!(c.allows_data_parameter_from("https://opendata.example", page));
        // allowed for the configured sources, not for data=
        assert!(!c.allows_data_parameter_from("https://other.example", page));
        assert!(c.allows_data_from("https://other.example", page));
        let (c, p) = parse_config(r#"{"data_parameter": "no"}"#);
        assert_eq!(p[0].pointer, "/data_parameter");
        assert_eq!(c.data_parameter, DataParameter::Allowed);
    }

    #[test]
    fn relative_or_https_addresses() {
        for good in [
            "logo.svg",
            "img/logo.png",
            "/static/logo.svg",
            "https://city.example/logo.svg",
            "a/b?x=1:2",
        ] {
            assert!(is_relative_or_https(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:image/svg+xml,<svg>",
            "//evil.example/x.svg",
            "http://city.example/logo.svg",
            "",
            "x\"onerror=\"y",
        ] {
            assert!(!is_relative_or_https(bad), "{bad}");
        }
    }

    #[test]
    fn report_links_are_web_or_mail_only() {
        let (c, p) = parse_config(r#"{"report_error": "javascript:alert('{id}')"}"#);
        assert_eq!(c.report_error, None);
        assert_eq!(p[0].pointer, "/report_error");
        let (c, p) = parse_config(r#"{"report_error": "https://city.example/report?place={id}"}"#);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            c.report_url("a b", "x").as_deref(),
            Some("https://city.example/report?place=a%20b")
        );
    }
}
