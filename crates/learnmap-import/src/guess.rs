//! Guesses for a new mapping, as the workbench shows them: which field
//! holds the coordinates, the name, the id, the address, the contact
//! details and the hours (from header names in several languages and from
//! the values), which fields are yes/no columns, and which schema value a
//! source value probably means.

use crate::mapping::{kind_of, Kind};
use crate::{field_value, truthy, ReadResult};
use learnmap_core::suggest::did_you_mean;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What the workbench knows about one source field.
#[derive(Clone, Debug, Serialize)]
pub struct FieldGuess {
    /// The field's name.
    pub field: String,
    /// How many records give it a value.
    pub filled: usize,
    /// Up to 200 distinct values, the most frequent first, with their counts.
    pub samples: Vec<(String, usize)>,
    /// How many distinct values it has.
    pub distinct: usize,
    /// The target it probably feeds (`name`, `lat`, `addr:street`...), if any.
    pub target: Option<&'static str>,
    /// Why: `header` (the name says so) or `values` (the values look so).
    pub reason: Option<&'static str>,
    /// At least 4 in 5 values say yes or no: a candidate for `[when.<target>]`.
    pub boolean: bool,
}

/// Header words by target, in the interface's languages; compared after
/// [`normalise`].
const HEADERS: &[(&str, &[&str])] = &[
    (
        "lat",
        &[
            "lat",
            "latitude",
            "y",
            "breite",
            "breitengrad",
            "latitud",
            "широта",
            "纬度",
            "위도",
            "خط العرض",
            "latitudine",
            "ycoord",
            "y coord",
        ],
    ),
    (
        "lon",
        &[
            "lon",
            "lng",
            "long",
            "longitude",
            "x",
            "länge",
            "laenge",
            "längengrad",
            "laengengrad",
            "longitud",
            "долгота",
            "经度",
            "경도",
            "خط الطول",
            "longitudine",
            "xcoord",
            "x coord",
        ],
    ),
    (
        "name",
        &[
            "name",
            "title",
            "nom",
            "nombre",
            "nome",
            "名称",
            "名字",
            "이름",
            "название",
            "имя",
            "jina",
            "الاسم",
            "اسم",
            "bezeichnung",
            "branch",
            "institution",
            "school name",
            "library",
            "place",
            "facility",
        ],
    ),
    (
        "id",
        &[
            "id",
            "key",
            "code",
            "identifier",
            "objectid",
            "object id",
            "fid",
            "kennung",
            "código",
            "codigo",
            "编号",
            "아이디",
            "идентификатор",
            "رقم",
            "uid",
            "ref",
            "nummer",
            "schulnummer",
            "branch id",
        ],
    ),
    (
        "addr:street",
        &[
            "address",
            "street",
            "adresse",
            "straße",
            "strasse",
            "dirección",
            "direccion",
            "endereço",
            "endereco",
            "地址",
            "주소",
            "адрес",
            "anwani",
            "العنوان",
            "street address",
            "addr street",
            "anschrift",
        ],
    ),
    (
        "addr:postcode",
        &[
            "zip",
            "zipcode",
            "zip code",
            "postcode",
            "postal code",
            "postalcode",
            "plz",
            "cp",
            "code postal",
            "código postal",
            "cep",
            "邮编",
            "우편번호",
            "индекс",
            "postleitzahl",
        ],
    ),
    (
        "addr:city",
        &[
            "city",
            "town",
            "ort",
            "stadt",
            "ville",
            "ciudad",
            "cidade",
            "城市",
            "도시",
            "город",
            "mji",
            "المدينة",
            "borough",
        ],
    ),
    (
        "phone",
        &[
            "phone",
            "tel",
            "telephone",
            "telefon",
            "téléphone",
            "telephone number",
            "teléfono",
            "telefono",
            "telefone",
            "电话",
            "전화",
            "전화번호",
            "телефон",
            "simu",
            "هاتف",
            "phone number",
            "fon",
        ],
    ),
    (
        "email",
        &[
            "email",
            "e mail",
            "mail",
            "correo",
            "courriel",
            "邮箱",
            "电子邮件",
            "이메일",
            "почта",
            "эл почта",
            "barua pepe",
            "البريد",
            "البريد الإلكتروني",
            "e mail adresse",
        ],
    ),
    (
        "website",
        &[
            "website",
            "url",
            "web",
            "site",
            "homepage",
            "webseite",
            "internet",
            "site web",
            "sitio web",
            "sitio",
            "网站",
            "웹사이트",
            "сайт",
            "tovuti",
            "الموقع",
            "link",
            "web site",
            "branch page",
        ],
    ),
    (
        "opening_hours",
        &[
            "hours",
            "opening hours",
            "openinghours",
            "opening_hours",
            "öffnungszeiten",
            "oeffnungszeiten",
            "horaires",
            "horario",
            "horarios",
            "horário",
            "营业时间",
            "开放时间",
            "운영시간",
            "часы работы",
            "saa",
            "ساعات",
            "ساعات العمل",
            "open",
        ],
    ),
    (
        "description",
        &[
            "description",
            "beschreibung",
            "descripción",
            "descripcion",
            "descrição",
            "descricao",
            "描述",
            "설명",
            "описание",
            "maelezo",
            "الوصف",
            "about",
            "notes",
        ],
    ),
    (
        "place_type",
        &[
            "type",
            "category",
            "kategorie",
            "art",
            "catégorie",
            "categorie",
            "categoría",
            "categoria",
            "tipo",
            "类型",
            "유형",
            "тип",
            "aina",
            "النوع",
            "schulform",
            "amenity",
        ],
    ),
    (
        "operator",
        &[
            "operator",
            "träger",
            "traeger",
            "opérateur",
            "operador",
            "运营",
            "운영자",
            "оператор",
            "mwendeshaji",
            "المشغل",
            "provider",
            "system",
        ],
    ),
];

