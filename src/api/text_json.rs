//! JSON for server functions, read from text rather than from bytes.
//!
//! server_fn's own `JsonEncoding` reads answers with
//! `serde_json::from_slice`, while the browser reads everything else it
//! gets (realtime frames, island props, its IndexedDB cache) with
//! `from_str`. Each reader is a separate copy of every deserialiser in the
//! WASM; reading server-function answers and errors as text too drops the
//! byte-reader copies. The bytes on the wire are the same JSON.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, decoded from UTF-8 text.
pub struct TextJsonEncoding;

/// Arguments and answers as JSON in the body of a `POST`.
pub type TextJson = Post<TextJsonEncoding>;

impl ContentType for TextJsonEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for TextJsonEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| <serde_json::Error as serde::de::Error>::custom("not UTF-8"))?;
        serde_json::from_str(text)
    }
}
