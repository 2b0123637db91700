//! Seeded generators of demo and synthetic learning-space data.
//!
//! * [`demo_city`] builds the clearly labelled, **fictional** Hamburg demo
//!   set that the app ships with (`data/demo/learning-spaces.geojson`).
//! * [`write_synthetic`] streams large synthetic sets for benchmarks,
//!   clustered around cities all over the world.
//! * [`Rng`] is the small seeded PRNG both use.
//! * [`shared`] finds the real data beside the repository for the tests
//!   that need it, and skips them, saying so, where it is absent.
//!
//! Everything is deterministic: the same seed gives byte-identical output.
//! Only IEEE-exact arithmetic is used for positions (no `sin`/`cos`/`ln`
//! from the platform's maths library), so the output is the same on every
//! platform, and every JSON object is built with its keys in sorted order,
//! so the output does not depend on serde_json's `preserve_order` feature.
//!
//! ```
//! use learnmap_synth::{demo_city, DEMO_COUNT, DEMO_SEED};
//! let demo = demo_city(DEMO_SEED);
//! assert_eq!(demo["features"].as_array().unwrap().len(), DEMO_COUNT);
//! assert_eq!(demo, demo_city(DEMO_SEED));
//! ```

pub mod demo_events;
pub mod shared;

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The seed of the committed demo file (`learnmap-data demo` uses it by default).
pub const DEMO_SEED: u64 = 2024;

/// How many places [`demo_city`] generates.
pub const DEMO_COUNT: usize = 300;

/// What every generated demo place gives as its `source`.
pub const DEMO_SOURCE: &str = "learnmap demo generator (fictional data)";

// ---------------------------------------------------------------------------
// The PRNG
// ---------------------------------------------------------------------------

/// A small, fast, seeded pseudo-random number generator (xoshiro256\*\*,
/// seeded through SplitMix64).
///
/// It is not cryptographically secure; it exists so that generated data is
/// reproducible without a dependency. The same seed always gives the same
/// sequence, on every platform.
///
/// ```
/// use learnmap_synth::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());
/// let x = a.f64();
/// assert!((0.0..1.0).contains(&x));
/// let die = a.range_u32(1, 6);
/// assert!((1..=6).contains(&die));
/// assert!(a.choose(&["de", "en"]).is_some());
/// assert!(a.choose::<u8>(&[]).is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator seeded with `seed`; every seed, including 0, is fine.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut state = [0u64; 4];
        for s in &mut state {
            *s = splitmix64(&mut sm);
        }
        Rng { state }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (without modulo bias).
    ///
    /// # Panics
    /// If `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "Rng::below(0)");
        // Lemire's multiply-and-reject method.
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    ///
    /// # Panics
    /// If `lo > hi`.
    pub fn range_u32(&mut self, lo: u32, hi: u32) -> u32 {
        assert!(lo <= hi, "Rng::range_u32({lo}, {hi})");
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// A uniform float in `[lo, hi)`.
    pub fn range_f64(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// `true` with probability `p` (0 never, 1 always).
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// A uniformly chosen item, or `None` if `items` is empty.
    pub fn choose<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len() as u64) as usize])
        }
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// An item of a table that is known not to be empty.
fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    rng.choose(items).expect("generator tables are not empty")
}

/// The index of an item chosen with the given (positive) weights.
fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let mut x = rng.below(total);
    for (i, &w) in weights.iter().enumerate() {
        if x < u64::from(w) {
            return i;
        }
        x -= u64::from(w);
    }
    unreachable!("x < total")
}

/// Up to `k` distinct items of `items`, in random order.
fn sample<T: Copy>(rng: &mut Rng, items: &[T], k: usize) -> Vec<T> {
    let mut copy = items.to_vec();
    rng.shuffle(&mut copy);
    copy.truncate(k);
    copy
}

// ---------------------------------------------------------------------------
// The schema's vocabularies (spellings as in data/README.md)
// ---------------------------------------------------------------------------

const AGE_GROUPS: [(&str, u8, u8); 6] = [
    ("early_years", 0, 5),
    ("children", 6, 11),
    ("youth", 12, 17),
    ("young_adults", 18, 24),
    ("adults", 25, 64),
    ("seniors", 65, 120),
];

const LEARNING_AREAS: [&str; 10] = [
    "sustainable_development",
    "health",
    "jobs_skills",
    "digital",
    "global_citizenship",
    "literacy",
    "formal_education",
    "family_community",
    "languages",
    "arts_culture",
];

const AUDIENCES: [&str; 5] = [
    "families",
    "newcomers",
    "special_needs",
    "jobseekers",
    "low_income",
];

/// The age groups whose ranges overlap `min..=max`, in schema order.
fn age_groups(min: u8, max: u8) -> Vec<&'static str> {
    AGE_GROUPS
        .iter()
        .filter(|(_, lo, hi)| *lo <= max && min <= *hi)
        .map(|(name, _, _)| *name)
        .collect()
}

/// Sorts vocabulary values into the order of `vocabulary`.
fn sort_by_schema(values: &mut [&'static str], vocabulary: &[&str]) {
    values.sort_by_key(|v| vocabulary.iter().position(|x| x == v));
}

// ---------------------------------------------------------------------------
// What each place type looks like
// ---------------------------------------------------------------------------

/// A name pattern: `{q}` is replaced by the quarter (or city). A pattern
/// that implies an age range (a youth club) carries it.
struct NameTemplate {
    de: &'static str,
    en: &'static str,
    ages: Option<(u8, u8)>,
}

const fn t(de: &'static str, en: &'static str) -> NameTemplate {
    NameTemplate { de, en, ages: None }
}

const fn ta(de: &'static str, en: &'static str, lo: u8, hi: u8) -> NameTemplate {
    NameTemplate {
        de,
        en,
        ages: Some((lo, hi)),
    }
}

/// What a place type is like. The first age range is the type's usual one;
/// the first learning area is its most likely one. Repeated entries in
/// `delivery` and `fees` weight them.
struct Profile {
    place_type: &'static str,
    label: &'static str,
    weight: u32,
    ages: &'static [(u8, u8)],
    names: &'static [NameTemplate],
    blurbs: &'static [(&'static str, &'static str)],
    areas: &'static [&'static str],
    audiences: &'static [&'static str],
    subjects: &'static [&'static str],
    hours: &'static [&'static str],
    delivery: &'static [&'static str],
    fees: &'static [&'static str],
    operators: &'static [&'static str],
}