/// Lower case, `_`, `-`, `.` and `:` as spaces, trimmed.
fn normalise(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if matches!(c, '_' | '-' | '.' | ':') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn by_header(field: &str) -> Option<&'static str> {
    let n = normalise(field);
    HEADERS
        .iter()
        .find(|(_, words)| words.contains(&n.as_str()))
        .map(|(target, _)| *target)
}

fn looks_like(target: &str, value: &str) -> bool {
    let v = value.trim();
    match target {
        "email" => v.contains('@') && !v.contains(' ') && v.contains('.'),
        "website" => v.starts_with("http://") || v.starts_with("https://") || v.starts_with("www."),
        "phone" => {
            let digits = v.chars().filter(char::is_ascii_digit).count();
            digits >= 6
                && v.chars()
                    .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        }
        "opening_hours" => {
            let l = v.to_lowercase();
            (l.contains("am") || l.contains("pm") || l.contains(':'))
                && ["mo", "tu", "we", "th", "fr", "sa", "su", "daily"]
                    .iter()
                    .any(|d| l.contains(d))
        }
        _ => false,
    }
}

/// Guesses for every field of the records read.
pub fn guess_fields(read: &ReadResult) -> Vec<FieldGuess> {
    let mut out = Vec::new();
    let mut taken: Vec<&'static str> = Vec::new();
    for field in read.fields_seen.iter().filter(|f| !f.starts_with('@')) {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut filled = 0;
        for record in &read.records {
            let text = match field_value(&record.fields, field) {
                None | Some(Value::Null) => continue,
                Some(Value::String(s)) => s.trim().to_owned(),
                Some(Value::Object(_)) => continue,
                Some(other) => other.to_string(),
            };
            if text.is_empty() {
                continue;
            }
            filled += 1;
            *counts.entry(text).or_default() += 1;
        }
        if filled == 0
            && read
                .records
                .iter()
                .any(|r| matches!(field_value(&r.fields, field), Some(Value::Object(_))))
        {
            continue; // a nested object: its members are fields of their own
        }
        let mut samples: Vec<(String, usize)> =
            counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
        samples.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // yes/no when at least 4 in 5 of its values say yes or no (a
        // spreadsheet column often has a "maybe" or a typo)
        let yes_no: usize = counts
            .iter()
            .filter(|(v, _)| truthy(v).is_some())
            .map(|(_, n)| n)
            .sum();
        let boolean = filled > 0 && yes_no * 5 >= filled * 4;
        let values: Vec<&str> = counts.keys().map(String::as_str).collect();
        let mut target = by_header(field).map(|t| (t, "header"));
        if target.is_none() && !boolean && !values.is_empty() {
            let numbers: Vec<f64> = values
                .iter()
                .filter_map(|v| crate::parse_coordinate(v))
                .collect();
            let share = |n: usize| n * 10 >= values.len() * 9;
            for t in ["email", "website", "phone", "opening_hours"] {
                if share(values.iter().filter(|v| looks_like(t, v)).count()) {
                    target = Some((t, "values"));
                    break;
                }
            }
            if target.is_none() && share(numbers.len()) && numbers.iter().any(|x| x.fract() != 0.0)
            {
                if numbers.iter().all(|x| x.abs() <= 90.0) && !taken.contains(&"lat") {
                    target = Some(("lat", "values"));
                } else if numbers.iter().all(|x| x.abs() <= 180.0) && !taken.contains(&"lon") {
                    target = Some(("lon", "values"));
                }
            }
        }
        if let Some((t, _)) = target {
            if taken.contains(&t) {
                target = None;
            } else {
                taken.push(t);
            }
        }
        out.push(FieldGuess {
            field: field.clone(),
            filled,
            distinct: samples.len(),
            samples: samples.into_iter().take(200).collect(),
            target: target.map(|t| t.0),
            reason: target.map(|t| t.1),
            boolean,
        });
    }
    out
}

