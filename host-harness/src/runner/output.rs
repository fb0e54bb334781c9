//! The one place where the harness prints. Every line written to stdout, stderr, a result file or
//! a progress message goes through [`Masker::redact`], so a credential can never leak through a
//! forgotten `println!`. A closed pipe surfaces as an `io::ErrorKind::BrokenPipe` error that the
//! CLI turns into a quiet exit instead of a panic.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use aftership_core::{ConnectorError, HttpRequest, Outcome, Secret, Settings};

use aftership_core::redact::Redactor;

/// What is printed in place of a credential.
pub use aftership_core::redact::MASK;

/// Masks credentials in everything the harness prints: the core's one redaction rule
/// ([`Redactor`]: credential headers by name, every secret value of the settings, raw and
/// JSON-escaped, wherever it appears), behind the interface the runner's output uses.
#[derive(Clone, Debug, Default)]
pub struct Masker {
    redactor: Redactor,
}

impl Masker {
    /// A masker that knows no secret values (header names are still masked).
    pub fn none() -> Self {
        Self::default()
    }

    /// A masker for every credential of these settings.
    pub fn for_settings(settings: &Settings) -> Self {
        Self {
            redactor: Redactor::new(settings),
        }
    }

    /// Adds one more secret value.
    pub fn add(&mut self, secret: &Secret) {
        self.redactor.add_secret(secret.expose());
    }

    /// `text` with every known credential replaced by [`MASK`].
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.redactor.contains_secret(text) {
            Cow::Owned(self.redactor.text(text))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Headers for printing, under the same rule.
    pub fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        self.redactor.headers(headers)
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Human-readable output on stdout (and notes on stderr), masked.
#[derive(Clone, Debug, Default)]
pub struct Out {
    masker: Masker,
}

impl Out {
    /// Output masked by `masker`.
    pub fn new(masker: Masker) -> Self {
        Self { masker }
    }

    /// The masker in use.
    pub fn masker(&self) -> &Masker {
        &self.masker
    }

    /// One line on stdout. A closed pipe is an `io::ErrorKind::BrokenPipe` error.
    pub fn line(&self, text: impl AsRef<str>) -> io::Result<()> {
        let text = self.masker.redact(text.as_ref());
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.write_all(b"\n")?;
        stdout.flush()
    }

    /// Text on stdout as is (no newline added), masked.
    pub fn text(&self, text: &str) -> io::Result<()> {
        let text = self.masker.redact(text);
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()
    }

    /// One line on stderr; a closed stderr is ignored.
    pub fn note(&self, text: impl AsRef<str>) {
        let text = self.masker.redact(text.as_ref());
        let mut stderr = io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes());
        let _ = stderr.write_all(b"\n");
    }

    /// A request: method, URL, headers (credentials masked) and the start of the body.
    pub fn request(&self, request: &HttpRequest, indent: &str) -> io::Result<()> {
        self.line(format!(
            "{indent}{} {}",
            request.method.as_str(),
            request.url
        ))?;
        for (name, value) in self.masker.headers(&request.headers) {
            self.line(format!("{indent}  {name}: {value}"))?;
        }
        if let Some(body) = &request.body {
            self.line(format!("{indent}  body: {}", excerpt(body, 400)))?;
        }
        Ok(())
    }

    /// A parsed success: the data and the next page's input.
    pub fn outcome(&self, outcome: &Outcome, indent: &str) -> io::Result<()> {
        self.line(format!(
            "{indent}=> data ({} bytes): {}",
            outcome.data.len(),
            excerpt(&outcome.data, 200)
        ))?;
        if let Some(next) = &outcome.next_page {
            self.line(format!(
                "{indent}   next page input: {}",
                excerpt(next, 200)
            ))?;
        }
        Ok(())
    }

    /// A typed connector error with its field list.
    pub fn error(&self, error: &ConnectorError, indent: &str) -> io::Result<()> {
        self.line(format!(
            "{indent}=> error [{}] {}",
            error.kind(),
            excerpt(&error.to_string(), 300)
        ))?;
        if let ConnectorError::InvalidSettings(fields) | ConnectorError::InvalidInput(fields) =
            error
        {
            for f in fields {
                self.line(format!("{indent}   {}: {}", f.field, f.message))?;
            }
        }
        Ok(())
    }
}

/// Where JSON Lines go: stdout or a file. Each line is written whole and flushed, so an
/// interruption never leaves half a line behind.
pub struct LineSink {
    masker: Masker,
    target: Target,
    buffer: Vec<u8>,
}

enum Target {
    Stdout,
    File(BufWriter<File>),
}

impl LineSink {
    /// Lines on stdout.
    pub fn stdout(masker: Masker) -> Self {
        Self {
            masker,
            target: Target::Stdout,
            buffer: Vec::new(),
        }
    }