#[rustfmt::skip]
const PROFILES: [Profile; 15] = [
    Profile {
        place_type: "library",
        label: "Library",
        weight: 20,
        ages: &[(0, 120), (0, 120), (6, 120)],
        names: &[
            t("Stadtteilbibliothek {q}", "{q} District Library"),
            t("Bücherstube {q}", "{q} Book Room"),
            t("Lesecafé {q}", "{q} Reading Café"),
            t("Mediathek {q}", "{q} Media Library"),
            ta("Kinder- und Jugendbibliothek {q}", "{q} Children's and Youth Library", 0, 17),
        ],
        blurbs: &[
            ("Ausleihe von Büchern, Medien und Spielen, Lesecafé und Hausaufgabenhilfe in {q}.",
             "Lending of books, media and games, a reading café and homework help in {q}."),
            ("Vorlesestunden für Kinder, Sprachcafé und Hilfe rund um Smartphone und Tablet.",
             "Story time for children, a language café and help with smartphones and tablets."),
        ],
        areas: &["literacy", "digital", "arts_culture", "family_community", "languages", "global_citizenship"],
        audiences: &["families", "newcomers", "low_income"],
        subjects: &["reading", "storytelling", "homework_help", "media_literacy", "board_games", "coding", "smartphone_help"],
        hours: &[
            "Mo-Fr 10:00-19:00; Sa 10:00-14:00",
            "Tu-Fr 11:00-19:00; Sa 11:00-16:00",
            "Mo,We,Fr 10:00-18:00; Tu,Th 12:00-19:00",
            "Mo-Sa 10:00-18:00",
        ],
        delivery: &["in_person", "in_person", "in_person", "in_person", "in_person", "outreach", "hybrid"],
        fees: &["free", "free", "free", "free", "varies"],
        operators: &["Hamburger Lesenetz e.V.", "Stiftung Lesewelten Hamburg", "Leseförderung {b} e.V."],
    },
    Profile {
        place_type: "community_centre",
        label: "Community centre",
        weight: 30,
        ages: &[(0, 120), (0, 120), (16, 120)],
        names: &[
            t("Bürgerhaus {q}", "{q} Citizens' House"),
            t("Stadtteilzentrum {q}", "{q} Neighbourhood Centre"),
            t("Mehrgenerationenhaus {q}", "{q} Multi-Generation House"),
            t("Familienzentrum {q}", "{q} Family Centre"),
            t("Nachbarschaftstreff {q}", "{q} Neighbourhood Meeting Point"),
            t("Kulturhaus {q}", "{q} Cultural Centre"),
            ta("Jugendtreff {q}", "{q} Youth Club", 12, 27),
            ta("Seniorentreff {q}", "{q} Seniors' Club", 60, 120),
        ],
        blurbs: &[
            ("Offener Treffpunkt für alle Generationen in {q} mit Kursen, Beratung und Festen.",
             "An open meeting place for all generations in {q}, with courses, advice and festivals."),
            ("Nachbarschaftscafé, Elternkurse und Kreativwerkstatt unter einem Dach.",
             "A neighbourhood café, parenting courses and a creative workshop under one roof."),
        ],
        areas: &["family_community", "health", "arts_culture", "sustainable_development", "global_citizenship", "languages", "digital"],
        audiences: &["families", "newcomers", "low_income", "special_needs"],
        subjects: &["cooking", "gardening", "parenting", "dance", "repair_cafe", "yoga", "homework_help", "computer_basics"],
        hours: &[
            "Mo-Fr 10:00-20:00",
            "Tu-Sa 14:00-22:00",
            "Mo-Fr 09:00-18:00; Sa 10:00-14:00",
            "Mo-Th 10:00-21:00; Fr 10:00-16:00",
        ],
        delivery: &["in_person", "in_person", "in_person", "in_person", "in_person", "outreach", "outreach", "hybrid"],
        fees: &["free", "free", "free", "varies", "varies"],
        operators: &["Nachbarschaft {q} e.V.", "Stadtteilkultur {b} e.V.", "Gemeinwesenarbeit Elbe gGmbH"],
    },
    Profile {
        place_type: "adult_education",
        label: "Adult education centre",
        weight: 18,
        ages: &[(16, 120), (18, 120)],
        names: &[
            t("Volkshochschule {q}", "{q} Adult Education Centre"),
            t("VHS-Zentrum {q}", "{q} Adult Education Centre (VHS)"),
            t("Bildungswerk {q}", "{q} Education Works"),
            t("Abendschule {q}", "{q} Evening School"),
            ta("Seniorenakademie {q}", "{q} Seniors' Academy", 60, 120),
        ],
        blurbs: &[
            ("Kurse in Sprachen, Gesundheit, Beruf und Kultur für Erwachsene in {q}.",
             "Courses in languages, health, work and culture for adults in {q}."),
            ("Abend- und Wochenendkurse, auch online; Beratung zur Weiterbildung.",
             "Evening and weekend courses, also online; advice on further education."),
        ],
        areas: &["languages", "digital", "jobs_skills", "health", "arts_culture", "global_citizenship", "sustainable_development", "literacy"],
        audiences: &["newcomers", "jobseekers", "low_income"],
        subjects: &["german", "english", "spanish", "photography", "first_aid", "bookkeeping", "painting", "yoga", "spreadsheets"],
        hours: &[
            "Mo-Th 09:00-21:00; Fr 09:00-15:00",
            "Mo-Fr 08:30-20:30; Sa 10:00-14:00",
            "Mo-Fr 17:00-21:30; Sa 09:00-13:00",
        ],
        delivery: &["in_person", "in_person", "in_person", "in_person", "hybrid", "hybrid", "online"],
        fees: &["paid", "paid", "paid", "varies", "varies"],
        operators: &["Volkshochschulverein Elbe-Alster e.V.", "Bildungswerk Hanse gGmbH"],
    },
    Profile {
        place_type: "school",
        label: "School",
        weight: 45,
        ages: &[(6, 18)],
        names: &[
            t("Schulcampus {q}", "{q} School Campus"),
            t("Förderzentrum {q}", "{q} Special Education Centre"),
            ta("Grundschule {q}", "{q} Primary School", 6, 10),
            ta("Stadtteilschule {q}", "{q} Comprehensive School", 10, 19),
            ta("Gymnasium {q}", "{q} Grammar School", 10, 18),
            ta("Grundschule am Park {q}", "{q} Park Primary School", 6, 10),
        ],
        blurbs: &[
            ("Ganztagsschule in {q} mit Arbeitsgemeinschaften am Nachmittag.",
             "An all-day school in {q} with afternoon clubs."),
            ("Schule mit Schwerpunkt Naturwissenschaften und Informatik.",
             "A school with a focus on science and computing."),
        ],
        areas: &["formal_education", "literacy", "digital", "sustainable_development", "arts_culture", "languages", "health"],
        audiences: &["special_needs", "newcomers"],
        subjects: &["mathematics", "science", "german", "english", "sports", "music", "history", "computing"],
        hours: &["Mo-Fr 07:30-16:00", "Mo-Fr 08:00-15:30", "Mo-Fr 07:45-16:30"],
        delivery: &["in_person"],
        fees: &["free"],
        operators: &["Schulverein {q} e.V.", "Freier Schulträger Nordlicht e.V.", "Schulverbund {b}"],
    },
    Profile {
        place_type: "college",
        label: "College",
        weight: 8,
        ages: &[(16, 25), (16, 35), (18, 120)],
        names: &[
            t("Berufliche Schule {q}", "{q} Vocational School"),
            t("Fachschule für Sozialpädagogik {q}", "{q} College of Social Pedagogy"),
            t("Berufskolleg {q}", "{q} Vocational College"),
            t("Fachschule für Technik {q}", "{q} Technical College"),
        ],
        blurbs: &[
            ("Berufliche Bildung und Fachschulabschlüsse in Voll- und Teilzeit.",
             "Vocational education and technical qualifications, full- and part-time."),
            ("Ausbildung und Weiterbildung in Kooperation mit Betrieben aus {q}.",
             "Training and further training together with employers in {q}."),
        ],
        areas: &["formal_education", "jobs_skills", "digital", "health"],
        audiences: &["jobseekers"],
        subjects: &["business", "nursing", "engineering", "it", "logistics", "social_work"],
        hours: &["Mo-Fr 07:30-17:00", "Mo-Th 07:30-18:00; Fr 07:30-14:00"],
        delivery: &["in_person", "in_person", "in_person", "hybrid"],
        fees: &["free", "free", "paid"],
        operators: &["Berufsbildungswerk Elbe gGmbH", "Fachschulverbund Nord e.V."],
    },
    Profile {
        place_type: "university",
        label: "University",
        weight: 6,
        ages: &[(18, 120), (17, 120)],
        names: &[
            t("Hochschulcampus {q}", "{q} University Campus"),
            t("Institut für Stadtforschung {q}", "{q} Institute for Urban Research"),
            t("Hochschulzentrum für Weiterbildung {q}", "{q} University Centre for Continuing Education"),
            ta("Kinderuni {q}", "{q} Children's University", 8, 12),
            ta("Seniorenstudium {q}", "{q} Senior Studies Programme", 50, 120),
        ],
        blurbs: &[
            ("Öffentliche Vorlesungen und Weiterbildungsangebote in {q}.",
             "Public lectures and continuing education in {q}."),
            ("Forschung und Lehre zu Klima, Stadt und Gesundheit; Gasthörende willkommen.",
             "Research and teaching on climate, cities and health; guest students welcome."),
        ],
        areas: &["formal_education", "sustainable_development", "global_citizenship", "digital", "health", "jobs_skills"],
        audiences: &[],
        subjects: &["science", "engineering", "medicine", "law", "climate", "open_lectures", "urban_studies"],
        hours: &["Mo-Fr 08:00-20:00", "Mo-Fr 08:00-22:00; Sa 09:00-16:00"],
        delivery: &["in_person", "in_person", "in_person", "hybrid", "hybrid", "online"],
        fees: &["free", "varies", "varies"],
        operators: &["Demo-Hochschulverbund Hamburg", "Stiftung Wissen am Wasser"],
    },
    Profile {
        place_type: "kindergarten",
        label: "Kindergarten",
        weight: 50,
        ages: &[(0, 6), (1, 6), (3, 6)],
        names: &[
            t("Kita Sonnenschein {q}", "Sunshine Day Care {q}"),
            t("Kita Regenbogen {q}", "Rainbow Day Care {q}"),
            t("Kita Pusteblume {q}", "Dandelion Day Care {q}"),
            t("Kita Wirbelwind {q}", "Whirlwind Day Care {q}"),
            t("Kita Kleine Entdecker {q}", "Little Explorers Day Care {q}"),
            t("Kita Sternschnuppe {q}", "Shooting Star Day Care {q}"),
            t("Kita Hafenkinder {q}", "Harbour Kids Day Care {q}"),
            t("Kita Möwennest {q}", "Seagull's Nest Day Care {q}"),
            t("Eltern-Kind-Zentrum {q}", "{q} Parent and Child Centre"),
            ta("Krippe Zwergenstube {q}", "Little Dwarfs Nursery {q}", 0, 3),
        ],
        blurbs: &[
            ("Kindertagesstätte mit Krippe und Elementarbereich in {q}.",
             "A day-care centre with nursery and pre-school groups in {q}."),
            ("Zweisprachige Kita mit Garten, Bewegungsraum und Eltern-Café.",
             "A bilingual day-care centre with a garden, a movement room and a parents' café."),
        ],
        areas: &["family_community", "literacy", "health", "languages", "arts_culture", "sustainable_development"],
        audiences: &["families", "special_needs", "newcomers"],
        subjects: &["play", "music", "nature", "early_reading", "movement", "healthy_eating"],
        hours: &["Mo-Fr 07:00-17:00", "Mo-Fr 06:30-18:00", "Mo-Fr 08:00-16:00"],
        delivery: &["in_person"],
        fees: &["varies"],
        operators: &["Kinderwelt Hamburg gGmbH", "Elterninitiative {q} e.V.", "Kita-Verbund Sonnenseite e.V."],
    },
    Profile {
        place_type: "training_centre",
        label: "Training centre",
        weight: 15,
        ages: &[(16, 67), (18, 67), (25, 67)],
        names: &[
            t("Qualifizierungszentrum {q}", "{q} Skills Centre"),
            t("Weiterbildungszentrum {q}", "{q} Further Education Centre"),
            t("Jobwerkstatt {q}", "{q} Job Workshop"),
            t("Lernzentrum Beruf {q}", "{q} Career Learning Centre"),
            ta("Ausbildungswerkstatt {q}", "{q} Apprenticeship Workshop", 15, 25),
        ],
        blurbs: &[
            ("Qualifizierung, Bewerbungstraining und Umschulung in {q}.",
             "Skills training, job-application coaching and retraining in {q}."),
            ("Praxisnahe Kurse in Lager, Pflege und Büro mit Zertifikat.",
             "Hands-on courses in warehousing, care and office work, with a certificate."),
        ],
        areas: &["jobs_skills", "digital", "languages", "literacy"],
        audiences: &["jobseekers", "newcomers", "special_needs", "low_income"],
        subjects: &["welding", "logistics", "care_work", "bookkeeping", "job_applications", "forklift", "office_software"],
        hours: &["Mo-Fr 08:00-16:30", "Mo-Th 08:00-17:00; Fr 08:00-14:00"],
        delivery: &["in_person", "in_person", "in_person", "hybrid"],
        fees: &["free", "free", "paid", "varies"],
        operators: &["Qualifizierungsgesellschaft Nord gGmbH", "Arbeit und Lernen Hamburg e.V."],
    },
    Profile {
        place_type: "language_school",
        label: "Language school",
        weight: 15,
        ages: &[(16, 120), (6, 120), (18, 120)],
        names: &[
            t("Sprachschule {q}", "{q} Language School"),
            t("Sprachcafé {q}", "{q} Language Café"),
            t("Sprachinstitut {q}", "{q} Language Institute"),
            t("Deutschtreff {q}", "{q} German Conversation Club"),
            ta("Kindersprachschule {q}", "{q} Children's Language School", 4, 12),
        ],
        blurbs: &[
            ("Deutschkurse von A1 bis C1 sowie Englisch, Türkisch und Arabisch in {q}.",
             "German courses from A1 to C1, and English, Turkish and Arabic, in {q}."),
            ("Kleine Gruppen, Abendkurse und ein offenes Sprachcafé.",
             "Small groups, evening classes and an open language café."),
        ],
        areas: &["languages", "global_citizenship", "jobs_skills", "literacy"],
        audiences: &["newcomers", "jobseekers"],
        subjects: &["german", "english", "turkish", "arabic", "french", "spanish", "integration_course"],
        hours: &["Mo-Fr 09:00-20:00", "Mo-Th 10:00-21:00; Sa 10:00-13:00", "Tu,Th 17:00-20:00"],
        delivery: &["in_person", "in_person", "in_person", "hybrid", "hybrid", "online"],
        fees: &["paid", "paid", "paid", "varies", "free"],
        operators: &["Sprachforum Hanse GmbH", "Lingua Elbe GmbH", "Willkommen in {q} e.V."],
    },
    Profile {
        place_type: "music_school",
        label: "Music school",
        weight: 12,
        ages: &[(4, 120), (6, 18), (0, 120)],
        names: &[
            t("Musikschule {q}", "{q} Music School"),
            t("Klangwerkstatt {q}", "{q} Sound Workshop"),
            t("Chorschule {q}", "{q} Choir School"),
            ta("Jugendmusikschule {q}", "{q} Youth Music School", 6, 21),
        ],
        blurbs: &[
            ("Instrumentalunterricht, Chor und Ensembles für alle Altersstufen in {q}.",
             "Instrument lessons, choir and ensembles for all ages in {q}."),
            ("Musikalische Früherziehung, Bandprojekte und Konzerte im Stadtteil.",
             "Early music education, band projects and local concerts."),
        ],
        areas: &["arts_culture", "family_community"],
        audiences: &["families", "low_income"],
        subjects: &["piano", "guitar", "violin", "choir", "drums", "music_theory"],
        hours: &["Mo-Fr 13:00-20:00; Sa 09:00-14:00", "Mo-Fr 14:00-19:00"],
        delivery: &["in_person", "in_person", "in_person", "in_person", "outreach"],
        fees: &["paid", "paid", "paid", "varies"],
        operators: &["Musikschulverein {b} e.V.", "Klangraum Hamburg gGmbH"],
    },
    Profile {
        place_type: "makerspace",
        label: "Makerspace",
        weight: 8,
        ages: &[(10, 120), (14, 120), (8, 120)],
        names: &[
            t("Makerspace {q}", "{q} Makerspace"),
            t("FabLab {q}", "{q} FabLab"),
            t("Offene Werkstatt {q}", "{q} Open Workshop"),
            t("Repair-Café {q}", "{q} Repair Café"),
            t("Digitalwerkstatt {q}", "{q} Digital Workshop"),
        ],
        blurbs: &[
            ("Offene Werkstatt mit 3D-Druckern, Lasercutter und Elektronik in {q}.",
             "An open workshop with 3D printers, a laser cutter and electronics in {q}."),
            ("Reparieren statt wegwerfen: Repair-Café und Programmierkurse für Jugendliche.",
             "Repair, don't throw away: a repair café and coding courses for young people."),
        ],
        areas: &["digital", "sustainable_development", "arts_culture", "jobs_skills"],
        audiences: &["families", "jobseekers"],
        subjects: &["coding", "robotics", "3d_printing", "electronics", "woodworking", "sewing", "repair"],
        hours: &["We,Th 16:00-21:00; Sa 11:00-17:00", "Tu 18:00-22:00; Sa 12:00-18:00", "Mo-Fr 15:00-21:00"],
        delivery: &["in_person", "in_person", "in_person", "in_person", "outreach"],
        fees: &["free", "free", "varies", "varies", "paid"],
        operators: &["Offene Werkstätten {q} e.V.", "Digitalwerkstatt Hamburg e.V."],
    },
    Profile {
        place_type: "museum",
        label: "Museum",
        weight: 12,
        ages: &[(0, 120), (6, 120)],
        names: &[
            t("Stadtteilmuseum {q}", "{q} Local History Museum"),
            t("Geschichtswerkstatt {q}", "{q} History Workshop"),
            t("Galerie im Kulturhaus {q}", "{q} Cultural Centre Gallery"),
            t("Naturkundekabinett {q}", "{q} Natural History Cabinet"),
            ta("Kindermuseum {q}", "{q} Children's Museum", 3, 12),
        ],
        blurbs: &[
            ("Ausstellungen und Führungen zur Geschichte von {q}.",
             "Exhibitions and guided tours on the history of {q}."),
            ("Museumspädagogik für Schulklassen und Familien, Workshops am Wochenende.",
             "Learning programmes for school classes and families, workshops at weekends."),
        ],
        areas: &["arts_culture", "global_citizenship", "sustainable_development", "family_community", "literacy"],
        audiences: &["families", "special_needs"],
        subjects: &["history", "art", "science", "harbour", "maritime", "guided_tours"],
        hours: &["Tu-Su 10:00-18:00", "We-Su 11:00-17:00", "Tu-Su 10:00-17:00; Th 10:00-20:00"],
        delivery: &["in_person", "in_person", "in_person", "in_person", "outreach"],
        fees: &["paid", "paid", "varies", "varies", "free"],
        operators: &["Stadtteilgeschichte {q} e.V.", "Stiftung Hafen und Stadt"],
    },
    Profile {
        place_type: "workplace",
        label: "Workplace learning",
        weight: 10,
        ages: &[(16, 67), (18, 67)],
        names: &[
            t("Betriebsakademie Hafenlogistik {q}", "{q} Port Logistics Staff Academy"),
            t("Lernwerkstatt Pflege {q}", "{q} Care Work Learning Workshop"),
            t("Ausbildungszentrum Handwerk {q}", "{q} Crafts Training Centre"),
            t("Betriebliche Lerninsel {q}", "{q} Workplace Learning Hub"),
        ],
        blurbs: &[
            ("Betriebliche Aus- und Weiterbildung mit Lernwerkstatt und Sprachkursen.",
             "In-company training with a learning workshop and language courses."),
            ("Lernen am Arbeitsplatz in {q}: Ausbildung, Arbeitsschutz, digitale Werkzeuge.",
             "Learning at work in {q}: apprenticeships, safety and digital tools."),
        ],
        areas: &["jobs_skills", "digital", "health", "languages"],
        audiences: &["jobseekers"],
        subjects: &["apprenticeship", "safety", "leadership", "it", "logistics", "care_work"],
        hours: &["Mo-Fr 08:00-16:00", "Mo-Fr 07:00-15:30"],
        delivery: &["in_person", "in_person", "in_person", "hybrid"],
        fees: &["free"],
        operators: &["Hafenlogistik Nord GmbH", "Pflegeverbund Elbe gGmbH", "Werkstätten am Kanal GmbH"],
    },
    Profile {
        place_type: "online",
        label: "Online learning",
        weight: 6,
        ages: &[(12, 120), (16, 120), (0, 120)],
        names: &[
            t("Online-Lernbüro {q}", "{q} Online Learning Office"),
            t("Digitaler Sprachtreff {q}", "{q} Online Language Meet-up"),
            t("Lernplattform Elbwissen {q}", "Elbwissen Learning Platform {q}"),
            ta("Online-Hausaufgabenhilfe {q}", "{q} Online Homework Help", 6, 18),
        ],
        blurbs: &[
            ("Online-Kurse und Lernbegleitung per Video, mit Beratungsbüro in {q}.",
             "Online courses and learning support by video, with an advice office in {q}."),
            ("Digitale Lernangebote rund um die Uhr, mit offenen Sprechstunden.",
             "Digital learning around the clock, with open office hours."),
        ],
        areas: &["digital", "languages", "jobs_skills", "literacy", "global_citizenship", "formal_education"],
        audiences: &["jobseekers", "newcomers", "special_needs"],
        subjects: &["coding", "languages", "office_software", "online_safety", "exam_preparation"],
        hours: &["24/7", "Mo-Fr 09:00-17:00"],
        delivery: &["online", "online", "online", "hybrid"],
        fees: &["free", "free", "free", "paid", "varies"],
        operators: &["Lernnetz Hamburg e.V.", "Digitales Lernen Nord gGmbH"],
    },
    Profile {
        place_type: "other",
        label: "Learning place",
        weight: 8,
        ages: &[(0, 120), (16, 120), (8, 120)],
        names: &[
            t("Gemeinschaftsgarten {q}", "{q} Community Garden"),
            t("Schachclub {q}", "{q} Chess Club"),
            t("Umweltzentrum {q}", "{q} Environment Centre"),
            t("Erste-Hilfe-Treff {q}", "{q} First Aid Meet-up"),
            t("Fahrradwerkstatt {q}", "{q} Bicycle Repair Workshop"),
        ],
        blurbs: &[
            ("Gemeinsam lernen und tun in {q}: Garten, Reparieren, Spielen.",
             "Learning by doing together in {q}: gardening, repairing and games."),
            ("Ehrenamtlich getragenes Lernangebot für die Nachbarschaft.",
             "A volunteer-run learning offer for the neighbourhood."),
        ],
        areas: &["health", "sustainable_development", "family_community", "arts_culture", "global_citizenship"],
        audiences: &["families", "low_income", "newcomers"],
        subjects: &["gardening", "first_aid", "chess", "climate", "bicycle_repair", "composting"],
        hours: &["Sa 10:00-14:00", "Mo,We 17:00-20:00", "Apr-Oct Sa 10:00-16:00", "We 15:00-18:00; PH off"],
        delivery: &["in_person", "in_person", "in_person", "outreach", "outreach"],
        fees: &["free", "free", "free", "varies"],
        operators: &["Umweltinitiative {q} e.V.", "Schachfreunde {q} e.V.", "Gemeinschaftsgarten {q} e.V."],
    },
];

