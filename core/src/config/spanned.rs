//! A config value and where it was written (a byte range of the TOML text), so that validation can
//! point at `line:column`.
//!
//! Read from TOML, the span is real (the `toml` crate fills it through `serde_spanned`); written out
//! with serde, a value keeps its span, and a build with the TOML parser reads it back whole.
//!
//! A build without it (the Workers edge) reads values only: its config was validated at build time,
//! so no span is ever shown there, and reading the plain values (`strip_spans` writes them) takes a
//! fraction of the code that reading spans through `serde_spanned`'s struct does — the Workers bundle
//! is size-budgeted.

use std::ops::Range;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `serde_spanned`'s names for a spanned value in serde's data model. They are private to that
/// crate; `round_trip` tests fail if they ever change.
const NAME: &str = "$__serde_spanned_private_Spanned";
const START_FIELD: &str = "$__serde_spanned_private_start";
const END_FIELD: &str = "$__serde_spanned_private_end";
const VALUE_FIELD: &str = "$__serde_spanned_private_value";

/// Equality and ordering look at the value only.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    /// Where the value was written, in bytes of the config text.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

#[cfg(feature = "toml")]
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_spanned::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned { span: spanned.span(), value: spanned.into_inner() })
    }
}

/// Without the TOML parser: the value alone (see the module's comment), with an empty span.
#[cfg(not(feature = "toml"))]
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Spanned { span: 0..0, value: T::deserialize(deserializer)? })
    }
}

/// Replaces every spanned value of a serialized config by the value itself: what a build without
/// the TOML parser reads.
#[cfg(feature = "toml")]
pub fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.len() == 3 && map.contains_key(START_FIELD) && map.contains_key(END_FIELD) {
                if let Some(mut inner) = map.remove(VALUE_FIELD) {
                    strip_spans(&mut inner);
                    *value = inner;
                }
                return;
            }
            map.values_mut().for_each(strip_spans);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct(NAME, 3)?;
        fields.serialize_field(START_FIELD, &self.span.start)?;
        fields.serialize_field(END_FIELD, &self.span.end)?;
        fields.serialize_field(VALUE_FIELD, &self.value)?;
        fields.end()
    }
}
