//! Options for pages that embed the map: `embed=1` (compact, for iframes)
//! and `theme=` (the accent colour), read from the address.

/// The embedding options of a page address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Embed {
    /// `embed=1`: compact chrome and a link to the full map.
    pub compact: bool,
    /// `theme=#rgb` or `theme=#rrggbb`: the accent colour; anything else is ignored.
    pub accent: Option<String>,
}

pub use learnmap_core::config::is_hex_colour;

impl Embed {
    /// Reads the options from a query string.
    ///
    /// ```
    /// use learnmap::embed::Embed;
    /// let e = Embed::from_query("?embed=1&theme=%23aa3300&area=digital");
    /// assert!(e.compact);
    /// assert_eq!(e.accent.as_deref(), Some("#aa3300"));
    /// assert_eq!(Embed::from_query("theme=url(x)"), Embed::default());
    /// ```
    pub fn from_query(query: &str) -> Self {
        let mut embed = Embed::default();
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            match key.as_ref() {
                "embed" => embed.compact = value == "1",
                "theme" if is_hex_colour(value.trim()) => {
                    embed.accent = Some(value.trim().to_owned())
                }
                _ => {}
            }
        }
        embed
    }

    /// The address of the full map for an embedded page: the same view
    /// without `embed=1`.
    ///
    /// ```
    /// use learnmap::embed::Embed;
    /// assert_eq!(Embed::full_map_url("https://city.example/map/?embed=1&area=digital"), "https://city.example/map/?area=digital");
    /// assert_eq!(Embed::full_map_url("https://city.example/map/?embed=1"), "https://city.example/map/");
    /// ```
    pub fn full_map_url(href: &str) -> String {
        let (base, query) = href.split_once('?').unwrap_or((href, ""));
        let (query, fragment) = query.split_once('#').unwrap_or((query, ""));
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "embed") {
            out.append_pair(&k, &v);
        }
        let query = out.finish().replace("%2C", ",");
        let mut url = base.to_owned();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        if !fragment.is_empty() {
            url.push('#');
            url.push_str(fragment);
        }
        url
    }
}