const WHEELCHAIR: [&str; 3] = ["yes", "limited", "no"];
const WHEELCHAIR_WEIGHTS: [u32; 3] = [5, 3, 2];

const EXTRA_LANGUAGES: [&str; 11] = [
    "en", "en", "tr", "ar", "ru", "pl", "fa", "uk", "es", "fr", "pt",
];

fn fee_notes(fee: &str) -> &'static [&'static str] {
    match fee {
        "free" => &["Spenden willkommen", "Anmeldung erforderlich"],
        "paid" => &[
            "ab 45 € pro Kurs",
            "Ermäßigung auf Anfrage",
            "Probestunde kostenlos",
        ],
        _ => &[
            "Preise je nach Kurs",
            "Beitrag nach Einkommen",
            "Ermäßigt für Schüler*innen, Studierende und Leistungsberechtigte",
        ],
    }
}

/// The attributes every generated place has, demo or synthetic.
struct Core {
    age_min: u8,
    age_max: u8,
    areas: Vec<&'static str>,
    audiences: Vec<&'static str>,
    hours: Option<&'static str>,
    fee: &'static str,
    wheelchair: &'static str,
}

fn draw_core(rng: &mut Rng, profile: &Profile, ages: (u8, u8)) -> Core {
    // 1-4 learning areas, the type's main one more often than not.
    let k = 1 + rng.below(profile.areas.len().min(4) as u64) as usize;
    let mut areas = Vec::with_capacity(k);
    if rng.chance(0.7) {
        areas.push(profile.areas[0]);
    }
    for area in sample(rng, profile.areas, profile.areas.len()) {
        if areas.len() >= k {
            break;
        }
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    sort_by_schema(&mut areas, &LEARNING_AREAS);

    let mut audiences = Vec::new();
    if !profile.audiences.is_empty() && rng.chance(0.5) {
        let k = 1 + rng.below(2) as usize;
        audiences = sample(rng, profile.audiences, k);
        sort_by_schema(&mut audiences, &AUDIENCES);
    }

    let hours = if rng.chance(0.93) {
        Some(*pick(rng, profile.hours))
    } else {
        None
    };
    let fee = *pick(rng, profile.fees);
    let wheelchair = WHEELCHAIR[weighted(rng, &WHEELCHAIR_WEIGHTS)];
    Core {
        age_min: ages.0,
        age_max: ages.1,
        areas,
        audiences,
        hours,
        fee,
        wheelchair,
    }
}

fn strings(values: &[&str]) -> Value {
    Value::Array(values.iter().map(|&s| Value::from(s)).collect())
}

impl Core {
    /// Puts the compact property set into `props`.
    fn fill(&self, props: &mut BTreeMap<&'static str, Value>) {
        props.insert("age_min", self.age_min.into());
        props.insert("age_max", self.age_max.into());
        props.insert(
            "age_groups",
            strings(&age_groups(self.age_min, self.age_max)),
        );
        if let Some(hours) = self.hours {
            props.insert("opening_hours", hours.into());
        }
        props.insert("fee", self.fee.into());
        props.insert("wheelchair", self.wheelchair.into());
        props.insert("learning_areas", strings(&self.areas));
        if !self.audiences.is_empty() {
            props.insert("audiences", strings(&self.audiences));
        }
    }
}

/// A JSON object with its keys inserted in sorted order, so that it
/// serialises identically with and without serde_json's `preserve_order`.
fn object(map: BTreeMap<&str, Value>) -> Value {
    Value::Object(
        map.into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<String, Value>>(),
    )
}

fn point_feature(lon: f64, lat: f64, props: BTreeMap<&str, Value>) -> Value {
    let geometry = BTreeMap::from([
        ("coordinates", Value::from(vec![lon, lat])),
        ("type", Value::from("Point")),
    ]);
    object(BTreeMap::from([
        ("geometry", object(geometry)),
        ("properties", object(props)),
        ("type", Value::from("Feature")),
    ]))
}

/// Rounds to 6 decimals (about 0.1 m), turning -0 into 0.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// A point uniformly inside the unit disc (rejection sampling: no
/// transcendental functions, so the same on every platform).
fn unit_disc(rng: &mut Rng) -> (f64, f64) {
    loop {
        let x = rng.range_f64(-1.0, 1.0);
        let y = rng.range_f64(-1.0, 1.0);
        if x * x + y * y <= 1.0 {
            return (x, y);
        }
    }
}

const METRES_PER_DEGREE_LAT: f64 = 111_320.0;

// ---------------------------------------------------------------------------
// The Hamburg demo
// ---------------------------------------------------------------------------

/// Hamburg's seven boroughs (Bezirke), weighted by population (thousands).
const BOROUGHS: [(&str, u32); 7] = [
    ("Hamburg-Mitte", 310),
    ("Altona", 280),
    ("Eimsbüttel", 275),
    ("Hamburg-Nord", 320),
    ("Wandsbek", 450),
    ("Bergedorf", 135),
    ("Harburg", 175),
];

const MITTE: usize = 0;
const ALTONA: usize = 1;
const EIMSBUETTEL: usize = 2;
const NORD: usize = 3;
const WANDSBEK: usize = 4;
const BERGEDORF: usize = 5;
const HARBURG: usize = 6;

/// A quarter (Stadtteil): an approximate centre on land, how far places may
/// be jittered from it without getting wet, and its postcodes.
struct Quarter {
    name: &'static str,
    borough: usize,
    lat: f64,
    lon: f64,
    radius_m: f64,
    postcodes: &'static [&'static str],
}

