//! What the server learns about an uploaded file while it streams past:
//! size, SHA-256, type (from its bytes first, its name second), whether it
//! is an executable, and its line or page count.
//!
//! Invariant: the type comes from the content where the content says it
//! (infer's magic numbers), so renaming `tool.exe` to `notes.txt` changes
//! nothing; the name only decides for formats without magic numbers.

use sha2::{Digest, Sha256};

/// Bytes kept from the start of the file for type detection.
const HEAD_BYTES: usize = 8192;
/// Longest page marker, kept across chunk boundaries.
const CARRY: usize = 16;

/// Extensions refused whatever the bytes say: programs and scripts that
/// run when opened on a common desktop.
const FORBIDDEN_EXTENSIONS: [&str; 14] = [
    "exe", "dll", "com", "scr", "msi", "msp", "bat", "cmd", "vbs", "vbe", "ps1", "jar", "apk",
    "app",
];

/// The file's facts once fully read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub size: u64,
    pub sha256: String,
    pub content_type: String,
    pub executable: bool,
    pub lines: Option<i64>,
    pub pages: Option<i64>,
}

/// Feeds on chunks as they arrive.
pub struct Inspector {
    name: String,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    newlines: u64,
    last_byte: Option<u8>,
    saw_nul: bool,
    page_markers: u64,
    carry: Vec<u8>,
}

impl Inspector {
    pub fn new(name: &str) -> Inspector {
        Inspector {
            name: name.to_owned(),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::with_capacity(HEAD_BYTES),
            newlines: 0,
            last_byte: None,
            saw_nul: false,
            page_markers: 0,
            carry: Vec::new(),
        }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        if self.head.len() < HEAD_BYTES {
            let room = HEAD_BYTES - self.head.len();
            self.head.extend_from_slice(&chunk[..room.min(chunk.len())]);
        }
        self.newlines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        self.saw_nul |= chunk.contains(&0);
        if let Some(last) = chunk.last() {
            self.last_byte = Some(*last);
        }
        self.count_page_markers(chunk);
    }

    /// Counts `/Type /Page` (not `/Pages`) markers, the objects a PDF has
    /// one of per page; only matches ending in the new chunk are counted.
    fn count_page_markers(&mut self, chunk: &[u8]) {
        let mut window = std::mem::take(&mut self.carry);
        let fresh_from = window.len();
        window.extend_from_slice(chunk);
        for marker in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
            for start in 0..window.len().saturating_sub(marker.len() - 1) {
                let end = start + marker.len();
                if end > fresh_from
                    && window[start..end] == *marker
                    && window.get(end).is_some_and(|next| *next != b's')
                {
                    self.page_markers += 1;
                }
            }
        }
        let keep = window.len().min(CARRY);
        self.carry = window[window.len() - keep..].to_vec();
    }

    pub fn finish(self) -> Inspection {
        let extension = self
            .name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default();
        let detected = infer::get(&self.head);
        let executable = FORBIDDEN_EXTENSIONS.contains(&extension.as_str())
            || detected.is_some_and(|kind| is_program(kind.mime_type()))
            || has_program_magic(&self.head);
        // A full head may end inside a multi-byte character.
        let text_like = !self.saw_nul
            && (std::str::from_utf8(&self.head).is_ok() || self.head.len() == HEAD_BYTES);
        let content_type = match detected {
            Some(kind) => kind.mime_type().to_owned(),
            None => match mime_guess::from_ext(&extension).first() {
                Some(guess) if guess.type_() == mime_guess::mime::TEXT => {
                    format!("{}; charset=utf-8", guess.essence_str())
                }
                Some(guess) => guess.essence_str().to_owned(),
                None if text_like && self.size > 0 => "text/plain; charset=utf-8".to_owned(),
                None => "application/octet-stream".to_owned(),
            },
        };
        let is_text = content_type.starts_with("text/") && !self.saw_nul;
        let lines = is_text.then(|| {
            let trailing = u64::from(self.size > 0 && self.last_byte != Some(b'\n'));
            i64::try_from(self.newlines + trailing).unwrap_or(i64::MAX)
        });
        let pages = (content_type == "application/pdf")
            .then(|| i64::try_from(self.page_markers).unwrap_or(i64::MAX));
        Inspection {
            size: self.size,
            sha256: hex::encode(self.hasher.finalize()),
            content_type,
            executable,
            lines,
            pages,
        }
    }
}

/// Native program headers, checked directly as well: infer needs a full
/// header before it names some of them, and a truncated program is still
/// one nobody should download from here.
fn has_program_magic(head: &[u8]) -> bool {
    const MAGICS: [&[u8]; 6] = [
        b"\x7fELF",
        b"MZ",
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ];
    MAGICS.iter().any(|magic| head.starts_with(magic))
}

fn is_program(mime: &str) -> bool {
    matches!(
        mime,
        "application/vnd.microsoft.portable-executable"
            | "application/x-executable"
            | "application/x-mach-binary"
            | "application/x-msdownload"
            | "application/java-archive"
            | "application/vnd.android.package-archive"
            | "application/x-elf"
            | "application/x-sharedlib"
            | "application/x-coff"
            | "application/x-msi"
    )
}

/// Whether the image crate here can make a thumbnail of this type.
pub fn is_thumbnailable(content_type: &str) -> bool {
    matches!(content_type, "image/png" | "image/jpeg" | "image/webp")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspect(name: &str, chunks: &[&[u8]]) -> Inspection {
        let mut inspector = Inspector::new(name);
        for chunk in chunks {
            inspector.feed(chunk);
        }
        inspector.finish()
    }

    #[test]
    fn text_files_get_a_line_count_and_a_digest() {
        let found = inspect("notes.txt", &[b"one\ntwo\n", b"three"]);
        assert_eq!(found.content_type, "text/plain; charset=utf-8");
        assert_eq!(found.lines, Some(3));
        assert_eq!(found.size, 13);
        assert_eq!(
            found.sha256,
            hex::encode(Sha256::digest(b"one\ntwo\nthree"))
        );
        assert!(!found.executable);
    }

    #[test]
    fn the_bytes_decide_the_type_not_the_name() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(inspect("photo.txt", &[png]).content_type, "image/png");
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
        assert!(inspect("readme.txt", &[elf]).executable);
        let mz = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
        assert!(inspect("cat.jpg", &[mz]).executable);
    }

    #[test]
    fn program_extensions_are_refused_whatever_the_bytes() {
        assert!(inspect("setup.EXE", &[b"hello"]).executable);
        assert!(inspect("run.bat", &[b"echo hi"]).executable);
        assert!(!inspect("solution.rs", &[b"fn main() {}"]).executable);
    }

    #[test]
    fn pdf_pages_are_counted_across_chunk_boundaries() {
        let found = inspect(
            "doc.pdf",
            &[
                b"%PDF-1.7\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >>\n2 0 obj << /Type /Pa",
                b"ge >>\n3 0 obj << /Type/Page >>\n",
            ],
        );
        assert_eq!(found.content_type, "application/pdf");
        assert_eq!(found.pages, Some(2));
        assert_eq!(found.lines, None);
    }

    #[test]
    fn unknown_binary_is_octet_stream_without_counts() {
        let found = inspect("blob", &[b"\0\x01\x02\x03"]);
        assert_eq!(found.content_type, "application/octet-stream");
        assert_eq!((found.lines, found.pages), (None, None));
    }
}