/// Words that mean a schema value, in several languages (compared in
/// lower case, after [`normalise`]).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "library",
        &[
            "bibliothek",
            "bücherei",
            "buecherei",
            "bücherhalle",
            "bibliothèque",
            "bibliotheque",
            "biblioteca",
            "图书馆",
            "도서관",
            "библиотека",
            "maktaba",
            "مكتبة",
            "public library",
            "branch library",
        ],
    ),
    (
        "school",
        &[
            "schule",
            "école",
            "ecole",
            "escuela",
            "escola",
            "学校",
            "학교",
            "школа",
            "shule",
            "مدرسة",
            "primary school",
            "secondary school",
            "grundschule",
            "gymnasium",
            "high school",
            "elementary school",
        ],
    ),
    (
        "kindergarten",
        &[
            "kita",
            "kindergarten",
            "crèche",
            "creche",
            "guardería",
            "guarderia",
            "jardim de infância",
            "幼儿园",
            "유치원",
            "детский сад",
            "chekechea",
            "روضة",
            "preschool",
            "nursery",
            "daycare",
        ],
    ),
    (
        "museum",
        &[
            "musée",
            "musee",
            "museo",
            "museu",
            "博物馆",
            "박물관",
            "музей",
            "makumbusho",
            "متحف",
            "gallery",
        ],
    ),
    (
        "community_centre",
        &[
            "community center",
            "community centre",
            "gemeinschaftshaus",
            "bürgerhaus",
            "centre communautaire",
            "centro comunitario",
            "社区中心",
            "주민센터",
            "общественный центр",
            "kituo cha jamii",
            "مركز مجتمعي",
        ],
    ),
    (
        "adult_education",
        &[
            "vhs",
            "volkshochschule",
            "adult education",
            "éducation des adultes",
            "educación de adultos",
            "educação de adultos",
        ],
    ),
    (
        "university",
        &[
            "universität",
            "université",
            "universidad",
            "universidade",
            "大学",
            "대학교",
            "университет",
            "chuo kikuu",
            "جامعة",
        ],
    ),
    (
        "college",
        &[
            "hochschule",
            "fachhochschule",
            "community college",
            "collège",
            "berufsschule",
            "berufliche schulen",
        ],
    ),
    (
        "makerspace",
        &["hackerspace", "fablab", "fab lab", "maker space"],
    ),
    (
        "digital",
        &[
            "computers",
            "computer",
            "internet",
            "technology",
            "tech",
            "coding",
            "digital hub",
            "dih",
        ],
    ),
    (
        "literacy",
        &[
            "reading",
            "lesen",
            "lecture",
            "lectura",
            "alphabetisation",
            "alfabetización",
            "adult literacy",
        ],
    ),
    (
        "languages",
        &[
            "language",
            "esol",
            "esl",
            "sprachen",
            "langues",
            "idiomas",
            "english classes",
        ],
    ),
    (
        "health",
        &["gesundheit", "santé", "salud", "saúde", "wellness"],
    ),
    (
        "jobs_skills",
        &[
            "jobs",
            "careers",
            "employment",
            "beruf",
            "emploi",
            "empleo",
            "workforce",
        ],
    ),
    (
        "arts_culture",
        &[
            "arts", "art", "culture", "kultur", "kunst", "cultura", "music", "musik",
        ],
    ),
    (
        "early_years",
        &[
            "babies",
            "toddlers",
            "infants",
            "kleinkinder",
            "preschoolers",
            "kids stop",
        ],
    ),
    (
        "children",
        &[
            "kids",
            "kinder",
            "enfants",
            "niños",
            "crianças",
            "children's",
        ],
    ),
    (
        "youth",
        &[
            "teens",
            "teenagers",
            "jugendliche",
            "jeunes",
            "jóvenes",
            "young people",
        ],
    ),
    ("adults", &["erwachsene", "adultes", "adultos"]),
    (
        "seniors",
        &[
            "senioren",
            "older adults",
            "elderly",
            "aînés",
            "mayores",
            "idosos",
        ],
    ),
    (
        "free",
        &[
            "kostenlos",
            "gratis",
            "gratuit",
            "gratuito",
            "no",
            "0",
            "none",
        ],
    ),
    ("paid", &["kostenpflichtig", "payant", "pago", "yes"]),
];