const fn q(
    name: &'static str,
    borough: usize,
    lat: f64,
    lon: f64,
    radius_m: f64,
    postcodes: &'static [&'static str],
) -> Quarter {
    Quarter {
        name,
        borough,
        lat,
        lon,
        radius_m,
        postcodes,
    }
}

#[rustfmt::skip]
const QUARTERS: &[Quarter] = &[
    q("St. Pauli", MITTE, 53.5565, 9.9680, 450.0, &["20359", "20357"]),
    q("St. Georg", MITTE, 53.5545, 10.0170, 400.0, &["20099"]),
    q("Hamm", MITTE, 53.5560, 10.0580, 700.0, &["20535", "20537"]),
    q("Horn", MITTE, 53.5550, 10.0900, 700.0, &["22111"]),
    q("Billstedt", MITTE, 53.5400, 10.1080, 800.0, &["22115", "22117"]),
    q("Wilhelmsburg", MITTE, 53.4975, 10.0080, 700.0, &["21107", "21109"]),
    q("Rothenburgsort", MITTE, 53.5360, 10.0420, 350.0, &["20539"]),
    q("Veddel", MITTE, 53.5220, 10.0260, 200.0, &["20539"]),
    q("Hammerbrook", MITTE, 53.5480, 10.0290, 300.0, &["20097"]),
    q("Neustadt", MITTE, 53.5510, 9.9810, 350.0, &["20354", "20355", "20459"]),
    q("Altstadt", MITTE, 53.5505, 10.0020, 300.0, &["20095"]),
    q("Ottensen", ALTONA, 53.5545, 9.9280, 550.0, &["22763", "22765"]),
    q("Altona-Altstadt", ALTONA, 53.5515, 9.9505, 350.0, &["22767"]),
    q("Altona-Nord", ALTONA, 53.5640, 9.9400, 500.0, &["22769"]),
    q("Sternschanze", ALTONA, 53.5630, 9.9650, 300.0, &["20357"]),
    q("Bahrenfeld", ALTONA, 53.5665, 9.9100, 700.0, &["22761"]),
    q("Othmarschen", ALTONA, 53.5555, 9.8900, 450.0, &["22763", "22605"]),
    q("Groß Flottbek", ALTONA, 53.5680, 9.8790, 500.0, &["22607"]),
    q("Osdorf", ALTONA, 53.5780, 9.8550, 700.0, &["22549"]),
    q("Lurup", ALTONA, 53.5930, 9.8760, 800.0, &["22547"]),
    q("Iserbrook", ALTONA, 53.5750, 9.8300, 500.0, &["22589"]),
    q("Blankenese", ALTONA, 53.5655, 9.8050, 400.0, &["22587"]),
    q("Sülldorf", ALTONA, 53.5830, 9.8000, 500.0, &["22589"]),
    q("Rissen", ALTONA, 53.5830, 9.7620, 550.0, &["22559"]),
    q("Eimsbüttel", EIMSBUETTEL, 53.5750, 9.9530, 700.0, &["20255", "20257", "20259"]),
    q("Rotherbaum", EIMSBUETTEL, 53.5680, 9.9850, 400.0, &["20146", "20148"]),
    q("Harvestehude", EIMSBUETTEL, 53.5800, 9.9820, 450.0, &["20144", "20149"]),
    q("Hoheluft-West", EIMSBUETTEL, 53.5810, 9.9680, 350.0, &["20253"]),
    q("Lokstedt", EIMSBUETTEL, 53.6000, 9.9550, 700.0, &["22527", "22529"]),
    q("Niendorf", EIMSBUETTEL, 53.6180, 9.9500, 800.0, &["22453", "22455"]),
    q("Schnelsen", EIMSBUETTEL, 53.6330, 9.9200, 800.0, &["22457", "22459"]),
    q("Eidelstedt", EIMSBUETTEL, 53.6060, 9.9060, 700.0, &["22523"]),
    q("Stellingen", EIMSBUETTEL, 53.5900, 9.9280, 600.0, &["22525", "22527"]),
    q("Eppendorf", NORD, 53.5880, 9.9820, 500.0, &["20249", "20251"]),
    q("Hoheluft-Ost", NORD, 53.5835, 9.9770, 300.0, &["20251"]),
    q("Winterhude", NORD, 53.5940, 10.0150, 500.0, &["22297", "22299", "22303"]),
    q("Uhlenhorst", NORD, 53.5720, 10.0200, 400.0, &["22085", "22087"]),
    q("Hohenfelde", NORD, 53.5620, 10.0310, 400.0, &["22087", "22089"]),
    q("Barmbek-Süd", NORD, 53.5770, 10.0420, 500.0, &["22081", "22083", "22085"]),
    q("Barmbek-Nord", NORD, 53.5960, 10.0450, 600.0, &["22305", "22307"]),
    q("Dulsberg", NORD, 53.5800, 10.0650, 400.0, &["22049"]),
    q("Alsterdorf", NORD, 53.6100, 10.0000, 500.0, &["22297", "22335"]),
    q("Groß Borstel", NORD, 53.6140, 9.9800, 500.0, &["22453"]),
    q("Ohlsdorf", NORD, 53.6220, 10.0300, 500.0, &["22335", "22337"]),
    q("Fuhlsbüttel", NORD, 53.6340, 10.0180, 500.0, &["22335"]),
    q("Langenhorn", NORD, 53.6520, 10.0100, 900.0, &["22415", "22417", "22419"]),
    q("Eilbek", WANDSBEK, 53.5690, 10.0480, 400.0, &["22089"]),
    q("Wandsbek", WANDSBEK, 53.5740, 10.0700, 600.0, &["22041", "22043"]),
    q("Marienthal", WANDSBEK, 53.5640, 10.0860, 500.0, &["22043"]),
    q("Jenfeld", WANDSBEK, 53.5710, 10.1350, 600.0, &["22045"]),
    q("Tonndorf", WANDSBEK, 53.5860, 10.1200, 600.0, &["22045"]),
    q("Farmsen-Berne", WANDSBEK, 53.6060, 10.1180, 700.0, &["22159"]),
    q("Bramfeld", WANDSBEK, 53.6150, 10.0750, 800.0, &["22175", "22177", "22179"]),
    q("Steilshoop", WANDSBEK, 53.6100, 10.0580, 400.0, &["22309"]),
    q("Rahlstedt", WANDSBEK, 53.6020, 10.1560, 1000.0, &["22143", "22147", "22149"]),
    q("Volksdorf", WANDSBEK, 53.6500, 10.1600, 700.0, &["22359"]),
    q("Sasel", WANDSBEK, 53.6530, 10.1100, 700.0, &["22393", "22395"]),
    q("Poppenbüttel", WANDSBEK, 53.6590, 10.0830, 600.0, &["22391", "22399"]),
    q("Wellingsbüttel", WANDSBEK, 53.6400, 10.0800, 500.0, &["22391"]),
    q("Bergstedt", WANDSBEK, 53.6700, 10.1250, 600.0, &["22395"]),
    q("Hummelsbüttel", WANDSBEK, 53.6430, 10.0550, 600.0, &["22339"]),
    q("Bergedorf", BERGEDORF, 53.4890, 10.2150, 600.0, &["21029", "21035"]),
    q("Lohbrügge", BERGEDORF, 53.5030, 10.2000, 800.0, &["21031", "21033"]),
    q("Neuallermöhe", BERGEDORF, 53.4860, 10.1560, 600.0, &["21035"]),
    q("Nettelnburg", BERGEDORF, 53.4870, 10.1820, 400.0, &["21035"]),
    q("Harburg", HARBURG, 53.4580, 9.9820, 450.0, &["21073"]),
    q("Heimfeld", HARBURG, 53.4610, 9.9580, 500.0, &["21075"]),
    q("Eißendorf", HARBURG, 53.4500, 9.9600, 600.0, &["21073", "21075"]),
    q("Wilstorf", HARBURG, 53.4470, 9.9880, 500.0, &["21077", "21079"]),
    q("Marmstorf", HARBURG, 53.4350, 9.9750, 500.0, &["21077"]),
    q("Neugraben-Fischbek", HARBURG, 53.4730, 9.8500, 900.0, &["21147", "21149"]),
    q("Hausbruch", HARBURG, 53.4700, 9.8900, 600.0, &["21147"]),
];

