//! An `http(s)://` address → the document's bytes, its final address (after
//! redirects) and the charset its HTTP header names. Owns the network: a timeout, a
//! size limit, redirects followed. Knows nothing of what the bytes are.

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt;

/// What a fetch brought.
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The address after redirects.
    pub url: String,
    /// `charset=` of the `Content-Type` header.
    pub charset: Option<String>,
}

/// How long a whole fetch may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a fetch failed, for the editor.
pub enum FetchError {
    /// The server answered with an error status (exit 1: the address is wrong).
    Status(u16),
    /// The document is larger than the limit (its length, when the server said).
    TooLarge(Option<u64>),
    /// No answer: offline, no such host, refused, timed out (exit 2).
    Unreachable(String),
}

/// Fetches `url`, reading at most `limit` bytes.
pub fn fetch(url: &str, limit: u64) -> Result<Fetched, FetchError> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .max_redirects(10)
        .http_status_as_error(false)
        .user_agent(concat!("dossier/", env!("CARGO_PKG_VERSION"), " (import)"))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let response = agent.get(url).call().map_err(unreachable)?;
    let status = response.status().as_u16();
    if status >= 400 {
        return Err(FetchError::Status(status));
    }
    let final_url = response.get_uri().to_string();
    let body = response.body();
    let charset = body.charset().map(str::to_string);
    if let Some(n) = body.content_length().filter(|n| *n > limit) {
        return Err(FetchError::TooLarge(Some(n)));
    }
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FetchError::Unreachable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(FetchError::TooLarge(None));
    }
    Ok(Fetched {
        bytes,
        url: final_url,
        charset,
    })
}

fn unreachable(e: ureq::Error) -> FetchError {
    let why = match &e {
        ureq::Error::HostNotFound => "no such host (or no network)".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed (offline?)".to_string(),
        ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    };
    FetchError::Unreachable(why)
}