    /// Lines appended to `path` (created when missing); `truncate_to` first cuts the file to that
    /// length (a resumed run drops whatever followed the last saved line).
    pub fn file(masker: Masker, path: &Path, truncate_to: Option<u64>) -> io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        // Never extend: a shorter file than the state remembers is kept as it is.
        let len = truncate_to.unwrap_or(0).min(file.metadata()?.len());
        file.set_len(len)?;
        Ok(Self {
            masker,
            target: Target::File(BufWriter::new(file)),
            buffer: Vec::new(),
        })
    }

    /// Queues one line (masked); [`Self::flush`] writes the queue.
    pub fn push(&mut self, line: &str) {
        self.buffer
            .extend_from_slice(self.masker.redact(line).as_bytes());
        self.buffer.push(b'\n');
    }

    /// Writes every queued line and flushes (whole lines only).
    pub fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        match &mut self.target {
            Target::Stdout => {
                let mut stdout = io::stdout().lock();
                stdout.write_all(&self.buffer)?;
                stdout.flush()?;
            }
            Target::File(file) => {
                file.write_all(&self.buffer)?;
                file.flush()?;
            }
        }
        self.buffer.clear();
        Ok(())
    }

    /// Makes the written lines durable (fsync of the file; nothing for stdout). Call after
    /// [`Self::flush`] and before saving a state that counts these lines.
    pub fn sync(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Stdout => Ok(()),
            Target::File(file) => file.get_ref().sync_data(),
        }
    }

    /// Current length of the output file (None for stdout); call after [`Self::flush`].
    pub fn file_len(&mut self) -> io::Result<Option<u64>> {
        match &mut self.target {
            Target::Stdout => Ok(None),
            Target::File(file) => Ok(Some(file.get_ref().metadata()?.len())),
        }
    }
}

/// True for the error a write to a closed pipe gives.
pub fn is_closed_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_masks_raw_and_json_escaped_secret_values() {
        let mut settings = Settings::new("t", aftership_core::ApiType::Tracking, "key-with\"quote");
        settings.access_token = Some(Secret::new("tok-123456"));
        let masker = Masker::for_settings(&settings);
        let text = format!(
            "a key-with\"quote b {} c tok-123456",
            serde_json::to_string("key-with\"quote").unwrap()
        );
        let masked = masker.redact(&text);
        assert!(!masked.contains("key-with"), "{masked}");
        assert!(!masked.contains("tok-123456"), "{masked}");
        assert_eq!(masked.matches(MASK).count(), 3, "{masked}");
    }

    #[test]
    fn headers_are_masked_by_name_and_by_value() {
        let mut settings = Settings::new("t", aftership_core::ApiType::Tracking, "abcd-secret");
        settings.api_secret = None;
        let masker = Masker::for_settings(&settings);
        let headers = vec![
            ("as-api-key".to_string(), "whatever".to_string()),
            ("x-echo".to_string(), "echo".to_string()),
            ("request-id".to_string(), "echo abcd-secret".to_string()),
            ("content-type".to_string(), "application/json".to_string()),
        ];
        let shown = masker.headers(&headers);
        assert_eq!(shown[0].1, MASK);
        // Not a header known to be credential-free: masked whatever it holds.
        assert_eq!(shown[1].1, MASK);
        // A visible header that carries a secret value is masked too.
        assert_eq!(shown[2].1, MASK);
        assert_eq!(shown[3].1, "application/json");
    }

    #[test]
    fn short_secrets_are_not_searched_in_text() {
        let settings = Settings::new("t", aftership_core::ApiType::Tracking, "ab");
        assert_eq!(Masker::for_settings(&settings).redact("abc"), "abc");
    }
}