/// cos(53.55°): metres per degree of longitude in Hamburg are this times
/// those per degree of latitude. A constant, so no platform `cos` is needed.
const COS_HAMBURG_LAT: f64 = 0.594;

const STREETS: [&str; 30] = [
    "Lindenallee",
    "Schulweg",
    "Am Marktplatz",
    "Parkstraße",
    "Bahnhofstraße",
    "Kirchenweg",
    "Mühlenstieg",
    "Gartenstraße",
    "Birkenweg",
    "Am Stadtpark",
    "Rosenstraße",
    "Fleetweg",
    "Kanalstraße",
    "Hafenstieg",
    "Eichenhof",
    "Wiesenweg",
    "Sielkamp",
    "Moorweg",
    "Heidkoppel",
    "Amselstieg",
    "Ahornweg",
    "Brückenstraße",
    "Möwenweg",
    "Lerchenstieg",
    "Buchenkamp",
    "Am Weiher",
    "Schmiedekoppel",
    "Dorfstraße",
    "Sandkamp",
    "Holunderweg",
];

/// Variations for a name that is already taken.
const NAME_SUFFIXES: [(&str, &str); 6] = [
    ("Nord", "North"),
    ("Süd", "South"),
    ("Ost", "East"),
    ("West", "West"),
    ("Mitte", "Central"),
    ("am Markt", "Market"),
];