/// The schema value a source value probably means for `target`: the
/// value itself, a synonym in another language, or a close spelling.
pub fn suggest_value(target: &str, value: &str) -> Option<&'static str> {
    let known: &'static [&'static str] = match kind_of(target)? {
        Kind::Vocab(k) | Kind::VocabList(k) => k,
        _ => return None,
    };
    let n = normalise(value);
    if let Some(v) = known.iter().find(|k| normalise(k) == n) {
        return Some(v);
    }
    for (v, words) in SYNONYMS {
        if known.contains(v) && words.iter().any(|w| normalise(w) == n) {
            return known.iter().find(|k| *k == v).copied();
        }
    }
    let underscored = n.replace(' ', "_");
    did_you_mean(&underscored, known).and_then(|s| known.iter().find(|k| **k == s).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_several_languages() {
        assert_eq!(by_header("Breitengrad"), Some("lat"));
        assert_eq!(by_header(" LONGITUDE "), Some("lon"));
        assert_eq!(by_header("Téléphone"), Some("phone"));
        assert_eq!(by_header("E-Mail"), Some("email"));
        assert_eq!(by_header("Öffnungszeiten"), Some("opening_hours"));
        assert_eq!(by_header("地址"), Some("addr:street"));
        assert_eq!(by_header("colour"), None);
    }

    #[test]
    fn values_say_what_they_are() {
        assert!(looks_like("email", "info@example.org"));
        assert!(looks_like("website", "www.example.org"));
        assert!(looks_like("phone", "+49 40 123456"));
        assert!(looks_like("opening_hours", "Mon - Fri: 9 AM - 5 PM"));
        assert!(!looks_like("phone", "12"));
    }

    #[test]
    fn values_are_suggested_across_languages() {
        assert_eq!(suggest_value("place_type", "Bibliothèque"), Some("library"));
        assert_eq!(suggest_value("place_type", "Kita"), Some("kindergarten"));
        assert_eq!(suggest_value("place_type", "libary"), Some("library"));
        assert_eq!(
            suggest_value("learning_areas", "Computers"),
            Some("digital")
        );
        assert_eq!(
            suggest_value("age_groups", "early years"),
            Some("early_years")
        );
        assert_eq!(suggest_value("name", "x"), None);
    }
}
