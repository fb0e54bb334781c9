//! `meta.details` / `meta.errors` of an error envelope, read without building what is not kept.

use serde::Deserialize;
use serde_json::Value;

use crate::error::FieldError;

/// Most field details an error keeps (AfterShip sends a handful; a hostile or broken answer can
/// send hundreds of thousands).
pub(crate) const MAX_DETAILS: usize = 100;

/// A details list read leniently (an array's items, or a lone object or string; anything else is
/// no details) that keeps only the first [`MAX_DETAILS`] entries: the rest are skipped by the
/// parser without building any value, so a 9 MiB list costs one pass and no memory.
#[derive(Default)]
pub(crate) struct Details(pub(crate) Vec<FieldError>);

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DetailsVisitor)
    }
}

struct DetailsVisitor;

impl<'de> serde::de::Visitor<'de> for DetailsVisitor {
    type Value = Details;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of error details")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Details, A::Error> {
        let mut kept = Vec::new();
        while kept.len() < MAX_DETAILS {
            match seq.next_element::<Value>()? {
                Some(item) => kept.push(detail(&item)),
                None => return Ok(Details(kept)),
            }
        }
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Details(kept))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Details, A::Error> {
        let value = Value::Object(Deserialize::deserialize(
            serde::de::value::MapAccessDeserializer::new(map),
        )?);
        Ok(Details(vec![detail(&value)]))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Details, E> {
        Ok(Details(vec![FieldError::new("", text)]))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Details, E> {
        Ok(Details(vec![FieldError::new("", text)]))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Details, E> {
        Ok(Details::default())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Details, E> {
        Ok(Details::default())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Details, E> {
        Ok(Details::default())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Details, E> {
        Ok(Details::default())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Details, E> {
        Ok(Details::default())
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Details, E> {
        Ok(Details::default())
    }
}

/// One detail entry: `{path|field, info|message}` (a path may be a list of segments), or text.
fn detail(value: &Value) -> FieldError {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("."),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    match value {
        Value::Object(map) => FieldError::new(
            text(map.get("path").or_else(|| map.get("field"))),
            text(map.get("info").or_else(|| map.get("message"))),
        ),
        other => FieldError::new("", text(Some(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Vec<FieldError> {
        serde_json::from_str::<Details>(json).unwrap().0
    }

    #[test]
    fn lenient_shapes() {
        assert_eq!(
            read(r#"[{"path":"a","info":"b"}]"#),
            [FieldError::new("a", "b")]
        );
        assert_eq!(
            read(r#"{"field":["a","b"],"message":"m"}"#),
            [FieldError::new("a.b", "m")]
        );
        assert_eq!(read(r#""text""#), [FieldError::new("", "text")]);
        assert!(read("null").is_empty() && read("3").is_empty() && read("true").is_empty());
    }

    #[test]
    fn only_the_first_hundred_are_kept_and_the_rest_is_still_valid_json() {
        let list = format!(
            "[{}]",
            vec![r#"{"path":"p","info":[1,{"x":[]}]}"#; 1000].join(",")
        );
        assert_eq!(read(&list).len(), MAX_DETAILS);
        // The skipped tail is still checked for well-formedness.
        assert!(serde_json::from_str::<Details>(&format!("{}]", &list[..list.len() - 2])).is_err());
    }
}