/// A place being generated, before its learning areas and audiences are final.
struct DemoPlace {
    profile: &'static Profile,
    lon: f64,
    lat: f64,
    core: Core,
    props: BTreeMap<&'static str, Value>,
}

/// Builds the fictional Hamburg demo set: a GeoJSON FeatureCollection of
/// [`DEMO_COUNT`] learning spaces spread over Hamburg's seven boroughs.
///
/// The collection names itself `learnmap demo data: Hamburg (fictional)` and
/// its `description` says that the places are invented. Every place type,
/// age group, learning area and audience of the schema occurs at least once,
/// every `id` is unique (`demo-0001` ...), names end in `(Demo)`, and contact
/// details only use `example.org`. The same `seed` always gives the same
/// value, and the keys of every object are in sorted order.
///
/// ```
/// let demo = learnmap_synth::demo_city(2024);
/// assert_eq!(demo["name"], "learnmap demo data: Hamburg (fictional)");
/// let first = &demo["features"][0];
/// assert_eq!(first["properties"]["id"], "demo-0001");
/// assert_eq!(first["properties"]["addr:city"].as_str().unwrap_or("Hamburg"), "Hamburg");
/// ```
pub fn demo_city(seed: u64) -> Value {
    let mut rng = Rng::new(seed);

    // One place of every type first (with the type's usual ages, so that
    // every age group occurs), the rest drawn by weight; then shuffled.
    let weights: Vec<u32> = PROFILES.iter().map(|p| p.weight).collect();
    let mut plan: Vec<(usize, bool)> = (0..PROFILES.len()).map(|i| (i, true)).collect();
    while plan.len() < DEMO_COUNT {
        plan.push((weighted(&mut rng, &weights), false));
    }
    rng.shuffle(&mut plan);

    let mut names = BTreeSet::new();
    let mut places: Vec<DemoPlace> = plan
        .iter()
        .enumerate()
        .map(|(i, &(p, usual))| demo_place(&mut rng, i, &PROFILES[p], usual, &mut names))
        .collect();
    ensure_coverage(&mut places);

    let features: Vec<Value> = places
        .into_iter()
        .map(|mut place| {
            place
                .props
                .insert("learning_areas", strings(&place.core.areas));
            if !place.core.audiences.is_empty() {
                place
                    .props
                    .insert("audiences", strings(&place.core.audiences));
            }
            point_feature(place.lon, place.lat, place.props)
        })
        .collect();

    let description = format!(
        "FICTIONAL demo places generated by `learnmap-data demo --seed {seed}`: \
         not real places. Names, addresses, phone numbers, e-mail addresses, \
         websites and opening hours are invented for demonstrating and testing \
         learnmap; do not use them to look for learning provision."
    );
    // the places' extent, which a map can start at before reading them
    let positions = features.iter().filter_map(|f| {
        let c = f["geometry"]["coordinates"].as_array()?;
        Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?))
    });
    let extent = extent(positions);
    let mut members = BTreeMap::from([
        ("description", Value::from(description)),
        ("features", Value::Array(features)),
        (
            "name",
            Value::from("learnmap demo data: Hamburg (fictional)"),
        ),
        ("type", Value::from("FeatureCollection")),
    ]);
    if let Some(extent) = extent {
        members.insert("bbox", extent.into_iter().map(Value::from).collect());
    }
    object(members)
}

fn demo_place(
    rng: &mut Rng,
    index: usize,
    profile: &'static Profile,
    usual: bool,
    names: &mut BTreeSet<String>,
) -> DemoPlace {
    let borough_weights: Vec<u32> = BOROUGHS.iter().map(|b| b.1).collect();
    let borough = weighted(rng, &borough_weights);
    let quarters: Vec<&Quarter> = QUARTERS.iter().filter(|q| q.borough == borough).collect();
    let quarter = *pick(rng, &quarters);

    let (x, y) = unit_disc(rng);
    let lat = quarter.lat + y * quarter.radius_m / METRES_PER_DEGREE_LAT;
    let lon = quarter.lon + x * quarter.radius_m / (METRES_PER_DEGREE_LAT * COS_HAMBURG_LAT);

    let templates: Vec<&NameTemplate> = profile
        .names
        .iter()
        .filter(|t| !usual || t.ages.is_none())
        .collect();
    let (template, name_de, name_en) = unique_name(rng, &templates, quarter.name, names);
    let ages = match (usual, template.ages) {
        (true, _) => profile.ages[0],
        (false, Some(ages)) => ages,
        (false, None) => *pick(rng, profile.ages),
    };
    let core = draw_core(rng, profile, ages);

    let mut props: BTreeMap<&'static str, Value> = BTreeMap::new();
    props.insert("id", format!("demo-{:04}", index + 1).into());
    props.insert("name", format!("{name_de} (Demo)").into());
    if rng.chance(0.35) {
        props.insert("name:en", format!("{name_en} (demo)").into());
    }
    if rng.chance(0.6) {
        let (de, en) = *pick(rng, profile.blurbs);
        props.insert("description", de.replace("{q}", quarter.name).into());
        if rng.chance(0.5) {
            props.insert("description:en", en.replace("{q}", quarter.name).into());
        }
    }
    props.insert("place_type", profile.place_type.into());
    core.fill(&mut props);
    if rng.chance(0.85) {
        let k = rng.range_u32(1, 3) as usize;
        props.insert("subjects", strings(&sample(rng, profile.subjects, k)));
    }
    props.insert("delivery", (*pick(rng, profile.delivery)).into());
    props.insert("languages", strings(&demo_languages(rng, profile)));
    if rng.chance(0.4) {
        props.insert("fee_note", (*pick(rng, fee_notes(core.fee))).into());
    }
    if profile.place_type != "online" || rng.chance(0.5) {
        let mut number = rng.range_u32(1, 160).to_string();
        if rng.chance(0.1) {
            number.push(*pick(rng, &['a', 'b', 'c']));
        }
        props.insert("addr:street", (*pick(rng, &STREETS)).into());
        props.insert("addr:housenumber", number.into());
        props.insert("addr:postcode", (*pick(rng, quarter.postcodes)).into());
        props.insert("addr:city", "Hamburg".into());
        props.insert("addr:suburb", quarter.name.into());
    }
    if rng.chance(0.65) {
        // German subscriber numbers never start with 0, so these reach no one.
        let phone = format!("+49 40 0{:03} {:04}", rng.below(1000), rng.below(10_000));
        props.insert("phone", phone.into());
    }
    let slug = slug(&name_de);
    if rng.chance(0.7) {
        props.insert("email", format!("{slug}@example.org").into());
    }
    if rng.chance(0.75) {
        props.insert(
            "website",
            format!("https://example.org/learnmap-demo/{slug}").into(),
        );
    }
    if rng.chance(0.8) {
        let operator = pick(rng, profile.operators)
            .replace("{q}", quarter.name)
            .replace("{b}", BOROUGHS[borough].0);
        props.insert("operator", operator.into());
    }
    let status = if rng.chance(0.03) {
        "temporarily_closed"
    } else {
        "active"
    };
    props.insert("status", status.into());
    props.insert("last_verified", random_date(rng).into());
    props.insert("source", DEMO_SOURCE.into());

    DemoPlace {
        profile,
        lon: round6(lon),
        lat: round6(lat),
        core,
        props,
    }
}

/// A name (German and English) not yet in `taken`, from one of `templates`.
fn unique_name<'t>(
    rng: &mut Rng,
    templates: &[&'t NameTemplate],
    quarter: &str,
    taken: &mut BTreeSet<String>,
) -> (&'t NameTemplate, String, String) {
    let start = rng.below(templates.len() as u64) as usize;
    let fill = |t: &NameTemplate, q: &str| (t.de.replace("{q}", q), t.en.replace("{q}", q));
    let mut candidates = Vec::new();
    for i in 0..templates.len() {
        let template = templates[(start + i) % templates.len()];
        let (de, en) = fill(template, quarter);
        candidates.push((template, de, en));
    }
    let template = templates[start];
    for (suffix_de, suffix_en) in NAME_SUFFIXES {
        let (de, _) = fill(template, &format!("{quarter} {suffix_de}"));
        let (_, en) = fill(template, &format!("{quarter} {suffix_en}"));
        candidates.push((template, de, en));
    }
    for (template, de, en) in candidates {
        if taken.insert(de.clone()) {
            return (template, de, en);
        }
    }
    let mut n = 2;
    loop {
        let (de, en) = fill(template, &format!("{quarter} {n}"));
        if taken.insert(de.clone()) {
            return (template, de, en);
        }
        n += 1;
    }
}

fn demo_languages(rng: &mut Rng, profile: &Profile) -> Vec<&'static str> {
    let mut languages = vec!["de"];
    let (p, most) = if profile.place_type == "language_school" {
        (1.0, 3)
    } else {
        (0.45, 2)
    };
    if rng.chance(p) {
        let k = 1 + rng.below(most) as usize;
        for _ in 0..k {
            let lang = *pick(rng, &EXTRA_LANGUAGES);
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
    }
    languages
}

/// A date from 2025-01-01 to 2026-10-31.
fn random_date(rng: &mut Rng) -> String {
    const MONTH_DAYS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = rng.below(365 + 304);
    let mut year = 2025;
    if day >= 365 {
        day -= 365;
        year = 2026;
    }
    let mut month = 0;
    while day >= MONTH_DAYS[month] {
        day -= MONTH_DAYS[month];
        month += 1;
    }
    format!("{year}-{:02}-{:02}", month + 1, day + 1)
}

/// A URL- and e-mail-safe form of a name: `Kita Möwennest Lurup` →
/// `kita-moewennest-lurup`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'é' | 'è' => out.push('e'),
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

/// Makes sure every learning area and audience occurs, by adding missing
/// ones to the first place whose type plausibly offers them. (Every place
/// type and age group occurs by construction.)
fn ensure_coverage(places: &mut [DemoPlace]) {
    for area in LEARNING_AREAS {
        if places.iter().any(|p| p.core.areas.contains(&area)) {
            continue;
        }
        let fits = |p: &DemoPlace| p.profile.areas.contains(&area);
        let index = places
            .iter()
            .position(|p| fits(p) && p.core.areas.len() < 4)
            .or_else(|| places.iter().position(fits))
            .expect("some place type offers every learning area");
        let areas = &mut places[index].core.areas;
        if areas.len() >= 4 {
            areas.pop();
        }
        areas.push(area);
        sort_by_schema(areas, &LEARNING_AREAS);
    }
    for audience in AUDIENCES {
        if places.iter().any(|p| p.core.audiences.contains(&audience)) {
            continue;
        }
        let index = places
            .iter()
            .position(|p| p.profile.audiences.contains(&audience) && p.core.audiences.len() < 3)
            .expect("some place type serves every audience");
        let audiences = &mut places[index].core.audiences;
        audiences.push(audience);
        sort_by_schema(audiences, &AUDIENCES);
    }
}

// ---------------------------------------------------------------------------
// Synthetic sets for benchmarks
// ---------------------------------------------------------------------------

/// A cluster centre of synthetic places.
struct City {
    name: &'static str,
    lat: f64,
    lon: f64,
    spread_km: f64,
    weight: u32,
    lang: &'static str,
}

const fn c(
    name: &'static str,
    lat: f64,
    lon: f64,
    spread_km: f64,
    weight: u32,
    lang: &'static str,
) -> City {
    City {
        name,
        lat,
        lon,
        spread_km,
        weight,
        lang,
    }
}

#[rustfmt::skip]
const CITIES: &[City] = &[
    c("Hamburg", 53.551, 9.994, 15.0, 6, "de"),
    c("Berlin", 52.520, 13.405, 20.0, 8, "de"),
    c("London", 51.507, -0.128, 25.0, 10, "en"),
    c("Paris", 48.857, 2.352, 15.0, 9, "fr"),
    c("Madrid", 40.417, -3.704, 12.0, 6, "es"),
    c("Lisbon", 38.722, -9.139, 10.0, 4, "pt"),
    c("Rome", 41.903, 12.496, 12.0, 5, "it"),
    c("Warsaw", 52.230, 21.012, 12.0, 4, "pl"),
    c("Kyiv", 50.450, 30.523, 15.0, 5, "uk"),
    c("Cork", 51.898, -8.476, 6.0, 1, "en"),
    c("Reykjavik", 64.147, -21.942, 6.0, 1, "is"),
    c("Istanbul", 41.008, 28.978, 25.0, 10, "tr"),
    c("Cairo", 30.044, 31.236, 20.0, 10, "ar"),
    c("Lagos", 6.524, 3.379, 25.0, 10, "en"),
    c("Nairobi", -1.286, 36.817, 15.0, 6, "sw"),
    c("Addis Ababa", 9.030, 38.740, 12.0, 5, "am"),
    c("Kinshasa", -4.441, 15.266, 18.0, 6, "fr"),
    c("Johannesburg", -26.204, 28.047, 20.0, 6, "en"),
    c("Cape Town", -33.925, 18.424, 15.0, 4, "af"),
    c("Tehran", 35.689, 51.389, 20.0, 7, "fa"),
    c("Karachi", 24.861, 67.010, 25.0, 8, "ur"),
    c("Delhi", 28.614, 77.209, 30.0, 12, "hi"),
    c("Mumbai", 19.076, 72.878, 25.0, 12, "mr"),
    c("Dhaka", 23.810, 90.413, 20.0, 9, "bn"),
    c("Bangkok", 13.756, 100.502, 20.0, 7, "th"),
    c("Ho Chi Minh City", 10.823, 106.630, 18.0, 6, "vi"),
    c("Singapore", 1.352, 103.820, 12.0, 5, "en"),
    c("Jakarta", -6.200, 106.817, 25.0, 9, "id"),
    c("Manila", 14.600, 120.984, 18.0, 8, "fil"),
    c("Beijing", 39.904, 116.407, 30.0, 11, "zh"),
    c("Shanghai", 31.230, 121.474, 30.0, 11, "zh"),
    c("Wuhan", 30.593, 114.305, 20.0, 5, "zh"),
    c("Seoul", 37.567, 126.978, 20.0, 8, "ko"),
    c("Tokyo", 35.682, 139.759, 30.0, 12, "ja"),
    c("Sydney", -33.869, 151.209, 25.0, 5, "en"),
    c("Auckland", -36.848, 174.763, 15.0, 3, "en"),
    c("New York", 40.713, -74.006, 25.0, 10, "en"),
    c("Los Angeles", 34.052, -118.244, 35.0, 8, "en"),
    c("Chicago", 41.878, -87.630, 20.0, 6, "en"),
    c("Toronto", 43.653, -79.383, 20.0, 6, "en"),
    c("Mexico City", 19.433, -99.133, 25.0, 10, "es"),
    c("Bogota", 4.711, -74.072, 15.0, 6, "es"),
    c("Medellin", 6.244, -75.581, 12.0, 4, "es"),
    c("Lima", -12.046, -77.043, 18.0, 6, "es"),
    c("Sao Paulo", -23.551, -46.633, 30.0, 11, "pt"),
    c("Buenos Aires", -34.604, -58.382, 20.0, 7, "es"),
    c("Santiago", -33.449, -70.669, 15.0, 5, "es"),
    c("Anchorage", 61.218, -149.900, 10.0, 1, "en"),
    c("Honolulu", 21.309, -157.858, 8.0, 1, "en"),
    // Near the poles.
    c("Longyearbyen", 78.223, 15.647, 3.0, 1, "nb"),
    c("Ny-Alesund", 78.925, 11.930, 1.0, 1, "nb"),
    c("Alert", 82.502, -62.348, 2.0, 1, "en"),
    c("Qaanaaq", 77.467, -69.230, 2.0, 1, "kl"),
    c("Utqiagvik", 71.290, -156.789, 4.0, 1, "en"),
    c("North Pole camp", 89.950, 30.000, 8.0, 1, "ru"),
    c("McMurdo Station", -77.846, 166.676, 2.0, 1, "en"),
    c("South Pole Station", -89.998, 0.000, 3.0, 1, "en"),
    // On or near the antimeridian.
    c("Suva", -18.141, 178.442, 8.0, 2, "fj"),
    c("Taveuni", -16.850, 179.970, 15.0, 2, "fj"),
    c("Chatham Islands", -43.954, -176.560, 10.0, 1, "en"),
    c("Nuku'alofa", -21.139, -175.204, 6.0, 1, "to"),
    c("Apia", -13.833, -171.761, 6.0, 1, "sm"),
    c("Anadyr", 64.734, 177.514, 5.0, 1, "ru"),
    c("Funafuti", -8.520, 179.200, 3.0, 1, "tvl"),
];

/// cos of a latitude in degrees, from a polynomial (|error| < 1e-6), so the
/// result is the same on every platform.
fn cos_deg(deg: f64) -> f64 {
    let x = deg.clamp(-90.0, 90.0) * (std::f64::consts::PI / 180.0);
    let x2 = x * x;
    1.0 - x2 / 2.0
        * (1.0
            - x2 / 12.0
                * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0 * (1.0 - x2 / 90.0 * (1.0 - x2 / 132.0)))))
}

/// A point around `city`, denser near its centre, kept valid across the
/// poles and the antimeridian.
fn around(rng: &mut Rng, city: &City) -> (f64, f64) {
    let (x, y) = unit_disc(rng);
    let r_km = city.spread_km * rng.f64();
    let mut lat = city.lat + y * r_km / (METRES_PER_DEGREE_LAT / 1000.0);
    let scale = cos_deg(city.lat).max(0.01);
    let mut lon = city.lon + x * r_km / (METRES_PER_DEGREE_LAT / 1000.0 * scale);
    if lat > 90.0 {
        lat = 180.0 - lat;
        lon += 180.0;
    } else if lat < -90.0 {
        lat = -180.0 - lat;
        lon += 180.0;
    }
    while lon > 180.0 {
        lon -= 360.0;
    }
    while lon < -180.0 {
        lon += 360.0;
    }
    (round6(lon), round6(lat))
}

/// Streams a synthetic FeatureCollection of `n` learning spaces to `out`,
/// one feature per line, without holding the collection in memory: for
/// benchmarks with 10k, 100k or 1M places.
///
/// Places cluster around cities all over the world, including some near
/// both poles and some on both sides of the antimeridian (Fiji, the Chatham
/// Islands), and about 2% share the exact position of the place before
/// them. Each has `id`, `name`, `place_type`, `age_min`, `age_max`,
/// `age_groups`, `learning_areas`, usually `opening_hours`, `fee`,
/// `wheelchair`, `languages` and sometimes `audiences`. The same `n` and
/// `seed` always give the same bytes. `out` is buffered internally.
///
/// ```
/// let mut bytes = Vec::new();
/// learnmap_synth::write_synthetic(&mut bytes, 3, 1).unwrap();
/// let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
/// assert_eq!(value["features"].as_array().unwrap().len(), 3);
/// ```
pub fn write_synthetic<W: Write>(out: W, n: usize, seed: u64) -> io::Result<()> {
    // The places' extent first, from the same places unwritten: the file
    // states it as its `bbox`, before its features, so that a map can
    // start there before reading them.
    let mut points = Vec::with_capacity(n);
    synthetic_features(&mut io::sink(), n, seed, &mut |lon, lat| {
        points.push((lon, lat));
    })?;
    let extent = extent(points);
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let description = format!(
        "FICTIONAL synthetic places for benchmarks, generated by \
         `learnmap-data synth --count {n} --seed {seed}`: not real places."
    );
    out.write_all(b"{\"type\":\"FeatureCollection\",\"name\":")?;
    serde_json::to_writer(&mut out, "learnmap synthetic benchmark data (fictional)")?;
    out.write_all(b",\"description\":")?;
    serde_json::to_writer(&mut out, &description)?;
    if let Some(extent) = extent {
        out.write_all(b",\"bbox\":")?;
        serde_json::to_writer(&mut out, &extent)?;
    }
    out.write_all(b",\"features\":[\n")?;
    synthetic_features(&mut out, n, seed, &mut |_, _| {})?;
    out.write_all(if n > 0 { b"\n]}\n" } else { b"]}\n" })?;
    out.flush()
}

/// The smallest box that holds every `(longitude, latitude)`, as GeoJSON
/// writes a `bbox`: `[west, south, east, north]`; `None` without points.
fn extent(points: impl IntoIterator<Item = (f64, f64)>) -> Option<[f64; 4]> {
    points.into_iter().fold(None, |b, (lon, lat)| {
        Some(match b {
            None => [lon, lat, lon, lat],
            Some([w, s, e, n]) => [w.min(lon), s.min(lat), e.max(lon), n.max(lat)],
        })
    })
}

/// The features of [`write_synthetic`], comma-separated, each position
/// also given to `at` (longitude, latitude).
fn synthetic_features<W: Write>(
    out: &mut W,
    n: usize,
    seed: u64,
    at: &mut dyn FnMut(f64, f64),
) -> io::Result<()> {
    let mut rng = Rng::new(seed);

    let city_weights: Vec<u32> = CITIES.iter().map(|c| c.weight).collect();
    let type_weights: Vec<u32> = PROFILES.iter().map(|p| p.weight).collect();
    let mut previous: Option<(usize, f64, f64)> = None;
    for i in 0..n {
        let (city_index, lon, lat) = match previous {
            Some(same) if rng.chance(0.02) => same,
            _ => {
                let city_index = weighted(&mut rng, &city_weights);
                let (lon, lat) = around(&mut rng, &CITIES[city_index]);
                (city_index, lon, lat)
            }
        };
        previous = Some((city_index, lon, lat));
        let city = &CITIES[city_index];
        let profile = &PROFILES[weighted(&mut rng, &type_weights)];
        let ages = *pick(&mut rng, profile.ages);
        let core = draw_core(&mut rng, profile, ages);

        let mut props = BTreeMap::new();
        props.insert("id", Value::from(format!("synth-{:07}", i + 1)));
        props.insert(
            "name",
            format!("{} {} {}", profile.label, city.name, i + 1).into(),
        );
        props.insert("place_type", profile.place_type.into());
        core.fill(&mut props);
        let mut languages = vec![city.lang];
        if city.lang != "en" && rng.chance(0.4) {
            languages.push("en");
        }
        props.insert("languages", strings(&languages));

        if i > 0 {
            out.write_all(b",\n")?;
        }
        at(lon, lat);
        out.write_all(b"{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")?;
        serde_json::to_writer(&mut *out, &lon)?;
        out.write_all(b",")?;
        serde_json::to_writer(&mut *out, &lat)?;
        out.write_all(b"]},\"properties\":")?;
        serde_json::to_writer(&mut *out, &object(props))?;
        out.write_all(b"}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        for profile in &PROFILES {
            assert!(
                profile.names.iter().any(|t| t.ages.is_none()),
                "{} needs a name without its own ages",
                profile.place_type
            );
            for &(lo, hi) in profile
                .ages
                .iter()
                .chain(profile.names.iter().filter_map(|t| t.ages.as_ref()))
            {
                assert!(lo <= hi && hi <= 120, "{}: {lo}-{hi}", profile.place_type);
            }
            assert!(profile.areas.iter().all(|a| LEARNING_AREAS.contains(a)));
            assert!(profile.audiences.iter().all(|a| AUDIENCES.contains(a)));
            for list in [
                profile.hours,
                profile.delivery,
                profile.fees,
                profile.operators,
                profile.subjects,
            ] {
                assert!(!list.is_empty(), "{}", profile.place_type);
            }
            assert!(profile
                .names
                .iter()
                .all(|t| t.de.contains("{q}") && t.en.contains("{q}")));
        }
        for area in LEARNING_AREAS {
            assert!(PROFILES.iter().any(|p| p.areas.contains(&area)), "{area}");
        }
        for audience in AUDIENCES {
            assert!(
                PROFILES.iter().any(|p| p.audiences.contains(&audience)),
                "{audience}"
            );
        }
        for quarter in QUARTERS {
            for code in quarter.postcodes {
                let n: u32 = code.parse().unwrap();
                assert!(code.len() == 5 && (20000..23000).contains(&n), "{code}");
            }
        }
        for borough in 0..BOROUGHS.len() {
            assert!(QUARTERS.iter().any(|q| q.borough == borough));
        }
    }

    #[test]
    fn cos_polynomial_is_close() {
        for deg in [-90.0, -89.998, -60.0, -17.0, 0.0, 33.3, 53.55, 78.9, 90.0] {
            let exact = f64::cos(f64::to_radians(deg));
            assert!((cos_deg(deg) - exact).abs() < 1e-6, "{deg}");
        }
        assert!((COS_HAMBURG_LAT - cos_deg(53.55)).abs() < 1e-3);
    }

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut rng = Rng::new(0);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[rng.below(7) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Kita Möwennest Lurup"), "kita-moewennest-lurup");
        assert_eq!(slug("Repair-Café St. Pauli"), "repair-cafe-st-pauli");
        assert_eq!(slug("Straße (Demo)"), "strasse-demo");
    }

    #[test]
    fn dates_are_valid() {
        let mut rng = Rng::new(3);
        for _ in 0..2000 {
            let d = random_date(&mut rng);
            assert!(("2025-01-01"..="2026-10-31").contains(&d.as_str()), "{d}");
        }
    }
}
